import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SESSION_TIMEOUT_MS, touchSession } from '../../src/session';
import { resetBrowser } from './helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('session', () => {
  beforeEach(() => resetBrowser());
  afterEach(() => vi.restoreAllMocks());

  it('keeps anon_id in localStorage and session_id in sessionStorage', () => {
    const a = touchSession(1_000);
    expect(a.anon_id).toMatch(UUID);
    expect(a.session_id).toMatch(UUID);
    expect(a.session_count).toBe(1);
    expect(localStorage.getItem('pb_anon')).toBe(a.anon_id);
    expect(sessionStorage.getItem('pb_sess')).toContain(a.session_id);
    expect(touchSession(2_000)).toEqual(a);
  });

  it('renews the session after 30 minutes without activity and counts sessions', () => {
    const a = touchSession(0);
    const b = touchSession(SESSION_TIMEOUT_MS); // activity at exactly 30 min: same session
    expect(b.session_id).toBe(a.session_id);
    const c = touchSession(SESSION_TIMEOUT_MS * 2 + 1); // 30 min + 1 ms after the last activity
    expect(c.session_id).not.toBe(a.session_id);
    expect(c.anon_id).toBe(a.anon_id);
    expect(c.session_count).toBe(2);
  });

  it('starts a new session (count + 1) in a new tab, keeping the anon_id', () => {
    const a = touchSession(0);
    sessionStorage.clear();
    const b = touchSession(1);
    expect(b.anon_id).toBe(a.anon_id);
    expect(b.session_id).not.toBe(a.session_id);
    expect(b.session_count).toBe(2);
  });

  it('replaces corrupt stored values', () => {
    localStorage.setItem('pb_anon', 'not-a-uuid');
    sessionStorage.setItem('pb_sess', '{garbage');
    localStorage.setItem('pb_sc', 'NaN');
    const s = touchSession(0);
    expect(s.anon_id).toMatch(UUID);
    expect(s.session_id).toMatch(UUID);
    expect(s.session_count).toBe(1);
  });

  it('works when storage is unavailable (ids last for the page)', () => {
    const l = Object.getOwnPropertyDescriptor(window, 'localStorage')!;
    const s = Object.getOwnPropertyDescriptor(window, 'sessionStorage')!;
    const blocked = { get: () => { throw new DOMException('denied', 'SecurityError'); }, configurable: true };
    Object.defineProperty(window, 'localStorage', blocked);
    Object.defineProperty(window, 'sessionStorage', blocked);
    try {
      const a = touchSession(0);
      const b = touchSession(1000);
      expect(a.anon_id).toMatch(UUID);
      expect(b).toEqual(a);
    } finally {
      Object.defineProperty(window, 'localStorage', l);
      Object.defineProperty(window, 'sessionStorage', s);
    }
  });
});
