// schema-interp.ts: the interpreter of structural (CRD) schemas; and the error shaping of
// schema-errors.ts that it shares with the core schemas.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BundledSchemas, compileSchema } from '../scripts/harness/crd-schemas.ts';
import { dedupe, fromAjvErrors, type SchemaError } from '../scripts/harness/schema-errors.ts';
import { goRegExp, SchemaInterpreter } from '../scripts/harness/schema-interp.ts';
import { distance, suggest } from '../scripts/harness/suggest.ts';

type Schema = Record<string, unknown>;
const run = (schema: Schema, value: unknown, closed = true) =>
  new SchemaInterpreter(schema, { closed }).validate(value);
const brief = (errs: readonly SchemaError[]) => errs.map((e) => `${e.code} ${e.path.join('.')}: ${e.message}`);

const bundled = new BundledSchemas(path.resolve(import.meta.dirname, '..', 'schemas', 'crds'));

describe('closed objects', () => {
  const obj: Schema = { type: 'object', properties: { name: { type: 'string' }, replicas: { type: 'integer' } } };

  it.each([
    {
      what: 'a near-miss field, with a suggestion',
      schema: obj,
      value: { name: 'a', replica: 1 },
      want: ['UNKNOWN_FIELD replica: unknown field "replica" (did you mean "replicas"?)'],
    },
    {
      what: 'an unrelated field, without one',
      schema: obj,
      value: { colour: 'blue' },
      want: ['UNKNOWN_FIELD colour: unknown field "colour"'],
    },
    {
      what: 'every field when additionalProperties is false and nothing is listed',
      schema: { type: 'object', additionalProperties: false },
      value: { a: 1 },
      want: ['UNKNOWN_FIELD a: unknown field "a"'],
    },
    {
      what: 'nested objects too',
      schema: { type: 'object', properties: { spec: obj } },
      value: { spec: { nmae: 'x' } },
      want: ['UNKNOWN_FIELD spec.nmae: unknown field "nmae" (did you mean "name"?)'],
    },
    {
      what: 'objects inside arrays',
      schema: { type: 'object', properties: { items: { type: 'array', items: obj } } },
      value: { items: [{ name: 'a' }, { nam: 'b' }] },
      want: ['UNKNOWN_FIELD items.1.nam: unknown field "nam" (did you mean "name"?)'],
    },
  ])('should reject $what', ({ schema, value, want }) => {
    expect(brief(run(schema, value))).toEqual(want);
  });

  it.each([
    { what: 'an object that lists no properties', schema: { type: 'object' }, value: { anything: 1 } },
    {
      what: 'additionalProperties: true',
      schema: { type: 'object', properties: { a: {} }, additionalProperties: true },
      value: { a: 1, b: 2 },
    },
    {
      what: 'x-kubernetes-preserve-unknown-fields',
      schema: { type: 'object', properties: { a: {} }, 'x-kubernetes-preserve-unknown-fields': true },
      value: { a: 1, b: { c: 2 } },
    },
    {
      what: 'a map of values (additionalProperties schema)',
      schema: { type: 'object', additionalProperties: { type: 'string' } },
      value: { a: 'x', b: 'y' },
    },
  ])('should leave open $what', ({ schema, value }) => {
    expect(run(schema, value)).toEqual([]);
  });

  it('should still check the listed properties of a preserve-unknown-fields object', () => {
    expect(
      brief(
        run(
          { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { k: { type: 'string' } } },
          { k: 1, z: 2 },
        ),
      ),
    ).toEqual(['INVALID_TYPE k: must be string, not integer']);
  });

  it('should check the values of an additionalProperties schema', () => {
    expect(brief(run({ type: 'object', additionalProperties: { type: 'string' } }, { a: 'x', b: 2 }))).toEqual([
      'INVALID_TYPE b: must be string, not integer',
    ]);
  });

  it('should leave objects open with closed: false (kubeconform without -strict)', () => {
    expect(run(obj, { name: 'a', extra: 1 }, false)).toEqual([]);
  });
});

describe('anyOf / oneOf / allOf / not', () => {
  it("should leave objects inside branches open, so a branch never reports the parent's fields", () => {
    const schema: Schema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      anyOf: [{ properties: { a: { type: 'string' } } }],
    };
    expect(run(schema, { a: 'x', b: 'y' })).toEqual([]);
  });

  it.each([
    { key: 'oneOf', value: {}, want: 'must set exactly one of: endpointSelector, nodeSelector' },
    {
      key: 'oneOf',
      value: { endpointSelector: {}, nodeSelector: {} },
      want: 'must set only one of: endpointSelector, nodeSelector',
    },
    { key: 'anyOf', value: {}, want: 'must set at least one of: endpointSelector, nodeSelector' },
  ])('should give one clear message for Cilium-style required-only $key branches: $want', ({ key, value, want }) => {
    const schema: Schema = {
      type: 'object',
      properties: { endpointSelector: { type: 'object' }, nodeSelector: { type: 'object' } },
      [key]: [
        { properties: { endpointSelector: {} }, required: ['endpointSelector'] },
        { properties: { nodeSelector: {} }, required: ['nodeSelector'] },
      ],
    };
    expect(run(schema, value)).toEqual([{ code: 'SCHEMA_VIOLATION', path: [], message: want }]);
  });

  it('should name multi-field branches with +', () => {
    const schema: Schema = { type: 'object', anyOf: [{ required: ['a', 'b'] }, { required: ['c'] }] };
    expect(brief(run(schema, {}))).toEqual(['SCHEMA_VIOLATION : must set at least one of: a + b, c']);
  });

  it('should pass when exactly one oneOf branch matches', () => {
    const schema: Schema = { type: 'object', oneOf: [{ required: ['a'] }, { required: ['b'] }] };
    expect(run(schema, { a: 1 })).toEqual([]);
  });

  it('should report the errors of the closest branch when no branch matches', () => {
    const schema: Schema = {
      anyOf: [
        { type: 'object', required: ['a', 'b'] },
        { type: 'object', required: ['c'] },
      ],
    };
    expect(brief(run(schema, {}))).toEqual(['MISSING_REQUIRED : missing required field "c"']);
    const typed: Schema = {
      anyOf: [
        { type: 'string', pattern: '^[a-z]+$' },
        { type: 'integer', minimum: 1 },
      ],
    };
    expect(brief(run(typed, 'ABC'))).toEqual(['INVALID_FORMAT : must match the pattern ^[a-z]+$']);
  });

  it('should say so when a oneOf value matches several non-trivial branches', () => {
    const schema: Schema = { oneOf: [{ type: 'string' }, { type: 'string', minLength: 1 }] };
    expect(brief(run(schema, 'x'))).toEqual([
      'SCHEMA_VIOLATION : matches more than one of the allowed forms; use only one',
    ]);
  });

  it('should apply every allOf part', () => {
    const schema: Schema = { allOf: [{ type: 'string' }, { maxLength: 2 }] };
    expect(brief(run(schema, 'abc'))).toEqual(['SCHEMA_VIOLATION : must be at most 2 characters long']);
  });

  it('should forbid what not describes', () => {
    const schema: Schema = { type: 'object', not: { required: ['a', 'b'] } };
    expect(brief(run(schema, { a: 1, b: 2 }))).toEqual(['SCHEMA_VIOLATION : is a combination the schema forbids']);
    expect(run(schema, { a: 1 })).toEqual([]);
  });

  it('should explain a Cilium FQDN rule with both matchName and matchPattern in one message (bundled schema)', () => {
    const schema = bundled.find('cilium.io', 'v2', 'CiliumNetworkPolicy');
    if (!schema) throw new Error('schemas/crds has no CiliumNetworkPolicy v2; run npm run schemas:update');
    const errs = schema.validate({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: {},
      spec: {
        endpointSelector: {},
        egress: [{ toFQDNs: [{ matchName: 'a.example.com', matchPattern: '*.example.com' }] }],
      },
    });
    expect(brief(errs)).toEqual([
      'SCHEMA_VIOLATION spec.egress.0.toFQDNs.0: must set only one of: matchName, matchPattern',
    ]);
  });
});

describe('types, nullable and int-or-string', () => {
  it.each([
    { schema: { type: 'integer' }, value: 1.5, want: ['INVALID_TYPE : must be integer, not number'] },
    { schema: { type: 'number' }, value: 3, want: [] },
    { schema: { type: 'string' }, value: 3, want: ['INVALID_TYPE : must be string, not integer'] },
    { schema: { type: 'boolean' }, value: 'true', want: ['INVALID_TYPE : must be boolean, not string'] },
    { schema: { type: 'array' }, value: {}, want: ['INVALID_TYPE : must be array, not object'] },
    { schema: { type: 'object' }, value: [], want: ['INVALID_TYPE : must be object, not array'] },
    { schema: { type: ['string', 'null'] }, value: null, want: [] },
    { schema: { type: 'string', nullable: true }, value: null, want: [] },
    { schema: { type: 'object', nullable: true, required: ['a'] }, value: null, want: [] },
    { schema: { type: 'string' }, value: null, want: ['INVALID_TYPE : must be string, not null'] },
  ])('$schema with $value', ({ schema, value, want }) => {
    expect(brief(run(schema as Schema, value))).toEqual(want);
  });

  const ios: Schema = {
    type: 'object',
    properties: { port: { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true } },
  };

  it.each([8080, 'http', '8080'])('should accept the int-or-string %s', (port) => {
    expect(compileSchema(ios, 't').validate({ port })).toEqual([]);
  });

  it.each([true, 1.5, ['a'], { a: 1 }])('should reject %s for an int-or-string', (port) => {
    const errs = compileSchema(ios, 't').validate({ port });
    expect(errs.map((e) => [e.code, e.path.join('.')])).toEqual([['INVALID_TYPE', 'port']]);
    expect(errs[0]?.message).toMatch(/^must be an integer or a string/);
  });

  // Kubebuilder and the CRDs catalog write int-or-string as anyOf [integer, string] plus the
  // extension. The extension's own error and the closest anyOf branch's error are merged by
  // dedupe() into "must be an integer or a string or integer, not boolean".
  it('should say "must be an integer or a string" once for a kubebuilder-style int-or-string', () => {
    const errs = compileSchema(ios, 't').validate({ port: true });
    expect(errs).toHaveLength(1);
    expect(errs[0]?.message).not.toMatch(/string or integer/);
  });
});

describe('strings and numbers', () => {
  it.each([
    {
      schema: { type: 'string', enum: ['fast', 'safe'] },
      value: 'slow',
      want: ['INVALID_ENUM : must be one of "fast", "safe"'],
    },
    { schema: { enum: [1, 2] }, value: 2, want: [] },
    { schema: { const: 'v1' }, value: 'v2', want: ['INVALID_ENUM : must be "v1"'] },
    {
      schema: { type: 'string', minLength: 3 },
      value: 'ab',
      want: ['SCHEMA_VIOLATION : must be at least 3 characters long'],
    },
    { schema: { type: 'string', maxLength: 2 }, value: 'éé', want: [] },
    { schema: { type: 'string', maxLength: 1 }, value: '😀', want: [] },
    { schema: { type: 'string', format: 'date-time' }, value: '2026-01-02T03:04:05Z', want: [] },
    {
      schema: { type: 'string', format: 'date-time' },
      value: 'yesterday',
      want: ['INVALID_FORMAT : is not a valid date-time'],
    },
    { schema: { type: 'string', format: 'duration' }, value: '1h30m', want: [] },
    {
      schema: { type: 'string', format: 'duration' },
      value: '90 minutes',
      want: ['INVALID_FORMAT : is not a valid duration'],
    },
    { schema: { type: 'string', format: 'something-unknown' }, value: 'x', want: [] },
    { schema: { type: 'array', minItems: 1 }, value: [], want: ['SCHEMA_VIOLATION : must have at least 1 items'] },
    { schema: { type: 'array', maxItems: 1 }, value: [1, 2], want: ['SCHEMA_VIOLATION : must have at most 1 items'] },
    {
      schema: { type: 'object', minProperties: 1 },
      value: {},
      want: ['SCHEMA_VIOLATION : must have at least 1 fields'],
    },
    {
      schema: { type: 'object', required: ['a', 'b'] },
      value: { a: 1 },
      want: ['MISSING_REQUIRED : missing required field "b"'],
    },
  ])('$schema with $value', ({ schema, value, want }) => {
    expect(brief(run(schema as Schema, value))).toEqual(want);
  });

  it.each([
    {
      what: 'draft-4 exclusiveMinimum: true',
      schema: { minimum: 0, exclusiveMinimum: true },
      bad: 0,
      good: 1,
      message: 'must be > 0',
    },
    {
      what: 'draft-4 exclusiveMaximum: true',
      schema: { maximum: 10, exclusiveMaximum: true },
      bad: 10,
      good: 9,
      message: 'must be < 10',
    },
    {
      what: 'minimum without exclusive',
      schema: { minimum: 0, exclusiveMinimum: false },
      bad: -1,
      good: 0,
      message: 'must be >= 0',
    },
    { what: 'maximum', schema: { maximum: 10 }, bad: 11, good: 10, message: 'must be <= 10' },
    {
      what: 'draft-6 numeric exclusiveMinimum',
      schema: { exclusiveMinimum: 0 },
      bad: 0,
      good: 0.5,
      message: 'must be > 0',
    },
    {
      what: 'draft-6 numeric exclusiveMaximum',
      schema: { exclusiveMaximum: 5 },
      bad: 5,
      good: 4,
      message: 'must be < 5',
    },
  ])('should honour $what', ({ schema, bad, good, message }) => {
    expect(brief(run({ type: 'number', ...schema }, bad))).toEqual([`SCHEMA_VIOLATION : ${message}`]);
    expect(run({ type: 'number', ...schema }, good)).toEqual([]);
  });
});

describe('Go (RE2) patterns', () => {
  it.each([
    { pattern: '(?i)^abc$', value: 'ABC', ok: true },
    { pattern: '^abc$', value: 'ABC', ok: false },
    { pattern: '(?is)^a.c$', value: 'A\nC', ok: true },
    { pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', value: 'my-name', ok: true },
    { pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', value: 'My-name', ok: false },
    { pattern: '^\\p{L}+$', value: 'héllo', ok: true },
  ])('should match $value against $pattern: $ok', ({ pattern, value, ok }) => {
    expect(run({ type: 'string', pattern }, value).length === 0).toBe(ok);
  });

  it('should turn (?i) into the i flag', () => {
    expect(goRegExp('(?i)^x$')?.flags).toContain('i');
    expect(goRegExp('(?i)^x$')?.source).toBe('^x$');
  });

  it('should not enforce a pattern JavaScript cannot compile (named groups in Go syntax)', () => {
    expect(goRegExp('^(?P<n>[a-z]+)$')).toBeNull();
    expect(run({ type: 'string', pattern: '^(?P<n>[a-z]+)$' }, 'ANY THING')).toEqual([]);
  });
});

describe('$ref', () => {
  it('should follow local references, with ~1 and ~0 escapes, and close the referenced object', () => {
    const schema: Schema = {
      definitions: { 'a/b~c': { type: 'object', properties: { n: { type: 'integer' } } } },
      type: 'object',
      properties: { x: { $ref: '#/definitions/a~1b~0c' } },
    };
    expect(brief(run(schema, { x: { n: 'q', m: 1 } }))).toEqual([
      'INVALID_TYPE x.n: must be integer, not string',
      'UNKNOWN_FIELD x.m: unknown field "m" (did you mean "n"?)',
    ]);
  });

  it('should treat a dangling local reference as an open schema', () => {
    expect(
      run({ type: 'object', properties: { x: { $ref: '#/definitions/missing' } } }, { x: { anything: 1 } }),
    ).toEqual([]);
  });
});

describe('compileSchema (catalog and CRD schemas)', () => {
  it('should leave metadata to ObjectMeta and accept apiVersion and kind even when the schema omits them', () => {
    const s = compileSchema({ type: 'object', properties: { spec: { type: 'object', properties: {} } } }, 'test');
    expect(s.validate({ apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a', whatever: 1 }, spec: {} })).toEqual([]);
    expect(s.source).toBe('test');
  });

  it('should refuse a schema that is not an object', () => {
    expect(() => compileSchema('nope', 'test')).toThrow('the schema is not a JSON object');
  });
});

describe('schema-errors', () => {
  it('should merge two type errors at one path and drop exact repeats', () => {
    const out = dedupe([
      { code: 'INVALID_TYPE', path: ['a'], message: 'must be integer' },
      { code: 'INVALID_TYPE', path: ['a'], message: 'must be integer' },
      { code: 'INVALID_TYPE', path: ['a'], message: 'must be string' },
    ]);
    expect(brief(out)).toEqual(['INVALID_TYPE a: must be integer or string']);
  });

  it('should prefer the format message over the type message at the same path', () => {
    const out = dedupe([
      { code: 'INVALID_TYPE', path: ['q'], message: 'must be number' },
      { code: 'INVALID_FORMAT', path: ['q'], message: 'is not a valid quantity' },
    ]);
    expect(brief(out)).toEqual(['INVALID_FORMAT q: is not a valid quantity']);
  });

  it.each([
    {
      e: { instancePath: '/spec', keyword: 'additionalProperties', params: { additionalProperty: 'x' } },
      want: 'UNKNOWN_FIELD spec.x: unknown field "x"',
    },
    {
      e: { instancePath: '/spec', keyword: 'required', params: { missingProperty: 'y' } },
      want: 'MISSING_REQUIRED spec: missing required field "y"',
    },
    {
      e: { instancePath: '/spec/n', keyword: 'type', params: { type: 'integer' } },
      want: 'INVALID_TYPE spec.n: must be integer',
    },
    {
      e: { instancePath: '/spec/m', keyword: 'enum', params: { allowedValues: ['a', 'b'] } },
      want: 'INVALID_ENUM spec.m: must be one of "a", "b"',
    },
    {
      e: { instancePath: '/spec/c', keyword: 'const', params: { allowedValue: 'v1' } },
      want: 'INVALID_ENUM spec.c: must be "v1"',
    },
    {
      e: { instancePath: '/spec/q', keyword: 'format', params: { format: 'quantity' } },
      want: 'INVALID_FORMAT spec.q: is not a valid quantity',
    },
    {
      e: { instancePath: '/spec/p', keyword: 'pattern', params: { pattern: '^[a-z]+$' } },
      want: 'INVALID_FORMAT spec.p: does not have the expected form (pattern ^[a-z]+$)',
    },
    {
      e: { instancePath: '/spec/s', keyword: 'maxLength', params: {}, message: 'must NOT have more than 3 characters' },
      want: 'SCHEMA_VIOLATION spec.s: must NOT have more than 3 characters',
    },
  ])('should convert ajv keyword $e.keyword', ({ e, want }) => {
    expect(brief(fromAjvErrors([e], (p) => p.split('/').slice(1)))).toEqual([want]);
  });

  it('should drop if errors (their branch errors say what is wrong)', () => {
    expect(fromAjvErrors([{ instancePath: '', keyword: 'if', params: {} }], () => [])).toEqual([]);
  });
});

describe('suggest', () => {
  it.each([
    { word: 'dnsName', candidates: ['dnsNames', 'commonName'], want: ' (did you mean "dnsNames"?)' },
    { word: 'Image', candidates: ['image', 'name'], want: ' (did you mean "image"?)' },
    { word: 'colour', candidates: ['image', 'name'], want: '' },
    { word: 'x', candidates: [], want: '' },
  ])('suggest($word) = "$want"', ({ word, candidates, want }) => {
    expect(suggest(word, candidates)).toBe(want);
  });

  it.each([
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['same', 'same', 0],
  ] as const)('distance(%s, %s) = %i', (a, b, d) => {
    expect(distance(a, b)).toBe(d);
  });
});
