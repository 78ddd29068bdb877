import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runHarness, type HarnessResult } from '../scripts/harness/run.ts';
import { harnessOptions } from './helpers/harness.ts';

const fixtures = path.join('test', 'fixtures');
let result: HarnessResult;

beforeAll(async () => {
  const dirs = [
    ...new Set(CASES.map((c) => c.dir)),
    'crossref-clean',
    'crossref-optout',
    'crossref-uses',
    'crossref-partials',
    'crossref-kinds',
  ];
  result = await runHarness(harnessOptions(dirs.map((d) => path.join(fixtures, d))));
}, 60_000);

const CASES = [
  {
    dir: 'crossref-wrong-port',
    code: 'ROUTE_PORT_MISMATCH',
    file: 'ingress.yaml',
    line: 21,
    message: /port 80 does not match Service ghostwire port 6901 \(vnc\)/,
  },
  {
    dir: 'crossref-wrong-service',
    code: 'ROUTE_SERVICE_UNKNOWN',
    file: 'ingress.yaml',
    line: 19,
    message: /Service "signal".*creates Service ghostwire on 6901 \(vnc\)/,
  },
  {
    dir: 'crossref-wrong-namespace',
    code: 'NAMESPACE_MISMATCH',
    file: 'ingress.yaml',
    line: 5,
    message: /namespace default, but the release is in ghostwire/,
  },
  {
    dir: 'crossref-selector-misses',
    code: 'SELECTOR_MATCHES_NOTHING',
    file: 'network-policy.yaml',
    line: 7,
    message: /selector app=ghostwire selects none of the chart's pods/,
  },
  {
    dir: 'crossref-policy-port',
    code: 'POLICY_PORT_MISSING',
    file: 'network-policy.yaml',
    line: 13,
    message: /only opens port 8080; the KasmVNC client listens on 6901 \(vnc\)/,
  },
  {
    dir: 'crossref-https-backend',
    code: 'BACKEND_PROTOCOL_MISMATCH',
    file: 'ingress.yaml',
    line: 9,
    message: /speaks HTTPS to Service ghostwire, but with tls.mode: disabled/,
  },
  {
    dir: 'crossref-tls-secret',
    code: 'SECRET_NOT_PROVIDED',
    file: 'ingress.yaml',
    line: 24,
    message: /Secret "signal-example-com-tls", which nothing in this example creates/,
  },
  {
    dir: 'crossref-websocket',
    code: 'WEBSOCKET_TIMEOUT_MISSING',
    file: 'ingress.yaml',
    line: 8,
    message: /proxy-read-timeout: "60"/,
  },
  {
    dir: 'crossref-websocket',
    code: 'WEBSOCKET_TIMEOUT_MISSING',
    file: 'ingress.yaml',
    line: 6,
    message: /without nginx.ingress.kubernetes.io\/proxy-send-timeout/,
  },
  {
    dir: 'crossref-namespace-label',
    code: 'NAMESPACE_LABEL_UNKNOWN',
    file: 'network-policy.yaml',
    line: 15,
    message: /name=ingress-nginx.*kubernetes.io\/metadata.name/,
  },
  {
    dir: 'crossref-upstream',
    code: 'ROUTE_PORT_MISMATCH',
    file: 'oauth2-proxy.yaml',
    line: 20,
    message: /oauth2-proxy --upstream port 80/,
  },
  {
    dir: 'crossref-values-secret',
    code: 'SECRET_NOT_PROVIDED',
    file: 'values.yaml',
    line: 3,
    message: /auth.existingSecret name Secret "ghostwire-vnc-password"/,
  },
];

describe('crossref fixtures with one deliberate mismatch each', () => {
  it.each(CASES)('should report $code in $dir/$file:$line', ({ dir, code, file, line, message }) => {
    const inDir = result.findings.filter((f) => f.file.startsWith(`test/fixtures/${dir}/`));
    const hit = inDir.find((f) => f.code === code && f.line === line);
    expect(hit, JSON.stringify(inDir, null, 1)).toBeDefined();
    expect(hit?.file).toBe(`test/fixtures/${dir}/${file}`);
    expect(hit?.severity).toBe('error');
    expect(hit?.message).toMatch(message);
  });

  it.each([...new Set(CASES.map((c) => c.dir))])('should report nothing but the deliberate mistake in %s', (dir) => {
    const expected = CASES.filter((c) => c.dir === dir)
      .map((c) => `${c.code}@${c.line}`)
      .sort();
    const got = result.findings
      .filter((f) => f.file.startsWith(`test/fixtures/${dir}/`))
      .map((f) => `${f.code}@${f.line}`)
      .sort();
    expect(got).toEqual(expected);
  });
});

describe('a complete, consistent example', () => {
  it('should have zero findings', () => {
    expect(result.findings.filter((f) => f.file.startsWith('test/fixtures/crossref-clean/'))).toEqual([]);
    expect(
      result.outcomes.filter((o) => o.snippet.file.startsWith('test/fixtures/crossref-clean/')).map((o) => o.status),
    ).toEqual(Array(4).fill('passed'));
  });
});

describe('values a fence uses, and the page context', () => {
  const page = 'test/fixtures/crossref-uses/page.md';
  it('should accept an HTTPS backend bound to tls.mode: custom values under a page-level release and namespace', () => {
    expect(result.findings.filter((f) => f.file === page && f.line >= 33 && f.line <= 48)).toEqual([]);
  });
  it('should require a BackendTLSPolicy for an HTTPRoute when the pod serves HTTPS', () => {
    const f = result.findings.find((x) => x.file === page && x.code === 'BACKEND_PROTOCOL_MISMATCH');
    expect(f?.line).toBe(61);
    expect(f?.message).toMatch(/Service signal-ghostwire.*tls.mode: custom.*BackendTLSPolicy/);
  });
  it('should report a uses= that names no values fence', () => {
    expect(result.findings.find((x) => x.file === page && x.code === 'UNKNOWN_VALUES_ID')?.line).toBe(66);
  });
});

describe('opt-outs', () => {
  const page = 'test/fixtures/crossref-optout/page.md';
  it('should drop the finding and list the opt-out with its reason', () => {
    expect(result.optOuts).toContainEqual({
      file: page,
      line: 4,
      code: 'ROUTE_PORT_MISMATCH',
      reason: 'shows the mistake on purpose',
    });
    expect(result.findings.filter((f) => f.file === page && f.line < 20)).toEqual([]);
  });
  it('should honour # ghostwire-ignore comments above documents in YAML files, also after ---', () => {
    const file = 'test/fixtures/crossref-optout/ingress.yaml';
    expect(result.findings.filter((f) => f.file === file)).toEqual([]);
    expect(result.optOuts.filter((o) => o.file === file).map((o) => [o.line, o.reason])).toEqual([
      [2, 'the first document shows the mistake on purpose'],
      [19, 'so does the second, after a document marker'],
    ]);
  });

  it('should refuse an opt-out without a reason and keep the finding', () => {
    const codes = result.findings
      .filter((f) => f.file === page && f.line > 20)
      .map((f) => f.code)
      .sort();
    expect(codes).toEqual(['OPT_OUT_WITHOUT_REASON', 'ROUTE_PORT_MISMATCH']);
    expect(result.optOuts.filter((o) => o.file === page)).toHaveLength(1);
    expect(result.optOuts.filter((o) => o.file === page)[0]?.line).toBe(4);
  });
});

describe('MDX partials belong to the page that imports them', () => {
  const dir = 'test/fixtures/crossref-partials';
  it('should check a partial under the page context, with Secrets from sibling partials', () => {
    expect(
      result.findings.filter(
        (f) => f.file.startsWith(`${dir}/_parts/`) && f.severity === 'error' && f.code !== 'CONTEXT_IN_PARTIAL',
      ),
    ).toEqual([]);
    expect(result.outcomes.filter((o) => o.snippet.file.startsWith(`${dir}/_parts/`)).map((o) => o.status)).toEqual([
      'passed',
      'passed',
    ]);
  });
  it('should refuse front matter in a partial, naming the page to move it to', () => {
    const f = result.findings.find((x) => x.code === 'CONTEXT_IN_PARTIAL');
    expect(f?.file).toBe(`${dir}/_parts/stray.mdx`);
    expect(f?.message).toContain(`Move its ghostwire: block into the front matter of ${dir}/page.mdx`);
  });
});

describe('every routing and selecting kind, one broken object each', () => {
  const dir = 'test/fixtures/crossref-kinds';
  it.each([
    [
      'routes.yaml',
      13,
      'ROUTE_PORT_MISMATCH',
      /HTTPRoute backendRef port 443 does not match Service ghostwire port 6901 \(vnc\)/,
    ],
    ['routes.yaml', 28, 'BACKEND_PROTOCOL_MISMATCH', /IngressRoute service speaks HTTPS/],
    [
      'routes.yaml',
      41,
      'NAMESPACE_MISMATCH',
      /VirtualService destination looks for Service ghostwire in namespace signal/,
    ],
    ['routes.yaml', 54, 'WEBSOCKET_TIMEOUT_MISSING', /enableWebsockets: true/],
    ['routes.yaml', 65, 'ROUTE_SERVICE_UNKNOWN', /ServiceIntentions destination points at Service "ghostwire-desktop"/],
    ['routes.yaml', 82, 'ROUTE_PORT_MISMATCH', /Probe target port 6902/],
    [
      'routes.yaml',
      93,
      'ROUTE_SERVICE_UNKNOWN',
      /attaches to Linkerd Server "ghostwire-vnc", which this example does not define/,
    ],
    ['selectors.yaml', 8, 'SELECTOR_MATCHES_NOTHING', /PodDisruptionBudget selector app=signal/],
    [
      'selectors.yaml',
      18,
      'SELECTOR_MATCHES_NOTHING',
      /ServiceMonitor selector app.kubernetes.io\/name=signal selects none of the chart's services/,
    ],
    ['selectors.yaml', 30, 'SELECTOR_MATCHES_NOTHING', /PodMonitor selector/],
    ['selectors.yaml', 45, 'SELECTOR_MATCHES_NOTHING', /Schedule selector app.kubernetes.io\/instance=signal/],
    [
      'selectors.yaml',
      59,
      'POLICY_PORT_MISSING',
      /CiliumNetworkPolicy ghostwire selects the chart's pods but only opens port 443/,
    ],
    [
      'selectors.yaml',
      73,
      'SELECTOR_MATCHES_NOTHING',
      /NetworkPolicy selector app.kubernetes.io\/instance == 'signal'/,
    ],
  ])('%s:%i should report %s', (file, line, code, message) => {
    const f = result.findings.find((x) => x.file === `${dir}/${file}` && x.line === line && x.severity === 'error');
    expect(f?.code).toBe(code);
    expect(f?.message).toMatch(message);
  });
});
