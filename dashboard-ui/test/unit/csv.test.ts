import { describe, expect, it } from 'vitest';
import { csvFileName, toCsv } from '../../src/csv';

describe('client-side CSV', () => {
  it('follows RFC 4180 like the service: header, CRLF, quoting, null as empty', () => {
    expect(toCsv(['country', 'successes', 'failures'], [['US', 100, 8], [null, 20, 1], ['a,"b"', 0, 0]]))
      .toBe('country,successes,failures\r\nUS,100,8\r\n,20,1\r\n"a,""b""",0,0\r\n');
    expect(toCsv(['k'], [['line\nbreak']])).toBe('k\r\n"line\nbreak"\r\n');
  });

  it('names the file after the breakdown and the range', () => {
    expect(csvFileName('pages', { from: '2026-11-01', to: '2026-11-30' })).toBe('pages-2026-11-01-to-2026-11-30.csv');
  });
});
