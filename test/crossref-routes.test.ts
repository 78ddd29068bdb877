// Gateway API references inside one example (scripts/harness/crossref/routes.ts): a route's
// backendRef port against the Service the example defines, and parentRef listeners of routes
// and cert-manager HTTP-01 solvers against the Gateway the example defines.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRoutes } from '../scripts/harness/crossref/routes.ts';
import { runHarness, type HarnessResult } from '../scripts/harness/run.ts';
import { toKubeDocument } from '../scripts/harness/classify.ts';
import { parseSnippet } from '../scripts/harness/yamldoc.ts';
import type { KubeDocument } from '../scripts/harness/types.ts';
import { harnessOptions } from './helpers/harness.ts';

const dir = 'test/fixtures/crossref-gateway-route';
let result: HarnessResult;

beforeAll(async () => {
  result = await runHarness(harnessOptions([path.join('test', 'fixtures', 'crossref-gateway-route')]));
}, 60_000);

describe('the fixture with three deliberate mistakes', () => {
  it.each([
    ['routes.yaml', 16, 'ROUTE_PORT_MISMATCH', /port 8080 of Service auth-proxy.*port 4180 \(http\).*use 4180/],
    [
      'routes.yaml',
      26,
      'ROUTE_LISTENER_UNKNOWN',
      /listener "websecure" of Gateway ghostwire.*only the listeners http, https/,
    ],
    ['issuer.yaml', 19, 'ROUTE_LISTENER_UNKNOWN', /ClusterIssuer letsencrypt attaches to listener "web"/],
  ])('reports %s:%i %s', (file, line, code, message) => {
    const hit = result.findings.find((f) => f.file === `${dir}/${file}` && f.line === line && f.code === code);
    expect(hit, JSON.stringify(result.findings, null, 1)).toBeDefined();
    expect(hit?.severity).toBe('error');
    expect(hit?.message).toMatch(message);
  });

  it('reports nothing else: the right route, the chart Service and the Gateway pass', () => {
    expect(result.findings.map((f) => `${f.file.slice(dir.length + 1)}:${f.line} ${f.code}`).sort()).toEqual([
      'issuer.yaml:19 ROUTE_LISTENER_UNKNOWN',
      'routes.yaml:16 ROUTE_PORT_MISMATCH',
      'routes.yaml:26 ROUTE_LISTENER_UNKNOWN',
    ]);
  });
});

/** The documents of one YAML text, as the harness parses them. */
function docs(text: string): KubeDocument[] {
  const parsed = parseSnippet({ file: 'x.yaml', line: 1, indent: 0, lang: 'yaml', meta: {}, text, origin: 'file' });
  return parsed.docs.flatMap((d) => toKubeDocument('x.yaml', d) ?? []);
}

const service = (ns: string, port: number) =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: proxy, namespace: ${ns}}\nspec:\n  ports: [{port: ${port}}]\n`;
const gateway = (ns: string) =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: ${ns}}\n` +
  'spec:\n  gatewayClassName: eg\n  listeners: [{name: https, port: 443, protocol: HTTPS}]\n';
const route = (opts: { port: number; section?: string; backendNs?: string; kind?: string }) =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: ${opts.kind ?? 'HTTPRoute'}\n` +
  'metadata: {name: r, namespace: app}\nspec:\n' +
  `  parentRefs: [{name: gw${opts.section ? `, sectionName: ${opts.section}` : ''}}]\n` +
  `  rules: [{backendRefs: [{name: proxy, port: ${opts.port}` +
  `${opts.backendNs ? `, namespace: ${opts.backendNs}` : ''}}]}]\n`;
const codes = (yaml: string) => {
  const all = docs(yaml);
  return all.flatMap((d) => checkRoutes(d, all)).map((f) => `${f.code} ${f.path}`);
};

describe('checkRoutes', () => {
  it.each([
    ['a matching port and listener', route({ port: 4180, section: 'https' }), []],
    ['no sectionName: the Gateway picks its listeners', route({ port: 4180 }), []],
    ['a GRPCRoute with a wrong port', route({ port: 80, kind: 'GRPCRoute' }), ['ROUTE_PORT_MISMATCH']],
    ['a wrong listener', route({ port: 4180, section: 'http' }), ['ROUTE_LISTENER_UNKNOWN']],
    ['a Service of that name in another namespace is not this one', route({ port: 80, backendNs: 'other' }), []],
  ])('%s', (_, r, want) => {
    const found = codes(`${service('app', 4180)}---\n${gateway('app')}---\n${r}`).map((c) => c.split(' ')[0]);
    expect(found).toEqual(want);
  });

  it('leaves references to objects the example does not define to the other checks', () => {
    expect(codes(`${gateway('elsewhere')}---\n${route({ port: 1, section: 'nope' })}`)).toEqual([]);
  });

  it('points at the port and the sectionName', () => {
    expect(codes(`${service('app', 4180)}---\n${gateway('app')}---\n${route({ port: 1, section: 'x' })}`)).toEqual([
      'ROUTE_PORT_MISMATCH spec.rules[0].backendRefs[0].port',
      'ROUTE_LISTENER_UNKNOWN spec.parentRefs[0].sectionName',
    ]);
  });

  it("resolves a namespaced Issuer's solver in its own namespace and a ClusterIssuer's in the parentRef's", () => {
    const issuer = (kind: string, ns: string) =>
      `apiVersion: cert-manager.io/v1\nkind: ${kind}\nmetadata: {name: le${ns ? `, namespace: ${ns}` : ''}}\n` +
      'spec:\n  acme:\n    solvers: [{http01: {gatewayHTTPRoute: {parentRefs: [{name: gw, sectionName: web}]}}}]\n';
    expect(codes(`${gateway('app')}---\n${issuer('Issuer', 'app')}`)).toHaveLength(1);
    expect(codes(`${gateway('app')}---\n${issuer('Issuer', 'other')}`)).toHaveLength(0);
    expect(codes(`${gateway('app')}---\n${issuer('ClusterIssuer', '')}`)).toHaveLength(1);
  });
});
