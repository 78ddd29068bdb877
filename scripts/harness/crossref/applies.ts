// Whether a unit is Ghostwire material. The cross-checks relate an example to the Ghostwire
// chart (its Service, labels, Secrets); on other YAML (a folder of upstream Kubernetes examples,
// another validator's fixtures) they would judge objects against a chart they never meant, so
// such a unit is validated against its schemas only, and the report says so. Pure.
import type { Unit } from '../collect.ts';

type Judged = Pick<Unit, 'id' | 'context' | 'items' | 'fences' | 'shows'>;

/**
 * A unit is about Ghostwire when it declares a context (front matter `ghostwire:` or a
 * `.ghostwire.yaml`), holds chart values, or mentions the release name in its YAML or its
 * documented commands (comments do not count).
 */
function mentionsGhostwire(u: Judged): boolean {
  if (u.context.source !== 'defaults') return true;
  const name = u.context.release.toLowerCase();
  const says = (text: string) => text.toLowerCase().includes(name);
  // What the YAML says, not its comments; commands without their comment lines.
  const objects = (c: Judged['items'][number]) => c.documents.some((d) => says(JSON.stringify(d.object)));
  const command = (text: string) => says(text.replace(/^\s*#.*$/gm, ''));
  return u.items.some((c) => c.kind === 'values' || objects(c)) || u.fences.some((f) => command(f.text));
}

/**
 * The ids of the units about Ghostwire: those that mention it, the example folders their pages show,
 * and the pages that show such a folder.
 */
export function ghostwireUnits(units: Iterable<Judged>): Set<string> {
  const all = [...units];
  const about = new Set(all.filter(mentionsGhostwire).map((u) => u.id));
  for (const u of all) if (about.has(u.id)) for (const shown of u.shows) about.add(shown);
  // A page that shows a Ghostwire example folder is part of that example's story, even when
  // its own text (a few commands beside the imported files) never names the release.
  for (const u of all) if (u.shows.some((s) => about.has(s))) about.add(u.id);
  return about;
}

/** The report's line for a unit the cross-checks leave alone. */
export function notAboutGhostwire(u: Pick<Unit, 'context'>): { reason: string } {
  return {
    reason:
      `no cross-checks against the chart: nothing here mentions "${u.context.release}", sets chart values or ` +
      'declares a context (.ghostwire.yaml or ghostwire: front matter), so it is checked against its schemas only',
  };
}
