import { describe, expect, it } from 'vitest';
import { STYLES, THEMES, heatShades, mixHex, type Theme } from '../../src/styles';

// WCAG 2.1 relative luminance and contrast ratio.
function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = m.slice(1).map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// Every text colour the stylesheet puts on every background it can stand on.
const TEXT_PAIRS: Array<[keyof Theme, keyof Theme]> = [
  ['text', 'bg'], ['text', 'surface'], ['text', 'bar'], ['text', 'buttonBg'],
  ['muted', 'bg'], ['muted', 'surface'], ['muted', 'bar'],
  ['up', 'surface'], ['down', 'surface'], ['accentText', 'surface'],
  ['errorText', 'errorBg'], ['chipText', 'chipBg'], ['dangerText', 'dangerBg'],
];

describe('colour contrast (WCAG 2.1 AA)', () => {
  for (const [name, theme] of Object.entries(THEMES) as Array<[string, Theme]>) {
    it(`${name} theme: text is at least 4.5:1 on its backgrounds`, () => {
      for (const [fg, bg] of TEXT_PAIRS) {
        const ratio = contrast(theme[fg], theme[bg]);
        expect(ratio, `${name} ${fg} ${theme[fg]} on ${bg} ${theme[bg]}: ${ratio.toFixed(2)}`).toBeGreaterThanOrEqual(4.5);
      }
    });

    it(`${name} theme: retention cells' text is at least 4.5:1 on every shade, and the shades darken (light) or lighten (dark) in order`, () => {
      const shades = heatShades(theme);
      expect(shades).toHaveLength(11);
      expect(shades[0]).toBe(theme.surface);
      expect(shades[10]).toBe(theme.heat);
      for (const shade of shades) {
        const ratio = contrast(theme.text, shade);
        expect(ratio, `${name} text on ${shade}: ${ratio.toFixed(2)}`).toBeGreaterThanOrEqual(4.5);
      }
      // proportional: each step is further from the surface than the one before
      const distance = shades.map((shade) => contrast(shade, theme.surface));
      for (let i = 1; i < distance.length; i++) expect(distance[i]).toBeGreaterThan(distance[i - 1]);
      expect(STYLES).toContain(`--pbd-heat-10: ${theme.heat};`);
    });

    it(`${name} theme: focus ring and selection marks are at least 3:1 (non-text)`, () => {
      expect(contrast(theme.focus, theme.surface)).toBeGreaterThanOrEqual(3);
      expect(contrast(theme.focus, theme.bg)).toBeGreaterThanOrEqual(3);
      expect(contrast(theme.chartLine, theme.surface)).toBeGreaterThanOrEqual(3);
    });
  }
});

describe('mixHex', () => {
  it('mixes two #rrggbb colours channel by channel', () => {
    expect(mixHex('#000000', '#ffffff', 0)).toBe('#000000');
    expect(mixHex('#000000', '#ffffff', 1)).toBe('#ffffff');
    expect(mixHex('#000000', '#ffffff', 0.5)).toBe('#808080');
    expect(mixHex('#ff0000', '#0000ff', 0.25)).toBe('#bf0040');
  });
});

describe('stylesheet scoping', () => {
  it('starts every rule with .pbd-root', () => {
    // Strip the @media wrappers, then check each selector list.
    const selectors = STYLES.replace(/\/\*[\s\S]*?\*\//g, '').replace(/@media[^{]+\{/g, '')
      .split('}')
      .map((block) => block.split('{')[0].trim())
      .filter(Boolean);
    expect(selectors.length).toBeGreaterThan(40);
    for (const list of selectors) {
      for (const selector of list.split(',')) {
        expect(selector.trim(), `unscoped selector: ${selector}`).toMatch(/^\.pbd-root\b/);
      }
    }
  });

  it('loads nothing from anywhere (no url(), @import or web fonts)', () => {
    expect(STYLES).not.toMatch(/url\(|@import|@font-face/);
  });
});
