// The convention for tests that may be skipped: the reason goes into the title, where every
// reporter shows it. `npm test` (scripts/test.ts) prints each skipped test with the reason
// found in its own title or a describe's, and counts a skip without one as a failure.
//
//   it.skipIf(!!why)(skippable('installs the chart', why), async () => { ... });
//   describe.skipIf(why)(skippable('site in Chromium', why), () => { ... });

/** `title (skipped: reason)` when there is a reason to skip, else the title unchanged. */
export function skippable(title: string, reason: string | false | undefined | null): string {
  return reason ? `${title} (skipped: ${reason})` : title;
}
