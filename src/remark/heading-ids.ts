// A remark plugin that fails the build when two headings of one page get the same id.
// Docusaurus makes automatic ids unique, but an explicit `{#id}` can repeat another
// explicit id or collide with an automatic one; the table of contents, the links and
// the search index then all lead to the first heading only.
// Registered after Docusaurus's own plugins, so `data.id` holds the id it assigned.
import path from 'node:path';
import type { Heading, Root } from 'mdast';
import { visit } from 'unist-util-visit';

export interface HeadingId {
  id: string;
  line: number;
  text: string;
}

export interface DuplicateId {
  id: string;
  first: HeadingId;
  again: HeadingId;
}

/** Every heading after the first that repeats an id. Pure. */
export function duplicateHeadingIds(headings: readonly HeadingId[]): DuplicateId[] {
  const first = new Map<string, HeadingId>();
  const duplicates: DuplicateId[] = [];
  for (const heading of headings) {
    const earlier = first.get(heading.id);
    if (earlier) duplicates.push({ id: heading.id, first: earlier, again: heading });
    else first.set(heading.id, heading);
  }
  return duplicates;
}

/** One line per duplicate, with the file and both lines, and what to do. */
export function describeDuplicates(file: string, duplicates: readonly DuplicateId[]): string {
  const lines = duplicates.map(
    ({ id, first, again }) =>
      `Error: ${file}:${again.line}: the heading "${again.text}" has the id "${id}", ` +
      `like "${first.text}" on line ${first.line}.`,
  );
  return [
    `Duplicate heading ids failed the build (${duplicates.length} in ${file}):`,
    ...lines,
    'Give one heading of each pair an explicit id ({#some-id}) or a distinct title.',
  ].join('\n');
}

/** The file a remark plugin is given (only what this plugin reads). */
interface SourceFile {
  path?: string;
  cwd: string;
}

/** The visible text of a node: its text and inline code, children in order. */
function headingText(node: unknown): string {
  if (typeof node !== 'object' || node === null) return '';
  const { value, children } = node as { value?: unknown; children?: unknown };
  if (typeof value === 'string') return value;
  return Array.isArray(children) ? children.map(headingText).join('') : '';
}

function idOf(node: Heading): string | undefined {
  const data = node.data as { id?: unknown; hProperties?: { id?: unknown } } | undefined;
  const id = data?.id ?? data?.hProperties?.id;
  return typeof id === 'string' ? id : undefined;
}

/** The headings of a tree, with the ids an earlier plugin assigned. */
export function headingIds(tree: Root): HeadingId[] {
  const found: HeadingId[] = [];
  visit(tree, 'heading', (node: Heading) => {
    const id = idOf(node);
    if (id) found.push({ id, line: node.position?.start.line ?? 0, text: headingText(node) });
  });
  return found;
}

export default function remarkUniqueHeadingIds() {
  return (tree: Root, file: SourceFile): void => {
    const duplicates = duplicateHeadingIds(headingIds(tree));
    if (duplicates.length === 0) return;
    const where = file.path ? path.relative(file.cwd, file.path) : '(unnamed file)';
    throw new Error(describeDuplicates(where, duplicates));
  };
}
