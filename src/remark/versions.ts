// A remark plugin that writes the versions of docs/versions.json into prose and inline code:
// `%%version(cert-manager)%%` becomes 1.21.2. Code blocks keep literal versions, because the
// examples harness validates exactly the text a reader copies; test/versions.test.ts holds
// those literals to the data file. A placeholder in a code block, or one naming an unknown
// tool, fails the build with the file and line.
import path from 'node:path';
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import versions from '../../docs/versions.json' with { type: 'json' };
import { PLACEHOLDER, substituteVersions } from '../../scripts/versions/substitute.ts';

/** One placeholder, without the global flag's lastIndex state. */
const ONE = new RegExp(PLACEHOLDER.source);

interface SourceFile {
  path?: string;
  cwd: string;
}

interface Literal {
  type: string;
  value: string;
  position?: { start: { line: number } };
}

/** Substitutes in place; returns the messages for placeholders it must refuse. Pure over the tree. */
export function substituteTree(tree: Root): string[] {
  const problems: string[] = [];
  visit(tree, (node) => {
    const literal = node as unknown as Literal;
    const found = typeof literal.value === 'string' ? ONE.exec(literal.value) : null;
    if (!found) return;
    const line = literal.position?.start.line ?? 0;
    if (literal.type === 'code') {
      problems.push(
        `${line}: a code block holds ${found[0]}; ` +
          'write the version from docs/versions.json literally (the harness checks code as written)',
      );
      return;
    }
    if (literal.type !== 'text' && literal.type !== 'inlineCode') return;
    try {
      literal.value = substituteVersions(literal.value, versions);
    } catch (error) {
      problems.push(`${line}: ${(error as Error).message}`);
    }
  });
  return problems;
}

export default function remarkVersions() {
  return (tree: Root, file: SourceFile): void => {
    const problems = substituteTree(tree);
    if (problems.length === 0) return;
    const name = file.path ? path.relative(file.cwd, file.path) : '(unknown file)';
    throw new Error(problems.map((p) => `Error: ${name}:${p}`).join('\n'));
  };
}
