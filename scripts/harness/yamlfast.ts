// The fast reader: a strict subset of block YAML (mappings, sequences, one-line plain and
// quoted scalars, one-line flow collections, literal and simple folded block scalars), read
// with go-yaml v2 semantics (yaml11.ts) and exact positions. It either returns what the
// careful path (the `yaml` AST, yamlvalue.ts) returns for the document, or declines it by
// returning undefined; anything it does not fully understand is declined, never guessed.
// test/yamlfast.test.ts checks the equivalence on every YAML document of the repository.
import {
  afterValue,
  blank,
  DECLINE,
  decline,
  entry,
  type FastNode,
  type FastWarning,
  Flow,
  keyAt,
  scalar,
} from './yamlfast-lib.ts';

export type { FastNode } from './yamlfast-lib.ts';

class Reader {
  i: number;
  warnings: FastWarning[] = [];
  constructor(
    readonly lines: string[],
    start: number,
    readonly end: number,
    /** Whether to keep each node's position (`entries`, `items`); without, only values are built. */
    readonly positions: boolean,
  ) {
    this.i = start;
  }
  indent(line: string): number {
    let n = 0;
    while (line.charCodeAt(n) === 32) n++;
    if (line.charCodeAt(n) === 9) decline();
    return n;
  }
  /** Moves to the next line with content; returns its indentation, or -1 at the end. */
  next(): number {
    while (this.i < this.end) {
      const line = this.lines[this.i] as string;
      if (!blank(line, 0)) return this.indent(line);
      this.i++;
    }
    return -1;
  }
  block(min: number): FastNode {
    const ind = this.next();
    if (ind < min) return decline();
    const line = this.lines[this.i] as string;
    return entry(line, ind) ? this.seq(ind) : this.map(ind, false);
  }
  seq(col: number): FastNode {
    const node: FastNode = { line: this.i, col, value: [], items: this.positions ? [] : undefined };
    while (this.next() === col) {
      const line = this.lines[this.i] as string;
      if (!entry(line, col)) break;
      let p = col + 1;
      while (line[p] === ' ') p++;
      let item: FastNode;
      if (blank(line, p)) {
        this.i++;
        item = this.block(col + 1);
      } else if (entry(line, p)) return decline();
      else if (keyAt(line, p)) item = this.map(p, true);
      else item = this.inline(line, p, col);
      node.items?.push(item);
      (node.value as unknown[]).push(item.value);
    }
    return node;
  }
  map(col: number, compact: boolean): FastNode {
    const node: FastNode = { line: this.i, col, value: {}, entries: this.positions ? [] : undefined };
    const value = node.value as Record<string, unknown>;
    for (let first = compact; ; first = false) {
      if (!first) {
        const ind = this.next();
        if (ind < col) break;
        if (ind > col) decline();
      }
      const line = this.lines[this.i] as string;
      if (entry(line, col)) break;
      const key = keyAt(line, col) ?? decline();
      const keyLine = this.i;
      if (Object.hasOwn(value, key.key) || key.key === '__proto__') decline();
      let p = key.end + 1;
      while (line[p] === ' ') p++;
      let child: FastNode;
      if (blank(line, p)) {
        this.i++;
        const ind = this.next();
        const at = this.lines[this.i] ?? '';
        if (ind === col && entry(at, col)) child = this.seq(col);
        else child = this.block(col + 1);
      } else child = this.inline(line, p, col);
      node.entries?.push({ key: key.key, line: keyLine, col, node: child });
      value[key.key] = child.value;
    }
    return node;
  }
  /** A value that starts on this line after a key or `- `; `parent` is that key's column. */
  inline(line: string, p: number, parent: number): FastNode {
    const at = this.i;
    const c = line[p] as string;
    let node: FastNode;
    if (c === '|' || c === '>') return this.blockScalar(line, p, parent);
    if (c === '[' || c === '{') {
      const f = new Flow(line, p, at, this.warnings);
      node = f.value();
      if (!afterValue(line, f.p)) decline();
    } else node = scalar(line, p, at, this.warnings, false).node;
    this.i++;
    if (this.next() > parent) decline();
    return node;
  }
  blockScalar(line: string, p: number, parent: number): FastNode {
    const head = /^([|>])([-+]?)(?:\s+#.*|\s*)$/.exec(line.slice(p)) ?? decline();
    const at = this.i;
    const body: string[] = [];
    let m = -1;
    for (this.i++; this.i < this.end; this.i++) {
      const l = this.lines[this.i] as string;
      if (/^ *$/.test(l)) {
        if (m < 0 ? l.length > 0 : l.length > m) decline();
        body.push('');
        continue;
      }
      const ind = this.indent(l);
      if (m < 0) {
        if (ind <= parent) decline();
        m = ind;
      }
      if (ind < m) break;
      body.push(l.slice(m));
    }
    if (m < 0) decline();
    let trail = 0;
    while (body.length > 0 && body[body.length - 1] === '') {
      body.pop();
      trail++;
    }
    let text: string;
    if (head[1] === '|') text = body.join('\n');
    else if (body.every((l) => l !== '' && !l.startsWith(' '))) text = body.join(' ');
    else return decline();
    const chomp = head[2];
    text += chomp === '-' ? '' : chomp === '+' ? `\n${'\n'.repeat(trail)}` : '\n';
    if (this.next() > parent) decline();
    return { line: at, col: p, value: text };
  }
}

/**
 * Reads lines [start, end) as one document, or declines (undefined). Without `positions` the
 * nodes hold no `entries` or `items` (only the root's value is worth keeping): the same text
 * read again with positions gives the same value and warnings, and the positions.
 */
export function readFast(
  lines: string[],
  start: number,
  end: number,
  positions = true,
): { root: FastNode; warnings: FastWarning[] } | undefined {
  const r = new Reader(lines, start, end, positions);
  try {
    const root = r.block(0);
    if (r.next() >= 0) return undefined;
    return { root, warnings: r.warnings };
  } catch (err) {
    if (err === DECLINE) return undefined;
    throw err;
  }
}
