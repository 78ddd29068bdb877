import { describe, expect, it } from 'vitest';
import { formatUtcDate } from '../src/theme/LastUpdated/format';

describe('the last-updated date without Intl', () => {
  const intl = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

  it('prints every day of 2020 to 2031 as the theme did with Intl', () => {
    const differences: string[] = [];
    for (let t = Date.UTC(2020, 0, 1); t < Date.UTC(2032, 0, 1); t += 86_400_000) {
      // Late in the UTC day, so a local-time formatter would print the next day in UTC+ zones.
      const date = new Date(t + 23 * 3_600_000 + 59 * 60_000);
      if (formatUtcDate(date) !== intl.format(date)) differences.push(`${date.toISOString()}: ${formatUtcDate(date)}`);
    }
    expect(differences).toEqual([]);
  });

  it('uses the UTC day, not the local one', () => {
    expect(formatUtcDate(new Date('2026-11-30T23:30:00Z'))).toBe('Nov 30, 2026');
    expect(formatUtcDate(new Date('2026-12-01T00:10:00+02:00'))).toBe('Nov 30, 2026');
  });
});
