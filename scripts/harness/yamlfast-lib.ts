// Pieces of the fast reader (yamlfast.ts): line tests, keys, one-line scalars and one-line
// flow collections, with go-yaml v2 semantics (yaml11.ts). Internal. Pure.
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

export const DECLINE = new Error('declined');
export const decline = (): never => {
  throw DECLINE;
};
/** Whether the line holds nothing but spaces (and a comment) from p on. */
export function blank(line: string, p: number): boolean {
  for (let i = p; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 35) return i === 0 || i === p || line.charCodeAt(i - 1) === 32 || line.charCodeAt(i - 1) === 9;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}
/** A `- ` (or a lone `-`) sequence entry at column p. */
export const entry = (line: string, p: number) =>
  line.charCodeAt(p) === 45 && (p + 1 === line.length || line.charCodeAt(p + 1) === 32);

const FLOW_OR_SPACE = new Set([...' \t,[]{}'].map((c) => c.charCodeAt(0)));
const INDICATOR = new Set([...' \t-?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));

/** A plain or quoted key at column p, with the column of its colon. */
export function keyAt(line: string, p: number): { key: string; end: number } | undefined {
  const c = line[p];
  if (c === '"' || c === "'") {
    const s = quoted(line, p);
    if (!s || line[s.end] !== ':' || !/^( |$)/.test(line.slice(s.end + 1))) return undefined;
    return { key: s.value, end: s.end };
  }
  const first = line.charCodeAt(p);
  const second = line.charCodeAt(p + 1);
  const dashWord = first === 45 && !Number.isNaN(second) && second !== 32 && second !== 9 && second !== 35;
  if (INDICATOR.has(first) && !dashWord) return undefined;
  let colon = -1;
  for (let i = p; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 35) return undefined;
    if (c === 58 && (i + 1 === line.length || line.charCodeAt(i + 1) === 32)) {
      colon = i;
      break;
    }
  }
  if (colon < 0) return undefined;
  const text = line.slice(p, colon).trimEnd();
  if (text.includes('\t')) return undefined;
  const r = resolvePlain(text);
  if (r.kind !== 'str') return undefined;
  return { key: keyString(r), end: colon };
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

/** After a value: the end of the line, or spaces and perhaps a comment. */
export const afterValue = (line: string, p: number) =>
  p === line.length || ((line.charCodeAt(p) === 32 || line.charCodeAt(p) === 9) && blank(line, p));

/** A one-line scalar at column p: quoted, or plain up to a comment (or a flow indicator in flow). */
export function scalar(line: string, p: number, at: number, warnings: FastWarning[], flow: boolean) {
  const c = line[p] as string;
  if (c === '"' || c === "'") {
    const s = quoted(line, p) ?? decline();
    if (!flow && !afterValue(line, s.end)) decline();
    return { node: { line: at, col: p, value: s.value }, end: s.end };
  }
  const code = line.charCodeAt(p);
  if (INDICATOR.has(code)) {
    const next = line.charCodeAt(p + 1);
    const word = (code === 45 || code === 63 || code === 58) && !Number.isNaN(next) && !FLOW_OR_SPACE.has(next);
    if (!word) decline();
  }
  // The plain scalar ends at a comment, at `: ` (a mapping, refused here) or, in flow, at , [ ] { }.
  let end = line.length;
  for (let i = p + 1; i < line.length; i++) {
    const ch = line.charCodeAt(i);
    if (ch === 9) decline();
    if (ch === 35 && line.charCodeAt(i - 1) === 32) {
      end = i;
      break;
    }
    if (ch === 58 && (i + 1 === line.length || line.charCodeAt(i + 1) === 32)) {
      if (!flow) decline();
      end = i;
      break;
    }
    if (flow && (ch === 44 || ch === 91 || ch === 93 || ch === 123 || ch === 125)) {
      end = i;
      break;
    }
  }
  const text = line.slice(p, end).trimEnd();
  if (text === '') decline();
  const r = resolvePlain(text);
  const warn = ambiguity(text, r);
  if (warn) warnings.push({ line: at, col: p, message: warn });
  const value = typeof r.value === 'bigint' ? Number(r.value) : r.value;
  return { node: { line: at, col: p, value }, end: p + text.length };
}

export class Flow {
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
