import { defineConfig } from 'vitest/config';

// `npm test` (scripts/test.ts) adds the reporters: a readable one on the
// terminal and JSON in test-results/ for the final summary line.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/fixtures/**', 'node_modules/**', 'build/**', '.docusaurus/**'],
    // Helm renders take well under a second each; a cold helm extraction, a
    // browser launch or a site build take longer, and say so with a tag below.
    testTimeout: 20_000,
    hookTimeout: 60_000,
    teardownTimeout: 10_000,
    slowTestThreshold: 2_000,
    // CI machines have 2 cores, and several suites spawn helm, Chromium or a
    // Docusaurus build of their own: two forked workers, no more.
    pool: 'forks',
    maxWorkers: 2,
    tags: [
      {
        name: 'slow',
        description: 'takes 10 s or more (a site build); skip with --tags-filter="!slow"',
        timeout: 180_000,
      },
      { name: 'browser', description: 'drives Chromium against the built site', timeout: 60_000 },
    ],
  },
});
