// Code colours pass WCAG AA (4.5:1) in both themes, for every token type the themes colour.
import { describe, expect, it } from 'vitest';
import { codeColorsCss, darkCodeTheme, lightCodeTheme, siteCodeTheme } from '../src/prism/themes.ts';

/** WCAG 2 relative luminance of #rrggbb. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [
    number,
    number,
    number,
  ];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('contrast()', () => {
  it('measures the WCAG reference pairs', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});

describe.each([
  ['light', lightCodeTheme],
  ['dark', darkCodeTheme],
])('the %s code theme', (_name, theme) => {
  const background = theme.plain.backgroundColor as string;
  const colours = [
    ['plain', theme.plain.color as string],
    ...theme.styles.map((s) => [s.types.join(','), s.style.color as string]),
  ];

  it('colours YAML keys (atrule) unlike plain text', () => {
    const key = theme.styles.find((s) => s.types.includes('atrule'))?.style.color;
    expect(key).toBeDefined();
    expect(key).not.toBe(theme.plain.color);
  });

  it.each(colours)('%s is at least 4.5:1 against the background', (_types, colour) => {
    expect(colour).toMatch(/^#[0-9a-f]{6}$/i);
    expect(contrast(colour as string, background)).toBeGreaterThanOrEqual(4.5);
  });
});

describe('the site theme of CSS variables', () => {
  const css = codeColorsCss();
  const variables = (scope: string) =>
    Object.fromEntries(
      [
        ...(new RegExp(`${scope}\\{([^}]*)\\}`).exec(css)?.[1] ?? '').matchAll(/(--gw-code-[\w]+):(#[0-9a-f]{6})/gi),
      ].map((m) => [m[1], m[2]]),
    );

  it.each([
    [':root', lightCodeTheme],
    ["\\[data-theme='dark'\\]", darkCodeTheme],
  ])('resolves every colour of the site theme in %s to that mode’s palette', (scope, resolved) => {
    const vars = variables(scope);
    const resolve = (v: unknown) => vars[/^var\((--gw-code-\w+)\)$/.exec(String(v))?.[1] ?? ''];
    expect(resolve(siteCodeTheme.plain.color)).toBe(resolved.plain.color);
    expect(resolve(siteCodeTheme.plain.backgroundColor)).toBe(resolved.plain.backgroundColor);
    siteCodeTheme.styles.forEach((s, i) => {
      expect(resolve(s.style.color)).toBe(resolved.styles[i]?.style.color);
    });
  });
});
