// What kubectl reads: sigs.k8s.io/yaml over go-yaml v2 (gopkg.in/yaml.v2 v2.4.0, forked
// into sigs.k8s.io/yaml/goyaml.v2), which resolves plain scalars by YAML 1.1 rules and then
// turns the value into JSON. Helm reads values files the same way. Pure.
//
// Facts from go-yaml v2's resolve.go, decode.go and scannerc.go (see DESIGN-NOTES.md):
// - booleans: y Y yes Yes YES true True TRUE on On ON / n N no No NO false False FALSE off Off OFF
// - null: "" ~ null Null NULL; floats: .nan .inf -.inf (+ case variants), [-+]?(.d+|d+(.d*)?)([eE][-+]?d+)?
// - integers: Go's strconv.ParseInt(s, 0, 64) after removing every "_": 0777 is octal, 0x1F hex,
//   0o17 octal, 0b101 binary; base-60 numbers (1:30) are NOT resolved and stay strings
// - timestamps stay strings when decoded into interface{} (what kubectl does)
// - merge keys `<<` are honoured; `"it\'s"` is a valid double-quoted escape, `\/` is not
// - alias expansion: refused when aliased nodes exceed a ratio of all decoded nodes

export type Resolved =
  | { kind: 'str'; value: string }
  | {
      kind: 'null' | 'bool' | 'int' | 'float';
      value: unknown /** What YAML 1.2 reads instead, if different. */;
      yaml12?: string;
    };

const TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const NULL = new Set(['', '~', 'null', 'Null', 'NULL']);
const YAML12_BOOL = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOAT: Record<string, number> = {
  '.nan': Number.NaN,
  '.NaN': Number.NaN,
  '.NAN': Number.NaN,
  '.inf': Number.POSITIVE_INFINITY,
  '.Inf': Number.POSITIVE_INFINITY,
  '.INF': Number.POSITIVE_INFINITY,
  '+.inf': Number.POSITIVE_INFINITY,
  '+.Inf': Number.POSITIVE_INFINITY,
  '+.INF': Number.POSITIVE_INFINITY,
  '-.inf': Number.NEGATIVE_INFINITY,
  '-.Inf': Number.NEGATIVE_INFINITY,
  '-.INF': Number.NEGATIVE_INFINITY,
};
/** Go's strconv.ParseInt with base 0 (after go-yaml removed the underscores). */
const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[1-9][0-9]*|0)$/;
/** The number the YAML 1.2 core schema reads, if it reads one. */
function yaml12Number(text: string): number | undefined {
  if (/^[-+]?[0-9]+$/.test(text)) return Number(text);
  if (/^0o[0-7]+$/.test(text)) return Number.parseInt(text.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return Number.parseInt(text.slice(2), 16);
  return FLOAT.test(text) ? Number(text) : undefined;
}

function number(kind: 'int' | 'float', text: string, value: number | bigint): Resolved {
  const y12 = yaml12Number(text);
  if (y12 !== undefined && y12 === Number(value)) return { kind, value };
  return { kind, value, yaml12: y12 === undefined ? `the string "${text}"` : `the number ${y12}` };
}

function goInt(text: string): number | bigint | undefined {
  const s = text.replace(/_/g, '');
  if (!GO_INT.test(s)) return undefined;
  const neg = s.startsWith('-');
  const body = s.replace(/^[-+]/, '');
  let big: bigint;
  if (/^0[xXbBoO]/.test(body)) big = BigInt(body.toLowerCase());
  else if (body.length > 1 && body.startsWith('0')) big = BigInt(`0o${body.slice(1)}`);
  else big = BigInt(body);
  if (neg) big = -big;
  if (big > 0xffff_ffff_ffff_ffffn || big < -0x8000_0000_0000_0000n) return undefined;
  return Number.isSafeInteger(Number(big)) ? Number(big) : big;
}

const memo = new Map<string, Resolved>();

/** Resolves an untagged plain scalar the way go-yaml v2 does (for an interface{} target). */
export function resolvePlain(text: string): Resolved {
  // Most scalars are words: longer than any boolean or null word and starting with a letter,
  // they can only be strings, and need neither the memo nor a regular expression.
  const c = text.charCodeAt(0) | 32;
  if (text.length > 5 && c >= 97 && c <= 122) return { kind: 'str', value: text };
  let r = memo.get(text);
  if (r === undefined) {
    if (memo.size > 50_000) memo.clear();
    r = resolveUncached(text);
    memo.set(text, r);
  }
  return r;
}

function resolveUncached(text: string): Resolved {
  const first = text.charAt(0);
  if (NULL.has(text)) return { kind: 'null', value: null };
  if (TRUE.has(text) || FALSE.has(text)) {
    const value = TRUE.has(text);
    return YAML12_BOOL.has(text) ? { kind: 'bool', value } : { kind: 'bool', value, yaml12: `the string "${text}"` };
  }
  if (text in SPECIAL_FLOAT) return { kind: 'float', value: SPECIAL_FLOAT[text] };
  if (first === '.') {
    const f = Number(text);
    return FLOAT.test(text) && !Number.isNaN(f) ? { kind: 'float', value: f } : { kind: 'str', value: text };
  }
  if (!/[-+0-9]/.test(first)) return { kind: 'str', value: text };
  const int = goInt(text);
  if (int !== undefined) return number('int', text, int);
  const plain = text.replace(/_/g, '');
  if (FLOAT.test(plain)) return number('float', text, Number(plain));
  return { kind: 'str', value: text };
}

/** sigs.k8s.io/yaml turns non-string map keys into JSON object keys with Go's formatting. */
export function keyString(r: Resolved): string {
  if (r.kind === 'str') return r.value;
  if (r.value === null) return 'null';
  if (typeof r.value === 'number' && !Number.isFinite(r.value))
    return Number.isNaN(r.value) ? '.nan' : r.value > 0 ? '.inf' : '-.inf';
  return String(r.value);
}

/**
 * The warning for a plain scalar that only works by YAML 1.1 accident, or would mean something
 * else to a YAML 1.2 reader: what kubectl does with it and how to write it unambiguously.
 */
export function ambiguity(text: string, r: Resolved): string | undefined {
  if (r.kind === 'str' || r.yaml12 === undefined) return undefined;
  if (r.kind === 'bool')
    return (
      `kubectl (YAML 1.1) reads the unquoted ${text} as the boolean ${r.value}; YAML 1.2 tools read ${r.yaml12}. ` +
      `Write ${r.value} for a boolean, or "${text}" in quotes for a string.`
    );
  const n = String(r.value);
  return (
    `kubectl (YAML 1.1) reads the unquoted ${text} as the number ${n}; YAML 1.2 tools read ${r.yaml12}. ` +
    `Write ${n} for the number, or "${text}" in quotes for a string.`
  );
}

/** go-yaml v2's escapes in double-quoted scalars (YAML 1.2's set plus \', minus \/). */
const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  "'": "'",
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/** Decodes the inside of a one-line double-quoted scalar; undefined when go-yaml would refuse it. */
export function decodeDoubleQuoted(inner: string): string | undefined {
  let out = '';
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = inner[i + 1] ?? '';
    const simple = ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    const len = HEX_LENGTH[e];
    const hex = len ? inner.slice(i + 2, i + 2 + len) : '';
    if (!len || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) return undefined;
    out += String.fromCodePoint(Number.parseInt(hex, 16));
    i += 1 + len;
  }
  return out;
}

/** go-yaml v2 decode.go: the share of decoded nodes that may come from alias expansion. */
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= 400_000) return 0.99;
  if (decodeCount >= 4_000_000) return 0.1;
  return 0.99 - (0.89 * (decodeCount - 400_000)) / 3_600_000;
}

/**
 * Counts decoded nodes as go-yaml v2 does and says when it would refuse the document
 * ("document contains excessive aliasing"). Checking at the end of each alias expansion
 * is exact: within one expansion the aliased share only grows and the allowance only shrinks.
 */
export class AliasBudget {
  decoded = 0;
  aliased = 0;
  node(): void {
    this.decoded++;
  }
  /** An alias at the top level (not inside another expansion) expanding to `size` nodes. */
  expand(size: number): boolean {
    this.decoded += size;
    this.aliased += size;
    return !(
      this.aliased > 100 &&
      this.decoded > 1000 &&
      this.aliased / this.decoded > allowedAliasRatio(this.decoded)
    );
  }
}
