// chart/README.md: the generated values table matches values.yaml, the
// Quickstart anchor the site links to exists, and every YAML fence says what it is.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { END, escapeCell, expectedReadme, parseValuesDocs, START, updateReadme } from '../../scripts/chart-readme';
import { CHART_DIR } from './render';

describe('chart/README.md', () => {
  it('should have the values table of the current values.yaml (npx tsx scripts/chart-readme.ts --write)', async () => {
    const { current, expected } = await expectedReadme();
    expect(current).toBe(expected);
  });

  it('should keep the "## Quickstart" heading the site links to (#quickstart)', async () => {
    const readme = await readFile(path.join(CHART_DIR, 'README.md'), 'utf8');
    expect(readme).toMatch(/^## Quickstart$/m);
    expect(readme).toContain('helm install ghostwire ./chart');
    expect(readme).toContain('port-forward service/ghostwire 6901:6901');
  });

  it('should mark every YAML fence as chart values or skip it with a reason', async () => {
    const readme = await readFile(path.join(CHART_DIR, 'README.md'), 'utf8');
    const fences = [...readme.matchAll(/^ *```(ya?ml)([^\n]*)$/gm)].map((m) => (m[2] ?? '').trim());
    expect(fences.length).toBeGreaterThan(0);
    for (const meta of fences)
      expect(meta).toMatch(/^(values\b|validate=false reason="[^"]+"|title="[^"]*values\.yaml")/);
  });

  it('should contain no raw HTML besides the table markers', async () => {
    const readme = await readFile(path.join(CHART_DIR, 'README.md'), 'utf8');
    const outsideCode = readme.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
    const tags = outsideCode.match(/<[^>\n]+>/g) ?? [];
    expect(tags.filter((t) => t !== START && t !== END)).toEqual([]);
  });
});

describe('scripts/chart-readme.ts', () => {
  it.each([
    ['a <fullname> placeholder', 'a &lt;fullname&gt; placeholder'],
    ['braces {like this}', 'braces \\{like this\\}'],
    ['a | pipe', 'a \\| pipe'],
    ['code `{"a": 1} | x` stays', 'code `{"a": 1} \\| x` stays'],
    ['app.kubernetes.io/* and ~/.vnc', 'app.kubernetes.io/\\* and \\~/.vnc'],
  ])('should escape %j for an MDX table cell', (input, output) => {
    expect(escapeCell(input)).toBe(output);
  });

  it('should read prose and examples from the comment above each key, including the first key of a nested map', () => {
    const docs = parseValuesDocs(
      [
        '# File header.',
        '',
        '# Top prose.',
        '# Example: top: 2',
        'top: 1',
        '# Parent prose.',
        'parent:',
        '  # First child prose.',
        '  # Example:',
        '  #   first:',
        '  #     - a',
        '  first: []',
        '',
      ].join('\n'),
    );
    expect(docs.map((d) => [d.key, d.description, d.example])).toEqual([
      ['top', 'Top prose.', 'top: 2'],
      ['parent', 'Parent prose.', undefined],
      ['parent.first', 'First child prose.', 'first:\n  - a'],
    ]);
  });

  it('should refuse a README without the markers', () => {
    expect(() => updateReadme('# no markers\n', '| table |')).toThrow(/values:start/);
  });
});
