// Explicit, reasoned opt-outs of cross-checks on a fence or a YAML document. Pure.
import type { Classified } from '../classify.ts';
import type { Finding, KubeDocument } from '../types.ts';

/** Opt-outs of a snippet (fence meta) or document (`# ghostwire-ignore CODE: reason`). */
export function optOutsOf(c: Classified, doc?: KubeDocument): { codes: Map<string, string>; findings: Finding[] } {
  const codes = new Map<string, string>();
  const findings: Finding[] = [];
  const s = c.snippet;
  if (s.meta['ignore']) {
    const reason = s.meta['reason']?.trim() ?? '';
    // An opt-out without a reason does not take effect: the finding stays, next to this one.
    if (reason)
      for (const code of s.meta['ignore']
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean))
        codes.set(code, reason);
    else
      findings.push({
        code: 'OPT_OUT_WITHOUT_REASON',
        severity: 'error',
        file: s.file,
        line: s.line,
        path: '',
        message: `This fence opts out of ${s.meta['ignore']} without a reason; add reason="…".`,
      });
  }
  for (const m of (doc?.comment ?? '').matchAll(/ghostwire-ignore\s+([A-Z_,]+)\s*:?\s*(.*)/g)) {
    const reason = (m[2] ?? '').trim();
    if (reason) for (const code of (m[1] as string).split(',').filter(Boolean)) codes.set(code, reason);
    else if (doc)
      findings.push({
        code: 'OPT_OUT_WITHOUT_REASON',
        severity: 'error',
        file: doc.file,
        line: doc.line,
        path: '',
        message: `# ghostwire-ignore ${m[1]} needs a reason after the code: # ghostwire-ignore ${m[1]}: why.`,
      });
  }
  return { codes, findings };
}
