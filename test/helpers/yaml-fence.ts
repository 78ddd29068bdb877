import type { Snippet } from '../../scripts/harness/types.ts';

/** A yaml fence whose first YAML line is line 20 of docs/p.md, indented by 4 (inside a list). */
export const yamlFence = (text: string, over: Partial<Snippet> = {}): Snippet => ({
  file: 'docs/p.md',
  line: 20,
  indent: 4,
  lang: 'yaml',
  meta: {},
  text,
  origin: 'fence',
  ...over,
});
