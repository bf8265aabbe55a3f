import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, parseViewState, serializeViewState, type ViewState } from '../../src/state/urlState';

describe('URL state', () => {
  it('an empty query is the default view, and the default view writes no parameter', () => {
    expect(parseViewState('')).toEqual(DEFAULT_VIEW);
    expect(parseViewState('?')).toEqual(DEFAULT_VIEW);
    expect(serializeViewState(DEFAULT_VIEW, '')).toBe('');
  });

  it('round-trips every parameter', () => {
    const view: ViewState = {
      period: 'custom', from: '2026-11-01', to: '2026-11-30', tz: 'America/New_York', interval: 'hour',
      compare: false, metric: 'login_success_rate', customerId: 48213, surface: 'dashboard',
      pathPrefix: '/messages/inbox',
    };
    const search = serializeViewState(view, '');
    expect(search).toBe(
      '?period=custom&from=2026-11-01&to=2026-11-30&tz=America/New_York&interval=hour&compare=0'
        + '&metric=login_success_rate&customer_id=48213&surface=dashboard&path_prefix=/messages/inbox',
    );
    expect(parseViewState(search)).toEqual(view);
  });

  it('round-trips each preset and metric alone', () => {
    for (const period of ['today', 'yesterday', '7d', '90d', 'mtd', 'lastmonth'] as const) {
      const view = { ...DEFAULT_VIEW, period };
      expect(serializeViewState(view, '')).toBe(`?period=${period}`);
      expect(parseViewState(serializeViewState(view, ''))).toEqual(view);
    }
    const view = { ...DEFAULT_VIEW, metric: 'avg_visible_ms' as const };
    expect(parseViewState(serializeViewState(view, ''))).toEqual(view);
  });

  it('keeps unrelated parameters exactly as written and in their place', () => {
    const current = '?tab=a%20b&x=1+2&period=7d&utm_thing=%2Fkeep&flag';
    const next = serializeViewState({ ...DEFAULT_VIEW, period: '90d', surface: 'app' }, current);
    expect(next).toBe('?tab=a%20b&x=1+2&utm_thing=%2Fkeep&flag&period=90d&surface=app');
    // back to the defaults: only the unrelated ones are left
    expect(serializeViewState(DEFAULT_VIEW, next)).toBe('?tab=a%20b&x=1+2&utm_thing=%2Fkeep&flag');
  });

  it('drops its own stale parameters (from/to without custom, default values)', () => {
    expect(serializeViewState(parseViewState('?period=7d&from=2026-01-01&to=2026-01-02'), '?period=7d&from=2026-01-01&to=2026-01-02'))
      .toBe('?period=7d');
    expect(serializeViewState(parseViewState('?period=30d&compare=1&metric=page_views'), '?period=30d&compare=1&metric=page_views'))
      .toBe('');
  });

  it('encodes values that need it and reads them back', () => {
    const view = { ...DEFAULT_VIEW, pathPrefix: '/a b&c=d/é' };
    const search = serializeViewState(view, '?q=1');
    expect(search).toBe('?q=1&path_prefix=/a%20b%26c%3Dd/%C3%A9');
    expect(parseViewState(search).pathPrefix).toBe('/a b&c=d/é');
  });

  it('ignores invalid values instead of failing', () => {
    const view = parseViewState(
      '?period=forever&tz=Mars/Olympus&interval=minute&metric=bogus&customer_id=-4&surface=has%20space&path_prefix=nope&compare=yes',
    );
    expect(view).toEqual(DEFAULT_VIEW);
    expect(parseViewState('?customer_id=12abc').customerId).toBeUndefined();
    expect(parseViewState('?customer_id=0').customerId).toBeUndefined();
  });

  it('a custom period needs two valid, ordered dates', () => {
    expect(parseViewState('?period=custom&from=2026-11-01').period).toBe('30d');
    expect(parseViewState('?period=custom&from=2026-11-30&to=2026-11-01').period).toBe('30d');
    expect(parseViewState('?period=custom&from=2026-02-30&to=2026-03-01').period).toBe('30d');
    expect(parseViewState('?period=custom&from=2026-11-01&to=2026-11-01')).toMatchObject({
      period: 'custom', from: '2026-11-01', to: '2026-11-01',
    });
  });

  it('reads compare=0 as off and anything else as on', () => {
    expect(parseViewState('?compare=0').compare).toBe(false);
    expect(parseViewState('?compare=1').compare).toBe(true);
    expect(serializeViewState({ ...DEFAULT_VIEW, compare: false }, '')).toBe('?compare=0');
  });

  it('accepts real IANA zones, including half-hour ones', () => {
    expect(parseViewState('?tz=Asia/Kolkata').tz).toBe('Asia/Kolkata');
    expect(parseViewState('?tz=Etc/GMT%2B5').tz).toBe('Etc/GMT+5');
    expect(serializeViewState({ ...DEFAULT_VIEW, tz: 'Etc/GMT+5' }, '')).toBe('?tz=Etc/GMT%2B5');
  });
});
