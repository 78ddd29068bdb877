// The fenced code blocks of a Markdown/MDX page, and the two copy-safety rules of
// issue 11 item 5: shell blocks hold commands only (expected output goes in a
// separate block), and every chart values block is titled with its file name.
// Line-based on purpose: it reads fences the way a reader sees them.

export interface Fence {
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  meta: string;
  body: string[];
}

export interface FenceProblem {
  line: number;
  message: string;
}

const SHELL = new Set(['bash', 'sh', 'shell', 'console', 'zsh']);

export function fences(text: string): Fence[] {
  const lines = text.split('\n');
  const found: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*(`{3,}|~{3,})\s*([\w+-]*)\s*(.*)$/.exec(lines[i] ?? '');
    if (!open) continue;
    const marker = open[1] ?? '```';
    let end = i + 1;
    while (end < lines.length && !new RegExp(`^\\s*${marker}${marker[0]}*\\s*$`).test(lines[end] ?? '')) end++;
    found.push({ line: i + 1, lang: open[2] ?? '', meta: open[3] ?? '', body: lines.slice(i + 1, end) });
    i = end;
  }
  return found;
}

export function metaTitle(meta: string): string | undefined {
  const m = /(?:^|\s)title=(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(meta);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

type State = 'command' | 'continued' | 'comment' | 'output' | 'blank';

const isComment = (s: string) => s.startsWith('#') && !s.startsWith('#!');

/** Lines of a shell block that a copy button would copy but that are not commands. */
export function shellProblems(fence: Fence): FenceProblem[] {
  if (!SHELL.has(fence.lang)) return [];
  // A script shown as a file (`#!/usr/bin/env bash`) is copied as a whole, comments and all.
  if ((fence.body[0] ?? '').trim().startsWith('#!')) return [];
  const problems: FenceProblem[] = [];
  const at = (index: number) => fence.line + 1 + index;
  let previous: State = 'blank';
  let heredoc: string | undefined;
  let group = 0; // first line of the current run of comments
  fence.body.forEach((raw, index) => {
    const s = raw.trim();
    if (heredoc !== undefined) {
      if (s === heredoc) {
        heredoc = undefined;
        previous = 'command';
      }
      return;
    }
    if (isComment(s)) {
      if (previous === 'command')
        problems.push({
          line: at(index),
          message:
            'looks like output of the command above; put expected output in its own block ' +
            '(```text title="Output") so that the copy button copies commands only',
        });
      if (previous === 'blank' || previous === 'continued') group = index;
      previous = previous === 'command' || previous === 'output' ? 'output' : 'comment';
      return;
    }
    if (s === '' && previous === 'comment')
      problems.push({ line: at(group), message: 'a comment that leads to no command: is it output? Move it out' });
    if (s.startsWith('$ '))
      problems.push({ line: at(index), message: 'a "$ " prompt is copied with the command; drop the prompt' });
    const here = /<<-?\s*['"]?(\w+)['"]?/.exec(s);
    if (here) heredoc = here[1];
    previous = s === '' ? 'blank' : s.endsWith('\\') ? 'continued' : 'command';
  });
  // (The callback above reassigns `previous`; TypeScript cannot see that.)
  if ((previous as State) === 'comment')
    problems.push({ line: at(group), message: 'the block ends with a comment: is it output? Move it out' });
  return problems;
}

/** A block of chart values (as the harness classifies it) must say which file it belongs in. */
export function valuesTitleProblems(fence: Fence): FenceProblem[] {
  if (fence.lang !== 'yaml' && fence.lang !== 'yml') return [];
  const title = metaTitle(fence.meta);
  const isValues = /(?:^|\s)values(?:\s|$)/.test(fence.meta) || (title !== undefined && /values\.ya?ml$/i.test(title));
  if (!isValues || (title && /\.ya?ml$/.test(title))) return [];
  return [
    {
      line: fence.line,
      message: 'a chart values block without a file name: add title="values.yaml" (or values-<scenario>.yaml)',
    },
  ];
}

/** `<CodeBlock>` elements (examples shown from files) must carry a title too. */
export function untitledCodeBlocks(text: string): FenceProblem[] {
  const problems: FenceProblem[] = [];
  text.split('\n').forEach((line, index) => {
    for (const tag of line.matchAll(/<CodeBlock\b[^>]*>/g))
      if (!/\stitle=/.test(tag[0]))
        problems.push({ line: index + 1, message: '<CodeBlock> without a title naming the file it shows' });
  });
  return problems;
}

export function pageProblems(text: string): FenceProblem[] {
  const all = fences(text).flatMap((f) => [...shellProblems(f), ...valuesTitleProblems(f)]);
  return [...all, ...untitledCodeBlocks(text)].sort((a, b) => a.line - b.line);
}
