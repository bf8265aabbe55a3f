// The funnel's steps: parsing as the service does, the editor's list operations, the API's parameters, and the
// steps and window in the URL (repeated funnel_step in order, funnel_within; invalid ones ignored).
import { describe, expect, it } from 'vitest';
import { queryString } from '../../src/api/client';
import { barWidth } from '../../src/components/FunnelBars';
import {
  MAX_STEPS, addStep, funnelParams, moveStep, parseStep, parseSteps, removeStep, stepFromInput, stepLabel, stepWire,
} from '../../src/funnel';
import { DEFAULT_VIEW, parseViewState, serializeViewState } from '../../src/state/urlState';

describe('funnel steps', () => {
  it('parses the three kinds of step as the service does, and writes them back', () => {
    expect(parseStep('page:/compose')).toEqual({ kind: 'page', value: '/compose', prefix: false });
    expect(parseStep('page:/help/*')).toEqual({ kind: 'page', value: '/help/', prefix: true });
    expect(parseStep(' click:send_email_btn ')).toEqual({ kind: 'click', value: 'send_email_btn', prefix: false });
    for (const raw of ['page:/compose', 'page:/help/*', 'page:/*', 'click:a b', 'click:x*']) {
      expect(stepWire(parseStep(raw)!)).toBe(raw);
    }
  });

  it('refuses what the service answers 400 for', () => {
    for (const raw of ['', '  ', 'page:', 'page:compose', 'page:/a*b', 'page:/a**', 'click:', 'view:/x', '/compose',
      `page:/${'a'.repeat(1024)}`, 'click:a\u0000b']) {
      expect(parseStep(raw), raw).toBeNull();
    }
  });

  it('takes the add field as a path, a prefix or a label, or as a whole step', () => {
    expect(stepFromInput('page', ' /compose ')).toEqual({ kind: 'page', value: '/compose', prefix: false });
    expect(stepFromInput('page', '/help/*')).toEqual({ kind: 'page', value: '/help/', prefix: true });
    expect(stepFromInput('click', 'send_email_btn')).toEqual({ kind: 'click', value: 'send_email_btn', prefix: false });
    expect(stepFromInput('page', 'click:nav_compose')).toEqual({ kind: 'click', value: 'nav_compose', prefix: false });
    expect(stepFromInput('page', 'compose')).toBeNull();
    expect(stepFromInput('click', '')).toBeNull();
  });

  it('names steps for people', () => {
    expect(stepLabel('page:/compose')).toBe('Page /compose');
    expect(stepLabel('page:/help/*')).toBe('Pages under /help/');
    expect(stepLabel('click:send_email_btn')).toBe('Click send_email_btn');
  });

  it('adds up to eight steps, removes one, and moves one up or down (not past either end)', () => {
    const steps = ['page:/a', 'page:/b', 'click:c'];
    expect(moveStep(steps, 2, -1)).toEqual(['page:/a', 'click:c', 'page:/b']);
    expect(moveStep(steps, 0, 1)).toEqual(['page:/b', 'page:/a', 'click:c']);
    expect(moveStep(steps, 0, -1)).toEqual(steps);
    expect(moveStep(steps, 2, 1)).toEqual(steps);
    expect(removeStep(steps, 1)).toEqual(['page:/a', 'click:c']);
    expect(steps).toEqual(['page:/a', 'page:/b', 'click:c']); // never changed in place
    let many: string[] = [];
    for (let i = 0; i < 10; i++) many = addStep(many, `page:/p${i}`);
    expect(many).toHaveLength(MAX_STEPS);
    expect(many.at(-1)).toBe('page:/p7');
  });

  it('keeps only valid URL steps, in order, at most eight', () => {
    expect(parseSteps(['page:/a', 'nope', 'click:b', 'page:x'])).toEqual(['page:/a', 'click:b']);
    expect(parseSteps(Array.from({ length: 10 }, (_, i) => `click:l${i}`))).toHaveLength(8);
  });

  it('asks the API with the steps in order, without path_prefix, and within only when not the default', () => {
    const base = { from: '2026-11-01', to: '2026-11-30', tz: 'UTC', customer_id: 42, surface: undefined, path_prefix: '/x' };
    const params = funnelParams(base, ['page:/compose', 'click:send_email_btn'], 'session');
    expect(queryString(params)).toBe('?from=2026-11-01&to=2026-11-30&tz=UTC&customer_id=42'
      + '&step=page%3A%2Fcompose&step=click%3Asend_email_btn');
    expect(new URLSearchParams(queryString(funnelParams(base, ['click:b', 'page:/a*'], '7d'))).getAll('step'))
      .toEqual(['click:b', 'page:/a*']);
    expect(funnelParams(base, ['click:b', 'page:/a'], 'day').within).toBe('day');
  });

  it('draws a bar as wide as the conversion from step 1', () => {
    const step = { step: 'page:/a', sessions: 1, users: 1, conversion_from_previous_pct: null, median_time_from_previous_ms: null,
      drop_off: null, drop_off_pct: null };
    expect(barWidth({ ...step, conversion_from_first_pct: 55 })).toBe(55);
    expect(barWidth({ ...step, conversion_from_first_pct: null })).toBe(0);
    expect(barWidth({ ...step, conversion_from_first_pct: 100 })).toBe(100);
  });
});

describe('the funnel in the URL', () => {
  it('round-trips the steps as repeated funnel_step parameters in order, and funnel_within', () => {
    const view = { ...DEFAULT_VIEW, funnelSteps: ['page:/compose', 'page:/help/*', 'click:send_email_btn'], funnelWithin: '7d' as const };
    const search = serializeViewState(view, '');
    expect(search).toBe('?funnel_step=page:/compose&funnel_step=page:/help/*&funnel_step=click:send_email_btn&funnel_within=7d');
    expect(parseViewState(search)).toEqual(view);
  });

  it('leaves the defaults out: no step, within one session', () => {
    expect(parseViewState('?funnel_within=session')).toEqual(DEFAULT_VIEW);
    expect(serializeViewState({ ...DEFAULT_VIEW, funnelSteps: [] }, '')).toBe('');
  });

  it('ignores invalid steps and windows, and keeps the other parameters and their place', () => {
    const view = parseViewState('?tab=x&funnel_step=page:/a&funnel_step=bogus&funnel_step=click%3Ab%20c&funnel_within=month&period=7d');
    expect(view.funnelSteps).toEqual(['page:/a', 'click:b c']);
    expect(view.funnelWithin).toBeUndefined();
    expect(view.period).toBe('7d');
    const next = serializeViewState({ ...view, funnelSteps: ['click:b c', 'page:/a'] }, '?tab=x&funnel_step=page:/a&period=7d');
    expect(next).toBe('?tab=x&period=7d&funnel_step=click:b%20c&funnel_step=page:/a');
    // removing the funnel removes its parameters only
    expect(serializeViewState({ ...view, funnelSteps: undefined }, next)).toBe('?tab=x&period=7d');
  });

  it('keeps labels with URL-special characters exact', () => {
    const view = { ...DEFAULT_VIEW, funnelSteps: ['click:a&b=c', 'page:/q?x#y'] };
    expect(parseViewState(serializeViewState(view, '')).funnelSteps).toEqual(view.funnelSteps);
  });
});
