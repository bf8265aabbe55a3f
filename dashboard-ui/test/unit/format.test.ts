import { describe, expect, it } from 'vitest';
import {
  formatBucket, formatChange, formatDate, formatDuration, formatInstant, formatNumber, formatRate, percentChange,
  successRate,
} from '../../src/format';

describe('numbers', () => {
  it('group thousands and keep up to two decimals', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(1520)).toBe('1,520');
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(2.41)).toBe('2.41');
    expect(formatNumber(2.416)).toBe('2.42');
    expect(formatNumber(null)).toBe('–');
  });
});

describe('durations', () => {
  it('round to seconds and read like a clock', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(499)).toBe('0s');
    expect(formatDuration(500)).toBe('1s');
    expect(formatDuration(41_200)).toBe('41s');
    expect(formatDuration(59_499)).toBe('59s');
    expect(formatDuration(59_500)).toBe('1m 00s');
    expect(formatDuration(65_003)).toBe('1m 05s');
    expect(formatDuration(3_599_000)).toBe('59m 59s');
    expect(formatDuration(3_600_000)).toBe('1h 00m');
    expect(formatDuration(7_380_000)).toBe('2h 03m');
    expect(formatDuration(null)).toBe('–');
  });
});

describe('rates and changes', () => {
  it('computes the login success rate', () => {
    expect(successRate(120, 9)).toBeCloseTo(0.930232, 5);
    expect(successRate(0, 0)).toBeNull();
    expect(formatRate(successRate(120, 9))).toBe('93.0%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(null)).toBe('–');
  });

  it('computes relative change, null without a base', () => {
    expect(percentChange(150, 100)).toBe(0.5);
    expect(percentChange(50, 100)).toBe(-0.5);
    expect(percentChange(10, 0)).toBeNull();
    expect(percentChange(null, 5)).toBeNull();
    expect(percentChange(5, null)).toBeNull();
  });

  it('writes a signed percent with an arrow and a spoken label', () => {
    expect(formatChange(0.125)).toEqual({
      direction: 'up', arrow: '▲', text: '+12.5%', label: 'up 12.5% vs previous period',
    });
    expect(formatChange(-0.03)).toEqual({
      direction: 'down', arrow: '▼', text: '-3.0%', label: 'down 3.0% vs previous period',
    });
    expect(formatChange(0.0004)).toMatchObject({ direction: 'flat', text: '0.0%', label: 'unchanged vs previous period' });
    expect(formatChange(-0.0004)).toMatchObject({ direction: 'flat', text: '0.0%' });
    expect(formatChange(2)).toMatchObject({ text: '+200.0%' });
    expect(formatChange(null)).toBeNull();
  });
});

describe('dates', () => {
  it('formats calendar days and API buckets with their own wall-clock digits', () => {
    expect(formatDate('2026-11-01')).toBe('Nov 1, 2026');
    expect(formatBucket('2026-11-01T00:00:00-04:00', 'day')).toBe('Nov 1');
    expect(formatBucket('2026-11-01T13:00:00-05:00', 'hour')).toBe('Nov 1, 13:00');
    expect(formatBucket('2026-11-30T18:30:00Z', 'hour')).toBe('Nov 30, 18:30');
    expect(formatBucket('garbage', 'day')).toBe('garbage');
  });

  it('formats an instant in the view zone', () => {
    expect(formatInstant('2026-11-29T14:10:00Z', 'America/New_York')).toBe('Nov 29, 09:10');
    expect(formatInstant('2026-11-29T14:10:00Z', 'Asia/Kolkata')).toBe('Nov 29, 19:40');
  });
});
