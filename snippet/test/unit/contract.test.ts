import { describe, expect, it } from 'vitest';
import { isValidBody, isValidEvent } from '../../src/validate';
import { invalidCases, schemaValidate, validFixtures } from './helpers';

describe('wire contract (shared-model/contract)', () => {
  it('has fixtures to test against', () => {
    expect(validFixtures.length).toBeGreaterThanOrEqual(6);
    expect(invalidCases.length).toBeGreaterThan(30);
  });

  it.each(validFixtures)('valid/%s passes the schema setup and isValidBody', (_name, body) => {
    expect(schemaValidate(body), JSON.stringify(schemaValidate.errors)).toBe(true);
    expect(isValidBody(body)).toBe(true);
  });

  it.each(invalidCases.map((c) => [c.name, c] as const))('invalid %s: schema agrees with invalid.json, isValidBody refuses', (_name, c) => {
    expect(schemaValidate(c.body)).toBe(!c.schema_rejects);
    expect(isValidBody(c.body)).toBe(false);
  });

  it('isValidEvent enforces visible_ms ≤ duration_ms', () => {
    const e = validFixtures.find(([n]) => n === 'time_on_page.json')![1] as any;
    expect(isValidEvent(e)).toBe(true);
    expect(isValidEvent({ ...e, visible_ms: e.duration_ms })).toBe(true);
    expect(isValidEvent({ ...e, visible_ms: e.duration_ms + 1 })).toBe(false);
  });
});

describe('every event type the snippet builds matches the schema', () => {
  it('page_view, click, time_on_page, login_success, login_failure', async () => {
    const { vi } = await import('vitest');
    const { loadLib, mockNetwork, resetBrowser } = await import('./helpers');
    resetBrowser();
    vi.useFakeTimers();
    const net = mockNetwork(); // checks each body with the schema (ajv) and visible ≤ duration
    const lib = await loadLib();
    document.body.innerHTML = '<a id="l" data-pb-track="nav" href="/x?y#z">x</a><button id="b" data-pb-track="b">b</button>';
    lib.init({ endpoint: '/e', surface: 'example', batchSize: 50 });
    lib.setUser('auth0|u1', 9);
    document.getElementById('l')!.click();
    document.getElementById('b')!.click();
    lib.trackLoginSuccess();
    lib.trackLoginFailure('access_denied');
    lib.trackPageView('/next');
    window.dispatchEvent(new Event('pagehide'));
    await vi.advanceTimersByTimeAsync(2000);
    const types = new Set(net.events().map((e) => e.type));
    expect([...types].sort()).toEqual(['click', 'login_failure', 'login_success', 'page_view', 'time_on_page']);
    for (const s of net.sent) expect(schemaValidate(s.body), JSON.stringify(schemaValidate.errors)).toBe(true);
    for (const e of net.events()) expect(isValidEvent(e)).toBe(true);
    lib.shutdown();
    vi.useRealTimers();
  });
});
