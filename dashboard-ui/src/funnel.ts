// Funnel steps as the API and the URL write them (`page:/compose`, `page:/help/*`, `click:send_email_btn`):
// parsing, the editor's list operations and the API's parameters. Pure: no React, no DOM.
import type { QueryParams } from './api/client';
import type { FunnelWithin } from './api/types';

/** The API's bounds (FunnelSteps.MIN / MAX): fewer steps are not asked for, more cannot be added. */
export const MIN_STEPS = 2;
export const MAX_STEPS = 8;
/** FunnelStep.MAX_CHARS: a longer step is refused by the service, so the URL never keeps one. */
const MAX_STEP_CHARS = 1024;

export const WITHIN_OPTIONS: ReadonlyArray<{ value: FunnelWithin; label: string }> = [
  { value: 'session', label: 'One session' },
  { value: 'day', label: 'One day' },
  { value: '7d', label: '7 days' },
];

export type StepKind = 'page' | 'click';

export interface FunnelStep {
  kind: StepKind;
  /** A path (starting with "/") for pages, a data-pb-track label for clicks; without the trailing "*". */
  value: string;
  /** `page:<prefix>*`: any path starting with `value`. */
  prefix: boolean;
}

/** Reads one step as the service does (FunnelStep.parse, trimmed); null where the service would answer 400. */
export function parseStep(raw: string): FunnelStep | null {
  const text = raw.trim();
  if (text === '' || text.length > MAX_STEP_CHARS || text.includes('\u0000')) return null;
  if (text.startsWith('page:')) {
    let path = text.slice('page:'.length);
    const prefix = path.endsWith('*');
    if (prefix) path = path.slice(0, -1);
    if (!path.startsWith('/') || path.includes('*')) return null;
    return { kind: 'page', value: path, prefix };
  }
  if (text.startsWith('click:')) {
    const label = text.slice('click:'.length);
    return label === '' ? null : { kind: 'click', value: label, prefix: false };
  }
  return null;
}

/** The step as the `step` parameter writes it. */
export function stepWire(step: FunnelStep): string {
  return `${step.kind}:${step.value}${step.prefix ? '*' : ''}`;
}

/**
 * What the editor's "add" field holds, as a step: for pages a path ("/compose") or a prefix ("/help/*"), for
 * clicks a label; a value already written as `page:…`/`click:…` is taken as it is. Null when invalid.
 */
export function stepFromInput(kind: StepKind, input: string): FunnelStep | null {
  const text = input.trim();
  if (text.startsWith('page:') || text.startsWith('click:')) return parseStep(text);
  return parseStep(`${kind}:${text}`);
}

/** For people: "Page /compose", "Pages under /help/", "Click send_email_btn". */
export function stepLabel(raw: string): string {
  const step = parseStep(raw);
  if (!step) return raw;
  if (step.kind === 'click') return `Click ${step.value}`;
  return step.prefix ? `Pages under ${step.value}` : `Page ${step.value}`;
}

/** The URL's `funnel_step` values: valid ones only, normalised, at most MAX_STEPS (the rest ignored). */
export function parseSteps(values: readonly string[]): string[] {
  return values
    .map(parseStep)
    .filter((step): step is FunnelStep => step !== null)
    .slice(0, MAX_STEPS)
    .map(stepWire);
}

export function addStep(steps: readonly string[], step: string): string[] {
  return steps.length >= MAX_STEPS ? [...steps] : [...steps, step];
}

export function removeStep(steps: readonly string[], index: number): string[] {
  return steps.filter((_, i) => i !== index);
}

/** Swaps a step with its neighbour (`by` -1: up, +1: down); out of range: unchanged. */
export function moveStep(steps: readonly string[], index: number, by: -1 | 1): string[] {
  const target = index + by;
  const out = [...steps];
  if (index < 0 || index >= out.length || target < 0 || target >= out.length) return out;
  [out[index], out[target]] = [out[target], out[index]];
  return out;
}

export function isFunnelWithin(value: string | null): value is FunnelWithin {
  return WITHIN_OPTIONS.some((option) => option.value === value);
}

/**
 * The funnel's API parameters: the range and filters (without `path_prefix`, which the service refuses for a
 * funnel: its pages are named in the steps), the steps in order, and `within` unless it is the default.
 */
export function funnelParams(rangeAndFilters: QueryParams, steps: readonly string[], within: FunnelWithin): QueryParams {
  const { path_prefix: _ignored, ...rest } = rangeAndFilters;
  return { ...rest, step: [...steps], within: within === 'session' ? undefined : within };
}
