// Schema violations as data, before validate.ts turns them into findings with lines.

export type SchemaErrorCode =
  | 'UNKNOWN_FIELD'
  | 'FIELD_NOT_AVAILABLE'
  | 'INVALID_TYPE'
  | 'MISSING_REQUIRED'
  | 'INVALID_ENUM'
  | 'INVALID_FORMAT'
  | 'SCHEMA_VIOLATION';

export interface SchemaError {
  code: SchemaErrorCode;
  path: (string | number)[];
  message: string;
}

export interface AjvLikeError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

const KEYWORD_CODES: Record<string, SchemaErrorCode> = {
  additionalProperties: 'UNKNOWN_FIELD',
  type: 'INVALID_TYPE',
  required: 'MISSING_REQUIRED',
  enum: 'INVALID_ENUM',
  const: 'INVALID_ENUM',
  format: 'INVALID_FORMAT',
  pattern: 'INVALID_FORMAT',
};

/** Converts ajv-style errors (from ajv or kubernetes-models' precompiled validators) into SchemaErrors. */
export function fromAjvErrors(
  errors: readonly AjvLikeError[],
  toPath: (pointer: string) => (string | number)[],
): SchemaError[] {
  const out: SchemaError[] = [];
  for (const e of errors) {
    const at = toPath(e.instancePath);
    const code = KEYWORD_CODES[e.keyword] ?? 'SCHEMA_VIOLATION';
    switch (e.keyword) {
      case 'additionalProperties': {
        const field = String(e.params['additionalProperty']);
        out.push({ code, path: [...at, field], message: `unknown field "${field}"` });
        break;
      }
      case 'required':
        out.push({ code, path: at, message: `missing required field "${String(e.params['missingProperty'])}"` });
        break;
      case 'type':
        out.push({ code, path: at, message: `must be ${String(e.params['type'])}` });
        break;
      case 'enum':
        out.push({
          code,
          path: at,
          message: `must be one of ${allowed(e.params['allowedValues'])}`,
        });
        break;
      case 'const':
        out.push({ code, path: at, message: `must be ${JSON.stringify(e.params['allowedValue'])}` });
        break;
      case 'pattern':
        out.push({
          code,
          path: at,
          message: `does not have the expected form (pattern ${String(e.params['pattern'])})`,
        });
        break;
      case 'format':
        out.push({ code, path: at, message: `is not a valid ${String(e.params['format'])}` });
        break;
      case 'if':
      case 'anyOf':
      case 'oneOf':
        // The branch errors that explain these are reported on their own.
        if (e.keyword === 'if') break;
        out.push({ code, path: at, message: e.message ?? `does not match the schema (${e.keyword})` });
        break;
      default:
        out.push({ code, path: at, message: e.message ?? `fails ${e.keyword}` });
    }
  }
  return dedupe(out);
}

/** Drops repeated errors and, under anyOf/oneOf, the noise of failed alternatives at the same path. */
export function dedupe(errors: readonly SchemaError[]): SchemaError[] {
  const seen = new Set<string>();
  const out: SchemaError[] = [];
  for (const e of errors) {
    const key = `${e.code}|${e.path.join('/')}|${e.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  const typed = new Set(out.filter((e) => e.code === 'INVALID_TYPE').map((e) => e.path.join('/')));
  // An int-or-string quantity such as "1Gx" fails both "must be number" and the format;
  // the format message is the useful one.
  const formatted = new Set(out.filter((e) => e.code === 'INVALID_FORMAT').map((e) => e.path.join('/')));
  // "must be integer" and "must be string" for one int-or-string value read better as one message.
  const merged: SchemaError[] = [];
  const typeAt = new Map<string, SchemaError>();
  for (const e of out) {
    const p = e.path.join('/');
    if (e.code === 'INVALID_TYPE') {
      if (formatted.has(p)) continue;
      const prev = typeAt.get(p);
      if (prev) {
        prev.message = `${prev.message} or ${e.message.replace(/^must be /, '')}`;
        continue;
      }
      typeAt.set(p, e);
    } else if (e.code === 'SCHEMA_VIOLATION' && (typed.has(p) || formatted.has(p)) && /anyOf|oneOf/.test(e.message))
      continue;
    merged.push(e);
  }
  return merged;
}

/** An enum's allowed values as a message lists them: JSON, comma-separated. */
function allowed(values: unknown): string {
  return (values as unknown[]).map((v) => JSON.stringify(v)).join(', ');
}
