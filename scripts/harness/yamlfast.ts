// The fast reader: a strict subset of block YAML (mappings, sequences, one-line plain and
// quoted scalars, one-line flow collections, literal and simple folded block scalars), read
// with go-yaml v2 semantics (yaml11.ts) and exact positions. It either returns what the
// careful path (the `yaml` AST, yamlvalue.ts) returns for the document, or declines it by
// returning undefined; anything it does not fully understand is declined, never guessed.
// test/yamlfast.test.ts checks the equivalence on every YAML document of the repository.
import { ambiguity, decodeDoubleQuoted, keyString, resolvePlain } from './yaml11.ts';

export interface FastNode {
  line: number;
  col: number;
  value: unknown;
  entries?: { key: string; line: number; col: number; node: FastNode }[];
  items?: FastNode[];
}
export interface FastWarning {
  line: number;
  col: number;
  message: string;
}

const DECLINE = new Error('declined');
const decline = (): never => {
  throw DECLINE;
};
const CONTENT_END = /^\s*(?:#.*)?$/;

class Reader {
  i: number;
  warnings: FastWarning[] = [];
  constructor(
    readonly lines: string[],
    start: number,
    readonly end: number,
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
      if (!CONTENT_END.test(line)) return this.indent(line);
      this.i++;
    }
    return -1;
  }
  block(min: number): FastNode {
    const ind = this.next();
    if (ind < min) return decline();
    const line = this.lines[this.i] as string;
    return /^-( |$)/.test(line.slice(ind)) ? this.seq(ind) : this.map(ind, false);
  }
  seq(col: number): FastNode {
    const node: FastNode = { line: this.i, col, value: [], items: [] };
    while (this.next() === col) {
      const line = this.lines[this.i] as string;
      if (!/^-( |$)/.test(line.slice(col))) break;
      let p = col + 1;
      while (line[p] === ' ') p++;
      let item: FastNode;
      if (CONTENT_END.test(line.slice(p))) {
        this.i++;
        item = this.block(col + 1);
      } else if (/^-( |$)/.test(line.slice(p))) return decline();
      else if (keyAt(line, p)) item = this.map(p, true);
      else item = this.inline(line, p, col);
      node.items?.push(item);
      (node.value as unknown[]).push(item.value);
    }
    return node;
  }
  map(col: number, compact: boolean): FastNode {
    const node: FastNode = { line: this.i, col, value: {}, entries: [] };
    const value = node.value as Record<string, unknown>;
    for (let first = compact; ; first = false) {
      if (!first) {
        const ind = this.next();
        if (ind < col) break;
        if (ind > col) decline();
      }
      const line = this.lines[this.i] as string;
      if (/^-( |$)/.test(line.slice(col))) break;
      const key = keyAt(line, col) ?? decline();
      const keyLine = this.i;
      if (Object.hasOwn(value, key.key) || key.key === '__proto__') decline();
      let p = key.end + 1;
      while (line[p] === ' ') p++;
      let child: FastNode;
      if (CONTENT_END.test(line.slice(p))) {
        this.i++;
        const ind = this.next();
        const at = this.lines[this.i] ?? '';
        if (ind === col && /^-( |$)/.test(at.slice(col))) child = this.seq(col);
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
      if (!CONTENT_END.test(line.slice(f.p)) || !/^(\s|$)/.test(line.slice(f.p))) decline();
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

const KEY = /^([^\s\-?:,[\]{}#&*!|>'"%@`][^#]*?|-[^\s#][^#]*?) *:(?: |$)/;

/** A plain or quoted key at column p, with the column of its colon. */
function keyAt(line: string, p: number): { key: string; end: number } | undefined {
  const c = line[p];
  if (c === '"' || c === "'") {
    const s = quoted(line, p);
    if (!s || line[s.end] !== ':' || !/^( |$)/.test(line.slice(s.end + 1))) return undefined;
    return { key: s.value, end: s.end };
  }
  const m = KEY.exec(line.slice(p));
  if (!m) return undefined;
  const text = (m[1] as string).trimEnd();
  if (/: |\t/.test(text)) return undefined;
  const r = resolvePlain(text);
  if (r.kind !== 'str') return undefined;
  return { key: keyString(r), end: p + (m[0] as string).trimEnd().length - 1 };
}

function quoted(line: string, p: number): { value: string; end: number } | undefined {
  const q = line[p];
  let i = p + 1;
  for (; i < line.length; i++) {
    if (q === '"' && line[i] === '\\') i++;
    else if (line[i] === q) {
      if (q === "'" && line[i + 1] === "'") i++;
      else break;
    }
  }
  if (i >= line.length) return undefined;
  const inner = line.slice(p + 1, i);
  const value = q === '"' ? decodeDoubleQuoted(inner) : inner.replace(/''/g, "'");
  return value === undefined ? undefined : { value, end: i + 1 };
}

/** A one-line scalar at column p: quoted, or plain up to a comment (or a flow indicator in flow). */
function scalar(line: string, p: number, at: number, warnings: FastWarning[], flow: boolean) {
  const c = line[p] as string;
  if (c === '"' || c === "'") {
    const s = quoted(line, p) ?? decline();
    if (!flow && !CONTENT_END.test(line.slice(s.end))) decline();
    if (!flow && !/^(\s|$)/.test(line.slice(s.end))) decline();
    return { node: { line: at, col: p, value: s.value }, end: s.end };
  }
  if (/[\s\-?:,[\]{}#&*!|>%@`]/.test(c) && !/^[-?:][^\s,[\]{}]/.test(line.slice(p))) decline();
  const stop = flow ? /\s#|: |:$|[,[\]{}]/ : /\s#|: |:$/;
  const rest = line.slice(p);
  const m = stop.exec(rest);
  if (m && !flow && m[0] !== ' #' && !/^\s#/.test(m[0])) decline();
  const text = (m ? rest.slice(0, m.index) : rest).trimEnd();
  if (text === '' || text.includes('\t')) decline();
  const r = resolvePlain(text);
  const warn = ambiguity(text, r);
  if (warn) warnings.push({ line: at, col: p, message: warn });
  const value = typeof r.value === 'bigint' ? Number(r.value) : r.value;
  return { node: { line: at, col: p, value }, end: p + text.length };
}

class Flow {
  constructor(
    readonly line: string,
    public p: number,
    readonly at: number,
    readonly warnings: FastWarning[],
  ) {}
  skip(): void {
    while (this.line[this.p] === ' ') this.p++;
  }
  value(): FastNode {
    this.skip();
    const c = this.line[this.p];
    const col = this.p;
    if (c === '[' || c === '{') {
      const close = c === '[' ? ']' : '}';
      const node: FastNode = { line: this.at, col, value: c === '[' ? [] : {}, items: [], entries: [] };
      this.p++;
      this.skip();
      if (this.line[this.p] === close) {
        this.p++;
        return node;
      }
      for (;;) {
        if (c === '[') {
          const item = this.value();
          node.items?.push(item);
          (node.value as unknown[]).push(item.value);
        } else {
          this.skip();
          const kcol = this.p;
          const k = scalar(this.line, this.p, this.at, [], true);
          if (typeof k.node.value !== 'string' || this.line.slice(k.end, k.end + 2) !== ': ') decline();
          const key = k.node.value as string;
          const obj = node.value as Record<string, unknown>;
          if (Object.hasOwn(obj, key) || key === '__proto__') decline();
          this.p = k.end + 2;
          const v = this.value();
          node.entries?.push({ key, line: this.at, col: kcol, node: v });
          obj[key] = v.value;
        }
        this.skip();
        const d = this.line[this.p];
        this.p++;
        if (d === close) return node;
        if (d !== ',') decline();
        this.skip();
        if (this.line[this.p] === close) decline();
      }
    }
    const s = scalar(this.line, this.p, this.at, this.warnings, true);
    this.p = s.end;
    return s.node;
  }
}

/** Reads lines [start, end) as one document, or declines (undefined). */
export function readFast(
  lines: string[],
  start: number,
  end: number,
): { root: FastNode; warnings: FastWarning[] } | undefined {
  const r = new Reader(lines, start, end);
  try {
    const root = r.block(0);
    if (r.next() >= 0) return undefined;
    return { root, warnings: r.warnings };
  } catch (err) {
    if (err === DECLINE) return undefined;
    throw err;
  }
}
