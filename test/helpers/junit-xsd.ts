// Test helper: a small checker for the common JUnit XML shape (the element and attribute
// rules of the Jenkins xunit plugin's junit-10.xsd), hand-written so no schema is
// downloaded. It parses the subset of XML the harness writes and returns every violation.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Parses elements, double-quoted attributes, text and the XML declaration; throws on malformed XML. */
export function parseXml(src: string): XmlElement {
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`${msg} at offset ${i}`);
  };
  const decode = (s: string) => {
    if (/&(?!amp;|lt;|gt;|quot;|apos;)/.test(s)) fail(`bad entity in ${JSON.stringify(s.slice(0, 40))}`);
    if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(s)) fail('character XML 1.0 forbids');
    return s.replace(
      /&(amp|lt|gt|quot|apos);/g,
      (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e] as string,
    );
  };
  if (src.startsWith('<?xml')) {
    const end = src.indexOf('?>');
    if (end < 0) fail('unterminated XML declaration');
    i = end + 2;
  }
  const skipSpace = () => {
    while (i < src.length && /\s/.test(src[i] as string)) i++;
  };
  const element = (): XmlElement => {
    if (src[i] !== '<') fail('expected <');
    i++;
    const name = /^[A-Za-z_][\w.-]*/.exec(src.slice(i))?.[0] ?? fail('expected an element name');
    i += name.length;
    const el: XmlElement = { name, attrs: {}, children: [], text: '' };
    for (;;) {
      skipSpace();
      if (src.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (src[i] === '>') {
        i++;
        break;
      }
      const m = /^([A-Za-z_][\w.-]*)="([^"<]*)"/.exec(src.slice(i)) ?? fail(`bad attribute in <${name}>`);
      if ((m[1] as string) in el.attrs) fail(`duplicate attribute ${m[1]} in <${name}>`);
      el.attrs[m[1] as string] = decode(m[2] as string);
      i += m[0].length;
    }
    for (;;) {
      const lt = src.indexOf('<', i);
      if (lt < 0) fail(`unclosed <${name}>`);
      el.text += decode(src.slice(i, lt));
      i = lt;
      if (src.startsWith(`</${name}>`, i)) {
        i += name.length + 3;
        return el;
      }
      if (src.startsWith('</', i)) fail(`mismatched closing tag inside <${name}>`);
      el.children.push(element());
    }
  };
  skipSpace();
  const root = element();
  skipSpace();
  if (i !== src.length) fail('content after the root element');
  return root;
}

interface Rule {
  required: string[];
  optional: string[];
  children: string[];
  text: boolean;
}

const SUREFIRE_TIME = /^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$/;
const RESULT: Rule = { required: [], optional: ['type', 'message'], children: [], text: true };
const OUTPUT: Rule = { required: [], optional: [], children: [], text: true };

/** junit-10.xsd: which attributes and children each element may have. */
export const JUNIT_10: Record<string, Rule> = {
  testsuites: {
    required: [],
    optional: ['name', 'time', 'tests', 'failures', 'errors'],
    children: ['testsuite'],
    text: false,
  },
  testsuite: {
    required: ['name', 'tests', 'failures', 'errors'],
    optional: ['group', 'time', 'skipped', 'timestamp', 'hostname', 'id', 'package', 'file', 'log', 'url'],
    children: ['testsuite', 'properties', 'testcase', 'system-out', 'system-err'],
    text: false,
  },
  testcase: {
    required: ['name'],
    optional: ['time', 'classname', 'group'],
    children: ['skipped', 'error', 'failure', 'system-out', 'system-err'],
    text: false,
  },
  failure: RESULT,
  error: RESULT,
  skipped: RESULT,
  properties: { required: [], optional: [], children: ['property'], text: false },
  property: { required: ['name', 'value'], optional: [], children: [], text: false },
  'system-out': OUTPUT,
  'system-err': OUTPUT,
};

/** What CI tools expect beyond the XSD's minimum: counts and times everywhere, typed failures. */
export const EXPECTED: Record<string, string[]> = {
  testsuites: ['name', 'tests', 'failures', 'errors', 'time'],
  testsuite: ['skipped', 'time'],
  testcase: ['classname', 'time'],
  failure: ['message', 'type'],
};

/** Every way `xml` breaks junit-10.xsd (and EXPECTED when `strict`); [] when it is valid. */
export function junitViolations(xml: string, strict = true): string[] {
  const out: string[] = [];
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (err) {
    return [`not well-formed: ${(err as Error).message}`];
  }
  if (root.name !== 'testsuites' && root.name !== 'testsuite') out.push(`root element is <${root.name}>`);
  const visit = (el: XmlElement, where: string) => {
    const rule = JUNIT_10[el.name];
    if (!rule) {
      out.push(`${where}: unknown element <${el.name}>`);
      return;
    }
    for (const a of rule.required) if (!(a in el.attrs)) out.push(`${where}: <${el.name}> lacks required @${a}`);
    for (const a of strict ? (EXPECTED[el.name] ?? []) : [])
      if (!(a in el.attrs)) out.push(`${where}: <${el.name}> lacks @${a}`);
    for (const a of Object.keys(el.attrs))
      if (!rule.required.includes(a) && !rule.optional.includes(a))
        out.push(`${where}: <${el.name}> may not have @${a}`);
    if (el.attrs['time'] !== undefined && !SUREFIRE_TIME.test(el.attrs['time']))
      out.push(`${where}: <${el.name}> @time "${el.attrs['time']}" is not a time`);
    for (const a of ['tests', 'failures', 'errors', 'skipped'])
      if (el.attrs[a] !== undefined && !/^\d+$/.test(el.attrs[a] as string))
        out.push(`${where}: <${el.name}> @${a} is not a count`);
    if (!rule.text && el.text.trim() !== '') out.push(`${where}: <${el.name}> may not hold text`);
    el.children.forEach((c, n) => {
      if (!rule.children.includes(c.name)) out.push(`${where}: <${c.name}> may not be inside <${el.name}>`);
      visit(c, `${where}/${c.name}[${n}]`);
    });
  };
  visit(root, root.name);
  return out;
}

/** The counts a suite claims against the testcases it holds. */
export function suiteCounts(suite: XmlElement): { claimed: Record<string, number>; actual: Record<string, number> } {
  const cases = suite.children.filter((c) => c.name === 'testcase');
  const has = (name: string) => cases.filter((c) => c.children.some((x) => x.name === name)).length;
  const num = (a: string) => Number(suite.attrs[a] ?? 'NaN');
  return {
    claimed: { tests: num('tests'), failures: num('failures'), errors: num('errors'), skipped: num('skipped') },
    actual: { tests: cases.length, failures: has('failure'), errors: has('error'), skipped: has('skipped') },
  };
}
