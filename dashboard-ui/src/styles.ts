// The view's stylesheet, rendered in a <style> inside the root. Every selector starts with .pbd-root
// so nothing leaks into the host app; colours are custom properties switched by prefers-color-scheme.
// System fonts only: the view loads nothing from anywhere.
import { SHADE_LEVELS } from './retention';

export const THEMES = {
  light: {
    bg: '#f6f8fa',
    surface: '#ffffff',
    border: '#d1d9e0',
    text: '#1f2328',
    muted: '#59636e',
    accentText: '#0550ae',
    bar: '#ddf4ff',
    buttonBg: '#f6f8fa',
    up: '#1a7f37',
    down: '#d1242f',
    errorBg: '#ffebe9',
    errorText: '#82071e',
    chipBg: '#ddf4ff',
    chipText: '#0a3069',
    dangerBg: '#cf222e',
    dangerText: '#ffffff',
    focus: '#0969da',
    grid: '#e6e8eb',
    chartLine: '#0969da',
    chartFill: 'rgba(9, 105, 218, 0.12)',
    chartPrevious: '#6e7781',
    heat: '#54aeff', // a retention cell at 100 %; lower percentages mix it with the surface
  },
  dark: {
    bg: '#0d1117',
    surface: '#151b23',
    border: '#3d444d',
    text: '#f0f6fc',
    muted: '#9198a1',
    accentText: '#74b9ff',
    bar: '#0d2d5e',
    buttonBg: '#212830',
    up: '#3fb950',
    down: '#ff7b72',
    errorBg: '#3c1215',
    errorText: '#ffa198',
    chipBg: '#0d2d5e',
    chipText: '#cae8ff',
    dangerBg: '#b62324',
    dangerText: '#ffffff',
    focus: '#4493f8',
    grid: '#2a313c',
    chartLine: '#4493f8',
    chartFill: 'rgba(68, 147, 248, 0.18)',
    chartPrevious: '#9198a1',
    heat: '#1158c7',
  },
} as const;

export type Theme = { [K in keyof typeof THEMES.light]: string };

function variables(theme: Theme): string {
  return Object.entries(theme)
    .map(([name, value]) => `--pbd-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${value};`)
    .join(' ');
}

/** `from` mixed with `to` in sRGB, t = 0 … 1 (#rrggbb in, #rrggbb out). */
export function mixHex(from: string, to: string, t: number): string {
  const channels = (hex: string): number[] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const a = channels(from);
  const b = channels(to);
  return `#${a.map((c, i) => Math.round(c + (b[i] - c) * t).toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The retention cells' backgrounds, level 0 … SHADE_LEVELS (see retention.ts): the surface mixed with the heat
 * colour in proportion. Fixed steps rather than a computed colour, so every one is a #rrggbb whose text contrast a
 * unit test checks (axe can then read them too).
 */
export function heatShades(theme: Theme, levels = SHADE_LEVELS): string[] {
  return Array.from({ length: levels + 1 }, (_, level) => mixHex(theme.surface, theme.heat, level / levels));
}

function heatVariables(theme: Theme): string {
  return heatShades(theme).map((colour, level) => `--pbd-heat-${level}: ${colour};`).join(' ');
}

const HEAT_RULES = heatShades(THEMES.light)
  .map((_, level) => `.pbd-root .pbd-heat-${level} { background: var(--pbd-heat-${level}); }`)
  .join('\n');

export const STYLES = `
.pbd-root { ${variables(THEMES.light)} ${heatVariables(THEMES.light)} color-scheme: light; }
@media (prefers-color-scheme: dark) {
  .pbd-root { ${variables(THEMES.dark)} ${heatVariables(THEMES.dark)} color-scheme: dark; }
}
.pbd-root {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 14px; line-height: 1.45; color: var(--pbd-text); background: var(--pbd-bg);
  padding: 16px; border-radius: 8px; text-align: left;
}
.pbd-root *, .pbd-root *::before, .pbd-root *::after { box-sizing: border-box; }
.pbd-root h2, .pbd-root h3, .pbd-root p, .pbd-root dl, .pbd-root dd, .pbd-root ul { margin: 0; }
.pbd-root ul { padding: 0; list-style: none; }
.pbd-root code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
.pbd-root button, .pbd-root input, .pbd-root select { font: inherit; color: inherit; }
.pbd-root :focus-visible { outline: 2px solid var(--pbd-focus); outline-offset: 2px; }
.pbd-root .pbd-sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0;
}
.pbd-root .pbd-muted { color: var(--pbd-muted); }
.pbd-root .pbd-small { font-size: 12px; }

.pbd-root .pbd-header { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 8px; margin-bottom: 12px; }
.pbd-root .pbd-title { font-size: 20px; font-weight: 650; }

.pbd-root .pbd-controls {
  display: flex; flex-wrap: wrap; align-items: flex-end; gap: 12px 16px; padding: 12px;
  background: var(--pbd-surface); border: 1px solid var(--pbd-border); border-radius: 8px;
}
.pbd-root .pbd-field { display: flex; flex-direction: column; gap: 4px; min-width: 0; }
.pbd-root .pbd-field > label { font-size: 12px; font-weight: 600; color: var(--pbd-muted); }
.pbd-root .pbd-field-check { flex-direction: row; align-items: center; gap: 8px; min-height: 36px; }
.pbd-root .pbd-field-check > label { font-size: 14px; font-weight: 400; color: var(--pbd-text); }
.pbd-root .pbd-field-check input { width: 18px; height: 18px; margin: 0; accent-color: var(--pbd-focus); }
.pbd-root select, .pbd-root input[type="date"], .pbd-root input[type="text"] {
  min-height: 36px; padding: 6px 8px; max-width: 100%;
  background: var(--pbd-surface); border: 1px solid var(--pbd-border); border-radius: 6px;
}
.pbd-root select[name="tz"] { max-width: 16rem; }
.pbd-root .pbd-range { flex: 1 1 100%; font-size: 13px; }

.pbd-root .pbd-chips { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 12px; }
.pbd-root .pbd-chip {
  display: inline-flex; align-items: center; gap: 6px; min-height: 32px; padding: 4px 10px;
  background: var(--pbd-chip-bg); color: var(--pbd-chip-text); border: 1px solid var(--pbd-border);
  border-radius: 999px; font-size: 13px; cursor: pointer; overflow-wrap: anywhere; text-align: left;
}
.pbd-root .pbd-chip-locked { cursor: default; }
.pbd-root .pbd-chip-x { font-size: 16px; line-height: 1; }

.pbd-root .pbd-button {
  display: inline-flex; align-items: center; justify-content: center; min-height: 36px; padding: 6px 12px;
  background: var(--pbd-button-bg); color: var(--pbd-text); border: 1px solid var(--pbd-border);
  border-radius: 6px; cursor: pointer; font-weight: 500;
}
.pbd-root .pbd-button:hover:not(:disabled) { border-color: var(--pbd-muted); }
.pbd-root .pbd-button:disabled { cursor: default; opacity: 0.6; }
.pbd-root .pbd-button[aria-pressed="true"] { background: var(--pbd-chip-bg); color: var(--pbd-chip-text); }
.pbd-root .pbd-button-small { min-height: 32px; padding: 4px 10px; font-size: 13px; }
.pbd-root .pbd-button-danger { background: var(--pbd-danger-bg); color: var(--pbd-danger-text); border-color: var(--pbd-danger-bg); }

.pbd-root .pbd-main { display: grid; gap: 16px; margin-top: 16px; }
.pbd-root .pbd-grid { display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(min(100%, 460px), 1fr)); }
.pbd-root .pbd-panel {
  min-width: 0; padding: 14px 16px; background: var(--pbd-surface);
  border: 1px solid var(--pbd-border); border-radius: 8px;
}
.pbd-root .pbd-panel[aria-busy="true"] .pbd-panel-title::after { content: " · updating"; font-weight: 400; color: var(--pbd-muted); font-size: 13px; }
.pbd-root .pbd-panel-head { display: flex; align-items: center; justify-content: space-between; gap: 8px; margin-bottom: 10px; min-height: 32px; }
.pbd-root .pbd-panel-title { font-size: 15px; font-weight: 650; }
.pbd-root .pbd-panel-actions { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; justify-content: flex-end; }
.pbd-root .pbd-status { padding: 24px 0; text-align: center; color: var(--pbd-muted); }
.pbd-root .pbd-error {
  display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px;
  padding: 10px 12px; border-radius: 6px; background: var(--pbd-error-bg); color: var(--pbd-error-text);
}
.pbd-root .pbd-error .pbd-button { color: var(--pbd-text); }
.pbd-root .pbd-inline-error { color: var(--pbd-down); font-size: 13px; }

.pbd-root .pbd-cards { display: grid; gap: 10px; grid-template-columns: repeat(auto-fill, minmax(132px, 1fr)); }
.pbd-root .pbd-card {
  display: flex; flex-direction: column; align-items: flex-start; gap: 2px; padding: 10px 12px; min-width: 0;
  background: var(--pbd-surface); color: var(--pbd-text); border: 1px solid var(--pbd-border);
  border-radius: 8px; cursor: pointer; text-align: left;
}
.pbd-root .pbd-card:hover { border-color: var(--pbd-muted); }
.pbd-root .pbd-card[aria-pressed="true"] { border-color: var(--pbd-focus); box-shadow: inset 0 -3px 0 var(--pbd-focus); }
.pbd-root .pbd-card-label { font-size: 12px; font-weight: 600; color: var(--pbd-muted); }
.pbd-root .pbd-card-value { font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
.pbd-root .pbd-change { font-size: 12px; font-weight: 600; font-variant-numeric: tabular-nums; }
.pbd-root .pbd-change-up { color: var(--pbd-up); }
.pbd-root .pbd-change-down { color: var(--pbd-down); }
.pbd-root .pbd-change-flat, .pbd-root .pbd-change-none { color: var(--pbd-muted); }

.pbd-root .pbd-chart { position: relative; height: 280px; }
.pbd-root .pbd-chart canvas { max-width: 100%; }

.pbd-root .pbd-table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
.pbd-root .pbd-table caption { text-align: left; padding-bottom: 6px; font-size: 13px; color: var(--pbd-muted); }
.pbd-root .pbd-table th, .pbd-root .pbd-table td { padding: 5px 6px; text-align: left; font-weight: 400; vertical-align: middle; overflow-wrap: anywhere; }
.pbd-root .pbd-table thead th { overflow-wrap: normal; font-size: 12px; font-weight: 600; color: var(--pbd-muted); border-bottom: 1px solid var(--pbd-border); }
/* numbers take what they need, the label column the rest */
.pbd-root .pbd-table .pbd-num { text-align: right; width: 1%; white-space: nowrap; }
.pbd-root .pbd-table tbody tr + tr > * { border-top: 1px solid var(--pbd-grid); }
.pbd-root .pbd-table-scroll { max-height: 320px; overflow: auto; }
.pbd-root .pbd-series-table thead th { position: sticky; top: 0; background: var(--pbd-surface); }
.pbd-root .pbd-label-cell { position: relative; z-index: 0; }
.pbd-root .pbd-bar { position: absolute; z-index: -1; left: 0; top: 2px; bottom: 2px; background: var(--pbd-bar); border-radius: 4px; }
.pbd-root .pbd-row-button {
  display: block; width: 100%; padding: 0; background: none; border: 0; cursor: pointer;
  text-align: left; overflow-wrap: anywhere; text-decoration: underline; text-decoration-color: var(--pbd-border);
  text-underline-offset: 3px;
}
.pbd-root .pbd-row-button:hover { text-decoration-color: currentColor; }
.pbd-root .pbd-row-label, .pbd-root .pbd-row-main { display: block; }
.pbd-root .pbd-row-sub { display: block; font-size: 12px; color: var(--pbd-muted); }
/* the logins' "other" row (small groups kept from view): italic over a striped bar, not told by colour alone */
.pbd-root .pbd-row-suppressed .pbd-row-label { font-style: italic; }
.pbd-root .pbd-row-suppressed .pbd-bar { background: repeating-linear-gradient(135deg, var(--pbd-bar) 0 6px, transparent 6px 9px); }
.pbd-root .pbd-more { margin-top: 8px; }

.pbd-root .pbd-summary { display: flex; flex-wrap: wrap; gap: 8px 24px; margin-bottom: 10px; }
.pbd-root .pbd-summary dt { font-size: 12px; font-weight: 600; color: var(--pbd-muted); }
.pbd-root .pbd-summary dd { font-size: 18px; font-weight: 650; font-variant-numeric: tabular-nums; }
.pbd-root .pbd-tabs { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin-bottom: 8px; }
.pbd-root .pbd-tabs-label { font-size: 12px; font-weight: 600; color: var(--pbd-muted); margin-right: 4px; }
.pbd-root .pbd-tab {
  min-height: 30px; padding: 3px 10px; background: var(--pbd-button-bg); color: var(--pbd-text);
  border: 1px solid var(--pbd-border); border-radius: 999px; cursor: pointer; font-size: 13px;
}
.pbd-root .pbd-tab[aria-pressed="true"] { background: var(--pbd-chip-bg); color: var(--pbd-chip-text); border-color: var(--pbd-focus); font-weight: 600; }

.pbd-root .pbd-erasure > p { margin-bottom: 10px; }
.pbd-root .pbd-erase-form { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 8px 12px; }
.pbd-root .pbd-erase-form .pbd-field { flex: 1 1 260px; }
.pbd-root .pbd-confirm { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; margin-top: 12px; padding: 10px 12px; border: 1px solid var(--pbd-down); border-radius: 6px; }
.pbd-root .pbd-confirm p { flex: 1 1 100%; }
.pbd-root .pbd-sub { overflow-wrap: anywhere; }
.pbd-root .pbd-erase-result { margin-top: 12px; }
.pbd-root .pbd-erasure .pbd-error { margin-top: 12px; }

.pbd-root .pbd-view-tabs { display: flex; gap: 4px; margin-bottom: 12px; border-bottom: 1px solid var(--pbd-border); }
.pbd-root .pbd-view-tab {
  min-height: 36px; padding: 6px 14px; margin-bottom: -1px; background: none; color: var(--pbd-muted);
  border: 1px solid transparent; border-radius: 6px 6px 0 0; cursor: pointer; font-weight: 600;
}
.pbd-root .pbd-view-tab:hover { color: var(--pbd-text); }
.pbd-root .pbd-view-tab[aria-selected="true"] {
  color: var(--pbd-text); background: var(--pbd-surface); border-color: var(--pbd-border);
  border-bottom-color: var(--pbd-surface); box-shadow: inset 0 3px 0 var(--pbd-focus);
}

.pbd-root .pbd-audit-filters { margin-bottom: 12px; padding: 10px 0; border: 0; border-bottom: 1px solid var(--pbd-grid); border-radius: 0; }
.pbd-root .pbd-field-wide { flex: 1 1 200px; }
.pbd-root .pbd-field-narrow input { width: 5.5em; }
.pbd-root .pbd-audit-buttons { display: flex; gap: 8px; }
.pbd-root .pbd-audit-scroll { overflow-x: auto; }
.pbd-root .pbd-audit-table td { vertical-align: top; }
.pbd-root .pbd-audit-table .pbd-audit-time { white-space: nowrap; overflow-wrap: normal; }
/* room for a typical sub and path; longer ones still wrap */
.pbd-root .pbd-audit-table .pbd-audit-subject { min-width: 12rem; }
.pbd-root .pbd-audit-table .pbd-audit-endpoint { min-width: 18rem; }
.pbd-root .pbd-audit-more { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px; margin-top: 8px; }
.pbd-root .pbd-verify { margin-bottom: 12px; padding-bottom: 12px; border-bottom: 1px solid var(--pbd-grid); }
.pbd-root .pbd-verify-head { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; }
.pbd-root .pbd-verify-head p { flex: 1 1 240px; }
.pbd-root .pbd-verify-result { margin-top: 10px; padding: 10px 12px; border: 1px solid var(--pbd-border); border-radius: 6px; }
.pbd-root .pbd-verify-ok { border-color: var(--pbd-up); }
.pbd-root .pbd-verify-broken { border-color: var(--pbd-down); background: var(--pbd-error-bg); color: var(--pbd-error-text); }
.pbd-root .pbd-verify-verdict { font-weight: 650; margin-bottom: 8px; }
.pbd-root .pbd-verify-broken .pbd-summary dt { color: inherit; }

.pbd-root .pbd-scroll-x { overflow-x: auto; }
.pbd-root .pbd-table .pbd-nowrap { white-space: nowrap; overflow-wrap: normal; }
.pbd-root .pbd-list-toolbar { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 8px 12px; margin-bottom: 10px; }
.pbd-root .pbd-list-more { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px; margin-top: 8px; }
.pbd-root .pbd-accounts-table td, .pbd-root .pbd-users-table td { vertical-align: top; }
.pbd-root .pbd-accounts-table th[scope="row"] { vertical-align: top; font-weight: 600; }
/* the customer stays in view while the wide table scrolls sideways */
.pbd-root .pbd-accounts-table tr > :first-child { position: sticky; left: 0; z-index: 1; background: var(--pbd-surface); }
.pbd-root .pbd-sort {
  display: inline-flex; align-items: center; gap: 4px; padding: 0; background: none; border: 0;
  color: inherit; font: inherit; font-weight: 600; cursor: pointer; white-space: nowrap;
}
.pbd-root .pbd-sort:hover { color: var(--pbd-text); }
.pbd-root th[aria-sort] .pbd-sort { color: var(--pbd-text); }
.pbd-root .pbd-sort-mark { font-size: 10px; }
.pbd-root .pbd-badge {
  display: inline-flex; align-items: center; gap: 4px; padding: 1px 8px; white-space: nowrap;
  background: var(--pbd-surface); color: var(--pbd-text); border: 1px solid var(--pbd-border);
  border-radius: 999px; font-size: 12px; font-weight: 600;
}
.pbd-root .pbd-badge-glyph { font-size: 10px; }
.pbd-root .pbd-badge-growing { border-color: var(--pbd-up); }
.pbd-root .pbd-badge-growing .pbd-badge-glyph { color: var(--pbd-up); }
.pbd-root .pbd-badge-declining { border-color: var(--pbd-down); }
.pbd-root .pbd-badge-declining .pbd-badge-glyph { color: var(--pbd-down); }
.pbd-root .pbd-badge-new { border-color: var(--pbd-accent-text); }
.pbd-root .pbd-badge-new .pbd-badge-glyph { color: var(--pbd-accent-text); }
.pbd-root .pbd-badge-dormant, .pbd-root .pbd-badge-steady { border-style: dashed; }
.pbd-root .pbd-badge-dormant .pbd-badge-glyph, .pbd-root .pbd-badge-steady .pbd-badge-glyph { color: var(--pbd-muted); }
.pbd-root .pbd-sparkline { display: block; overflow: visible; }
.pbd-root .pbd-sparkline polyline { stroke: var(--pbd-chart-line); }
.pbd-root .pbd-sparkline circle { fill: var(--pbd-chart-line); }
.pbd-root .pbd-key-actions { display: flex; flex-direction: column; gap: 2px; font-size: 12px; white-space: nowrap; }
.pbd-root .pbd-estimate { text-decoration: none; margin-right: 2px; color: var(--pbd-muted); }
.pbd-root .pbd-account-head { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 24px; margin-bottom: 12px; }
.pbd-root .pbd-account-summary { margin-bottom: 0; align-items: center; }
.pbd-root .pbd-account-summary dd { display: flex; align-items: center; gap: 6px; }

.pbd-root .pbd-funnel-editor { margin-bottom: 12px; padding-bottom: 12px; border-bottom: 1px solid var(--pbd-grid); }
.pbd-root .pbd-funnel-steps { display: grid; gap: 6px; margin: 0 0 10px; padding: 0; list-style: none; }
.pbd-root .pbd-funnel-step {
  display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 6px 12px;
  padding: 4px 4px 4px 10px; border: 1px solid var(--pbd-border); border-radius: 6px;
}
.pbd-root .pbd-funnel-step-name { min-width: 0; overflow-wrap: anywhere; }
.pbd-root .pbd-funnel-step-number { font-weight: 650; font-variant-numeric: tabular-nums; }
.pbd-root .pbd-funnel-step-actions { display: flex; gap: 4px; }
.pbd-root .pbd-funnel-step-actions .pbd-button { min-width: 36px; }
.pbd-root .pbd-funnel-add { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 8px 12px; }
.pbd-root .pbd-funnel-add input[type="text"] { width: 100%; }
.pbd-root .pbd-funnel-hint { flex: 1 1 100%; }
.pbd-root .pbd-funnel-note { margin-bottom: 10px; }
.pbd-root .pbd-funnel-summary { margin-bottom: 12px; }
.pbd-root .pbd-funnel-bars { display: grid; gap: 14px; margin: 0; padding: 0; list-style: none; }
.pbd-root .pbd-funnel-row-head { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 4px 12px; }
.pbd-root .pbd-funnel-name { font-weight: 600; min-width: 0; overflow-wrap: anywhere; }
.pbd-root .pbd-funnel-count { font-variant-numeric: tabular-nums; font-weight: 600; }
.pbd-root .pbd-funnel-track { height: 14px; margin: 4px 0; background: var(--pbd-grid); border-radius: 4px; overflow: hidden; }
.pbd-root .pbd-funnel-bar { display: block; height: 100%; background: var(--pbd-chart-line); border-radius: 4px; }
.pbd-root .pbd-funnel-figures { display: flex; flex-wrap: wrap; gap: 2px 20px; font-size: 13px; font-variant-numeric: tabular-nums; }
.pbd-root .pbd-funnel-figures > div { display: flex; gap: 6px; }
.pbd-root .pbd-funnel-figures dt { color: var(--pbd-muted); }
.pbd-root .pbd-retention-note { margin-bottom: 8px; font-size: 13px; }
.pbd-root .pbd-retention-table th, .pbd-root .pbd-retention-table td { white-space: nowrap; overflow-wrap: normal; }
.pbd-root .pbd-retention-table thead th { text-align: center; }
.pbd-root .pbd-retention-table th[scope="row"] { font-weight: 600; }
/* the cohort stays in view while the triangle scrolls sideways */
.pbd-root .pbd-retention-table tr > :first-child { position: sticky; left: 0; z-index: 1; background: var(--pbd-surface); }
.pbd-root .pbd-retention-table td.pbd-retention-cell { min-width: 64px; text-align: center; border: 2px solid var(--pbd-surface); }
/* the shaded cells separate the rows; lines would cross the empty part of the triangle */
.pbd-root .pbd-retention-table tbody tr + tr > * { border-top: 0; }
.pbd-root .pbd-retention-pct { display: block; font-weight: 600; }
.pbd-root .pbd-retention-count { display: block; font-size: 12px; }
${HEAT_RULES}

@media (max-width: 520px) {
  .pbd-root { padding: 10px; }
  .pbd-root .pbd-panel { padding: 12px; }
  .pbd-root .pbd-table th, .pbd-root .pbd-table td { padding: 5px 3px; }
  /* values with spaces (the customers' "Last seen" dates) may wrap there; numbers still never break */
  .pbd-root .pbd-table td.pbd-num { white-space: normal; overflow-wrap: normal; }
  .pbd-root .pbd-field { flex: 1 1 140px; }
  .pbd-root select[name="tz"] { max-width: 100%; }
  .pbd-root .pbd-audit-table .pbd-audit-time { white-space: normal; }
  .pbd-root .pbd-audit-table .pbd-audit-subject, .pbd-root .pbd-audit-table .pbd-audit-endpoint { min-width: 9rem; }
}
`;
