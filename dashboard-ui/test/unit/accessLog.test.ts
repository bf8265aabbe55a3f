import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, parseViewState, serializeViewState, type ViewState } from '../../src/state/urlState';
import { dayRangeInstants, startOfDay } from '../../src/time/instants';
import { formatTimestamp } from '../../src/format';
import { accessLogFileName, auditParams, formatQueryParams } from '../../src/panels/AccessLogPanel';

describe('access log URL parameters', () => {
  it('round-trips the tab and every filter, after the analytics parameters', () => {
    const view: ViewState = {
      ...DEFAULT_VIEW, period: '7d', section: 'access-log', auditFrom: '2026-11-01', auditTo: '2026-11-30',
      auditSubject: 'auth0|64f1c2d3', auditStatus: 403, auditEndpointPrefix: '/api/admin/analytics/users',
    };
    const search = serializeViewState(view, '?tab=keep');
    expect(search).toBe('?tab=keep&period=7d&view=access-log&audit_from=2026-11-01&audit_to=2026-11-30'
      + '&audit_subject=auth0%7C64f1c2d3&audit_status=403&audit_endpoint_prefix=/api/admin/analytics/users');
    expect(parseViewState(search)).toEqual(view);
  });

  it('the host\'s own `tab` parameter is not the view\'s tab, and absent `view` means analytics', () => {
    expect(parseViewState('?tab=access-log').section).toBeUndefined();
    expect(parseViewState('?view=analytics').section).toBeUndefined();
    expect(serializeViewState({ ...DEFAULT_VIEW, section: undefined }, '?tab=x&view=access-log')).toBe('?tab=x');
  });

  it('drops invalid filters', () => {
    const view = parseViewState('?view=access-log&audit_from=2026-02-30&audit_to=2026-13-01&audit_subject=a%20b'
      + '&audit_status=99&audit_endpoint_prefix=api');
    expect(view).toEqual({ ...DEFAULT_VIEW, section: 'access-log' });
    expect(parseViewState('?audit_status=600').auditStatus).toBeUndefined();
    expect(parseViewState('?audit_status=599').auditStatus).toBe(599);
    // a "to" before "from" is dropped, "from" kept
    expect(parseViewState('?audit_from=2026-11-10&audit_to=2026-11-09')).toMatchObject({ auditFrom: '2026-11-10' });
    expect(parseViewState('?audit_from=2026-11-10&audit_to=2026-11-09').auditTo).toBeUndefined();
    expect(parseViewState(`?audit_subject=${'x'.repeat(129)}`).auditSubject).toBeUndefined();
  });
});

describe('access log API parameters', () => {
  it('local days become [start, next day start) instants of the view\'s zone, across DST', () => {
    expect(startOfDay('2026-11-30', 'UTC')).toBe('2026-11-30T00:00:00Z');
    expect(startOfDay('2026-11-30', 'America/New_York')).toBe('2026-11-30T05:00:00Z');
    expect(startOfDay('2026-07-01', 'America/New_York')).toBe('2026-07-01T04:00:00Z');
    expect(startOfDay('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00Z'); // the day DST starts
    expect(startOfDay('2026-03-09', 'America/New_York')).toBe('2026-03-09T04:00:00Z');
    expect(startOfDay('2026-11-30', 'Asia/Kolkata')).toBe('2026-11-29T18:30:00Z');
    expect(dayRangeInstants('Europe/Berlin', '2026-10-25', '2026-10-25'))
      .toEqual({ from: '2026-10-24T22:00:00Z', to: '2026-10-25T23:00:00Z' }); // a 25-hour day
    expect(dayRangeInstants('UTC')).toEqual({ from: undefined, to: undefined });
  });

  it('filters map onto from, to, subject, status and endpoint_prefix', () => {
    const view = parseViewState('?view=access-log&audit_to=2026-11-30&audit_subject=auth0|a&audit_status=401'
      + '&audit_endpoint_prefix=/api/admin/audit');
    expect(auditParams(view, 'America/New_York')).toEqual({
      from: undefined, to: '2026-12-01T05:00:00Z', subject: 'auth0|a', status: 401, endpoint_prefix: '/api/admin/audit',
    });
  });

  it('names the CSV after the dates, "all" and "now" when open', () => {
    expect(accessLogFileName(DEFAULT_VIEW)).toBe('access-log-all-to-now.csv');
    expect(accessLogFileName({ ...DEFAULT_VIEW, auditFrom: '2026-11-01', auditTo: '2026-11-30' }))
      .toBe('access-log-2026-11-01-to-2026-11-30.csv');
    expect(accessLogFileName({ ...DEFAULT_VIEW, auditFrom: '2026-11-01' })).toBe('access-log-2026-11-01-to-now.csv');
  });

  it('formats times in the zone to the second and query parameters as key=value', () => {
    expect(formatTimestamp('2026-11-30T13:02:11.482913Z', 'America/New_York')).toBe('2026-11-30 08:02:11');
    expect(formatTimestamp('2026-11-30T00:00:00Z', 'UTC')).toBe('2026-11-30 00:00:00');
    expect(formatQueryParams({ limit: '20', customer_id: ['1', '2'] })).toBe('limit=20 customer_id=1 customer_id=2');
    expect(formatQueryParams({})).toBe('–');
    expect(formatQueryParams(null)).toBe('–');
  });
});
