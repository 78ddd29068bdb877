// .github/workflows/chart-release.yml: actions pinned by full commit SHA with the
// version in a comment, least privilege, and the steps RELEASING.md describes.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CHART_DIR } from './render';

const FILE = path.resolve(CHART_DIR, '..', '.github', 'workflows', 'chart-release.yml');
const text = await readFile(FILE, 'utf8');
const workflow = parse(text) as {
  permissions: unknown;
  jobs: Record<string, { permissions?: Record<string, string> }>;
};

describe('chart-release workflow', () => {
  it('should pin every action by commit SHA and name the version', () => {
    const uses = [...text.matchAll(/^\s*(?:- )?uses: (\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThan(4);
    for (const [line, ref, comment] of uses) {
      expect(ref, line).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      expect(comment, line).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
  });

  it('should grant nothing by default and write access only to the release job', () => {
    expect(workflow.permissions).toEqual({});
    expect(workflow.jobs['version-bump']?.permissions).toEqual({ contents: 'read' });
    expect(workflow.jobs['release']?.permissions).toEqual({
      contents: 'read',
      packages: 'write',
      'id-token': 'write',
      attestations: 'write',
    });
  });

  it('should check the version on pull requests and package, push, sign and attest on main', () => {
    expect(text).toContain('scripts/chart-version-check.ts --base "origin/${GITHUB_BASE_REF}"');
    for (const step of ['scripts/chart-package.ts', 'push "$CHART"', 'cosign sign --yes', 'attest-build-provenance'])
      expect(text).toContain(step);
  });
});
