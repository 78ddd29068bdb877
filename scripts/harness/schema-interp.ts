// A small interpreter for the structural OpenAPI v3 schemas that CRDs carry. It needs no
// compile step: ajv spent 0.4 s compiling one large CRD schema (Cilium, Argo CD), more
// than the whole repository takes to validate with this. Pure.
import { suggest } from './suggest.ts';
import type { SchemaError } from './schema-errors.ts';
import { isMap } from './objects.ts';

type Schema = Record<string, unknown>;
type Path = (string | number)[];

/** Go (RE2) patterns: inline flags such as `(?i)` become JS flags; what JS cannot compile is not enforced. */
const regexCache = new Map<string, RegExp | null>();
export function goRegExp(pattern: string): RegExp | null {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    let p = pattern;
    let flags = 'u';
    const inline = /^\(\?([imsU]+)\)/.exec(p);
    if (inline) {
      p = p.slice(inline[0].length);
      for (const c of inline[1] as string) if (c !== 'U' && !flags.includes(c)) flags += c;
    }
    try {
      re = new RegExp(p, flags);
    } catch {
      // Without the u flag JavaScript accepts more escapes, but Go-only syntax (\z, \A,
      // [[:alpha:]]) would silently change meaning there: such patterns are not enforced.
      try {
        re = /\\[zAQE]|\[\[:|\\p\{/.test(p) ? null : new RegExp(p, flags.replace('u', ''));
      } catch {
        re = null;
      }
    }
    regexCache.set(pattern, re);
  }
  return re;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(v: unknown, t: string): boolean {
  const actual = typeOf(v);
  return actual === t || (t === 'number' && actual === 'integer');
}

const FORMATS: Record<string, (s: string) => boolean> = {
  'date-time': (s) => /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(s),
  date: (s) => /^\d{4}-\d{2}-\d{2}$/.test(s),
  duration: (s) => /^([-+]?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+|0)$/.test(s),
};

export interface InterpOptions {
  /** Close objects that list properties (kubeconform -strict). */
  closed: boolean;
}

export class SchemaInterpreter {
  constructor(
    private readonly root: Schema,
    private readonly o: InterpOptions = { closed: true },
  ) {}

  validate(value: unknown): SchemaError[] {
    const out: SchemaError[] = [];
    this.check(this.root, value, [], out, false);
    return out;
  }

  private resolve(s: Schema): Schema {
    const ref = s['$ref'];
    if (typeof ref !== 'string' || !ref.startsWith('#/')) return s;
    let cur: unknown = this.root;
    for (const seg of ref.slice(2).split('/'))
      cur = isMap(cur) ? cur[seg.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    return isMap(cur) ? cur : {};
  }

  private check(schemaIn: Schema, v: unknown, at: Path, out: SchemaError[], branch: boolean): void {
    const s = this.resolve(schemaIn);
    if (v === null && s['nullable'] === true) return;
    const intOrString = s['x-kubernetes-int-or-string'] === true;
    if (intOrString) {
      // The catalog spells int-or-string as anyOf integer/string as well; one message is enough.
      if (!(typeOf(v) === 'integer' || typeof v === 'string')) {
        out.push({ code: 'INVALID_TYPE', path: at, message: `must be an integer or a string, not ${typeOf(v)}` });
        return;
      }
    } else if (s['type'] !== undefined) {
      const types = Array.isArray(s['type']) ? (s['type'] as string[]) : [s['type'] as string];
      if (!types.some((t) => typeMatches(v, t))) {
        out.push({ code: 'INVALID_TYPE', path: at, message: `must be ${types.join(' or ')}, not ${typeOf(v)}` });
        return;
      }
    }
    if (Array.isArray(s['enum']) && !(s['enum'] as unknown[]).some((e) => e === v)) {
      out.push({
        code: 'INVALID_ENUM',
        path: at,
        message: `must be one of ${(s['enum'] as unknown[]).map((e) => JSON.stringify(e)).join(', ')}`,
      });
    }
    if ('const' in s && s['const'] !== v)
      out.push({ code: 'INVALID_ENUM', path: at, message: `must be ${JSON.stringify(s['const'])}` });
    if (typeof v === 'string') this.checkString(s, v, at, out);
    else if (typeof v === 'number') this.checkNumber(s, v, at, out);
    else if (Array.isArray(v)) this.checkArray(s, v, at, out, branch);
    else if (isMap(v)) this.checkObject(s, v, at, out, branch);
    this.checkCombinators(s, v, at, out);
  }

  private checkString(s: Schema, v: string, at: Path, out: SchemaError[]): void {
    if (typeof s['minLength'] === 'number' && [...v].length < s['minLength'])
      out.push({ code: 'SCHEMA_VIOLATION', path: at, message: `must be at least ${s['minLength']} characters long` });
    if (typeof s['maxLength'] === 'number' && [...v].length > s['maxLength'])
      out.push({ code: 'SCHEMA_VIOLATION', path: at, message: `must be at most ${s['maxLength']} characters long` });
    if (typeof s['pattern'] === 'string') {
      const re = goRegExp(s['pattern']);
      if (re && !re.test(v))
        out.push({ code: 'INVALID_FORMAT', path: at, message: `must match the pattern ${s['pattern']}` });
    }
    const fmt = typeof s['format'] === 'string' ? FORMATS[s['format']] : undefined;
    if (fmt && !fmt(v))
      out.push({ code: 'INVALID_FORMAT', path: at, message: `is not a valid ${String(s['format'])}` });
  }

  private checkNumber(s: Schema, v: number, at: Path, out: SchemaError[]): void {
    const min = s['minimum'];
    const max = s['maximum'];
    const exMin = s['exclusiveMinimum'];
    const exMax = s['exclusiveMaximum'];
    if (typeof min === 'number' && (exMin === true ? v <= min : v < min))
      out.push({ code: 'SCHEMA_VIOLATION', path: at, message: `must be ${exMin === true ? '>' : '>='} ${min}` });
    if (typeof max === 'number' && (exMax === true ? v >= max : v > max))
      out.push({ code: 'SCHEMA_VIOLATION', path: at, message: `must be ${exMax === true ? '<' : '<='} ${max}` });
    if (typeof exMin === 'number' && v <= exMin)
      out.push({ code: 'SCHEMA_VIOLATION', path: at, message: `must be > ${exMin}` });
    if (typeof exMax === 'number' && v >= exMax)
      out.push({ code: 'SCHEMA_VIOLATION', path: at, message: `must be < ${exMax}` });
  }

  private checkArray(s: Schema, v: unknown[], at: Path, out: SchemaError[], branch: boolean): void {
    if (typeof s['minItems'] === 'number' && v.length < s['minItems'])
      out.push({ code: 'SCHEMA_VIOLATION', path: at, message: `must have at least ${s['minItems']} items` });
    if (typeof s['maxItems'] === 'number' && v.length > s['maxItems'])
      out.push({ code: 'SCHEMA_VIOLATION', path: at, message: `must have at most ${s['maxItems']} items` });
    if (isMap(s['items'])) v.forEach((item, i) => this.check(s['items'] as Schema, item, [...at, i], out, branch));
  }

  private checkObject(s: Schema, v: Record<string, unknown>, at: Path, out: SchemaError[], branch: boolean): void {
    const props = isMap(s['properties']) ? s['properties'] : undefined;
    for (const r of Array.isArray(s['required']) ? (s['required'] as string[]) : []) {
      if (v[r] === undefined)
        out.push({ code: 'MISSING_REQUIRED', path: at, message: `missing required field "${r}"` });
    }
    const extra = s['additionalProperties'];
    const open = s['x-kubernetes-preserve-unknown-fields'] === true;
    const closed = extra === false || (extra === undefined && props !== undefined && !open && !branch && this.o.closed);
    for (const [k, child] of Object.entries(v)) {
      const ps = props?.[k];
      if (isMap(ps)) this.check(ps, child, [...at, k], out, branch);
      else if (isMap(extra)) this.check(extra, child, [...at, k], out, branch);
      else if (closed)
        out.push({
          code: 'UNKNOWN_FIELD',
          path: [...at, k],
          message: `unknown field "${k}"${suggest(k, Object.keys(props ?? {}))}`,
        });
    }
    if (typeof s['minProperties'] === 'number' && Object.keys(v).length < s['minProperties'])
      out.push({ code: 'SCHEMA_VIOLATION', path: at, message: `must have at least ${s['minProperties']} fields` });
  }

  private checkCombinators(s: Schema, v: unknown, at: Path, out: SchemaError[]): void {
    for (const sub of Array.isArray(s['allOf']) ? (s['allOf'] as Schema[]) : []) this.check(sub, v, at, out, true);
    for (const key of ['anyOf', 'oneOf'] as const) {
      const branches = s[key];
      if (!Array.isArray(branches) || branches.length === 0) continue;
      const results = (branches as Schema[]).map((b) => {
        const errs: SchemaError[] = [];
        this.check(b, v, at, errs, true);
        return errs;
      });
      const passing = results.filter((r) => r.length === 0).length;
      if (key === 'anyOf' ? passing > 0 : passing === 1) continue;
      const requiredOnly = (branches as Schema[]).every(
        (b) => Array.isArray(b['required']) && Object.keys(b).every((k) => k === 'required' || k === 'properties'),
      );
      if (requiredOnly) {
        const names = (branches as Schema[]).map((b) => (b['required'] as string[]).join(' + '));
        out.push({
          code: 'SCHEMA_VIOLATION',
          path: at,
          message:
            key === 'anyOf' || passing === 0
              ? `must set ${key === 'anyOf' ? 'at least' : 'exactly'} one of: ${names.join(', ')}`
              : `must set only one of: ${names.join(', ')}`,
        });
      } else if (passing > 1) {
        out.push({
          code: 'SCHEMA_VIOLATION',
          path: at,
          message: 'matches more than one of the allowed forms; use only one',
        });
      } else {
        const closest = results.reduce((a, b) => (b.length < a.length ? b : a));
        out.push(...closest);
      }
    }
    if (isMap(s['not'])) {
      const errs: SchemaError[] = [];
      this.check(s['not'] as Schema, v, at, errs, true);
      if (errs.length === 0)
        out.push({ code: 'SCHEMA_VIOLATION', path: at, message: 'is a combination the schema forbids' });
    }
  }
}
