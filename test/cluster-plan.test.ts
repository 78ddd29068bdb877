// The cluster tier's plan for this repository: every command, in order, for the chart
// defaults and each examples/ scenario, with the documents the static checks found.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PATHS } from '../scripts/harness/cli.ts';
import { discoverScenarios, formatPlan, planClusterTier } from '../scripts/harness/cluster.ts';
import { runHarness } from '../scripts/harness/run.ts';
import { harnessOptions, repoRoot } from './helpers/harness.ts';

describe('--plan for the repository', async () => {
  const result = await runHarness(harnessOptions(DEFAULT_PATHS, { crossref: false }));
  const documents = result.outcomes.filter((o) => o.status !== 'skipped').flatMap((o) => o.documents);
  const scenarios = await discoverScenarios({
    examplesDir: `${repoRoot}/examples`,
    chartDir: `${repoRoot}/chart`,
  });
  const lines = formatPlan(
    planClusterTier({
      target: 'kind',
      id: 'plan',
      workDir: '/tmp/ghostwire-docs-plan',
      timeoutSec: 300,
      localPort: 16901,
      documents,
      scenarios,
    }),
  ).map((l) => l.split(repoRoot).join('<repo>'));

  it('should install, test and upgrade the chart defaults and every example scenario', () => {
    const examples = ['air-gapped', 'oauth2-letsencrypt', 'service-mesh'];
    expect(scenarios.map((s) => s.name)).toEqual(['defaults', ...examples]);
    for (const s of examples) {
      const values = `examples/${s}/values.yaml`;
      expect(lines.some((l) => l.startsWith('helm install') && l.includes(values))).toBe(true);
      expect(lines.some((l) => l.startsWith('helm upgrade') && l.includes(values))).toBe(true);
    }
  });

  it('should dry-run every documented object against the API server, each named by file:line', () => {
    const dryRuns = lines.filter((l) => l.includes('--dry-run=server') && l.startsWith('kubectl '));
    expect(dryRuns.length).toBe(documents.length);
  });

  it('should end by deleting the cluster and the scratch folder', () => {
    expect(lines.filter((l) => !l.startsWith('#')).slice(-2)).toEqual([
      'kind delete cluster --name ghostwire-docs-plan --kubeconfig /tmp/ghostwire-docs-plan/kubeconfig',
      'rm -rf /tmp/ghostwire-docs-plan',
    ]);
  });

  it('should print the same plan as this snapshot (review changes to it like code)', async () => {
    const commands = lines.filter(
      (l) => !l.startsWith('#') && !(l.includes('--dry-run=server') && l.startsWith('kubectl ')),
    );
    // One command a line; the file is the reviewed plan (regenerate with `npx vitest run <this file> -u`).
    const plan = `${commands.join('\n')}\n`;
    await expect(plan).toMatchFileSnapshot('__snapshots__/cluster-plan-commands.txt');
  });
});
