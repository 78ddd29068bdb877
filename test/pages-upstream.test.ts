// Issue 14, item 3: every tool tab on the layer pages names the upstream page or source
// file it follows, in one form: an "**Upstream reference:**" line with exactly one https
// link, inside the tab itself (a nested tab's reference does not count for its parent);
// and the ingress page leads with Gateway API, keeping the retired ingress-nginx last.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const LAYERS = ['ingress', 'tls', 'auth', 'network', 'monitoring', 'backup', 'service-mesh', 'gitops', 'security'];
const read = (f: string) => readFileSync(f, 'utf8');

const REF = /^\*\*Upstream reference:\*\*/;
const LINK = /\[[^\]]+\]\(([^)\s]+)\)/g;

/** Problems with the upstream references of the tabs in one page, each with its line. */
function upstreamProblems(text: string): string[] {
  const lines = text.split('\n');
  const stack: { value: string; line: number; found: boolean }[] = [];
  const problems: string[] = [];
  let fence = false;
  lines.forEach((line, i) => {
    if (line.startsWith('```')) fence = !fence;
    if (fence) return;
    const open = /^<TabItem value="([^"]+)"/.exec(line);
    if (open) stack.push({ value: open[1] ?? '', line: i + 1, found: false });
    if (REF.test(line)) {
      const top = stack.at(-1);
      if (top) top.found = true;
      // The link may follow on the next line; the reference ends at the blank line.
      const end = lines.indexOf('', i);
      const paragraph = lines.slice(i, end < 0 ? undefined : end).join(' ');
      const links = [...paragraph.matchAll(LINK)].map((m) => m[1] ?? '');
      if (links.length !== 1) problems.push(`${i + 1}: ${links.length} links in the upstream reference, not 1`);
      for (const link of links) if (!link.startsWith('https://')) problems.push(`${i + 1}: ${link} is not https`);
    }
    if (line.startsWith('</TabItem>')) {
      const tab = stack.pop();
      if (tab && !tab.found) problems.push(`${tab.line}: tab "${tab.value}" names no upstream reference`);
    }
  });
  return problems;
}

describe('upstreamProblems', () => {
  const found = upstreamProblems(read('test/fixtures/upstream-reference-missing/page.mdx'));

  it('finds a tab without a reference, and a parent tab that leans on its nested tab', () => {
    expect(found).toContain('12: tab "missing" names no upstream reference');
    expect(found).toContain('17: tab "outer" names no upstream reference');
  });

  it('refuses two links in one reference and a link that is not https', () => {
    expect(found).toContain('32: 2 links in the upstream reference, not 1');
    expect(found).toContain('37: http://example.org/old/ is not https');
    expect(found).toHaveLength(4);
  });
});

describe('the layer pages', () => {
  it.each(LAYERS)('%s: every tool tab names its upstream reference', (layer) => {
    expect(upstreamProblems(read(`docs/integration-patterns/${layer}.mdx`))).toEqual([]);
  });

  it('ingress: Gateway API is the default tab, and the retired ingress-nginx comes last, labelled', () => {
    const tabs = [
      ...read('docs/integration-patterns/ingress.mdx').matchAll(/^<TabItem value="([^"]+)" label="([^"]+)"(.*)>$/gm),
    ];
    expect(tabs[0]?.[1]).toBe('gateway-api');
    expect(tabs[0]?.[3]).toContain('default');
    expect(tabs.at(-1)?.[1]).toBe('ingress-nginx');
    expect(tabs.at(-1)?.[2]).toMatch(/retired/);
    expect(tabs.filter((t) => t[3]?.includes('default'))).toHaveLength(1);
  });

  it('the hub and the home page name Gateway API before ingress-nginx', () => {
    for (const file of ['docs/integration-patterns.mdx', 'docs/index.md', 'docs/infrastructure-layer-options.mdx']) {
      const text = read(file);
      expect(text.indexOf('Gateway API'), file).toBeGreaterThan(-1);
      expect(text.indexOf('Gateway API'), file).toBeLessThan(text.indexOf('ingress-nginx'));
    }
  });
});
