// The page footer's date, as the theme prints it ("Nov 30, 2026", UTC), without
// Intl.DateTimeFormat: constructing the first formatter of a page loads the locale's
// data, one task of about 160 ms on a phone (Lighthouse's 4x CPU), during hydration.
// The site has one locale, English, so the month names are written here; a test
// compares this function with Intl for every day of several years.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatUtcDate(date: Date): string {
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
}
