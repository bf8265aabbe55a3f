import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { vi } from 'vitest';
import type { TrackingEvent } from '../../src/types';

/* The wire contract, read from the repo at test time so the snippet and the server cannot drift. */
const contract = join(dirname(fileURLToPath(import.meta.url)), '../../../shared-model/contract');
const read = (f: string): any => JSON.parse(readFileSync(join(contract, f), 'utf8'));

export const schema = read('events.schema.json');
export const validFixtures: [string, unknown][] = readdirSync(join(contract, 'valid'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, read(`valid/${f}`)]);
export const invalidCases: { name: string; field: string; status: number; schema_rejects: boolean; body: unknown }[] = read('invalid.json').cases;

const ajv = new Ajv({ allErrors: true, strict: false });
export const schemaValidate = ajv.compile(schema);

export const eventsOf = (body: any): TrackingEvent[] => (body && 'events' in body ? body.events : [body]);

/** Throws unless `body` passes events.schema.json and the one rule it cannot express. */
export function assertContract(body: unknown): void {
  if (!schemaValidate(body)) throw new Error(`contract violation: ${JSON.stringify(schemaValidate.errors)} in ${JSON.stringify(body)}`);
  for (const e of eventsOf(body)) {
    if (e.type === 'time_on_page' && e.visible_ms! > e.duration_ms!) throw new Error(`visible_ms > duration_ms in ${JSON.stringify(e)}`);
  }
}

export interface Sent {
  via: 'fetch' | 'beacon';
  url: string;
  body: any;
  raw: string;
  init?: RequestInit;
  status?: number;
}

/**
 * Fake network: fetch answers with the queued statuses (default 204; 0 = network error) and every
 * body is checked against the contract; sendBeacon records and answers `beaconAccepts`.
 */
export function mockNetwork() {
  const net = {
    sent: [] as Sent[],
    statuses: [] as (number | [number, Record<string, string>])[],
    beaconAccepts: true,
    /** Events the collector stored (2xx via fetch, or accepted beacons), deduplicated by event_id. */
    stored(): TrackingEvent[] {
      const seen = new Map<string, TrackingEvent>();
      for (const s of net.sent) {
        if (s.via === 'beacon' || (s.status! >= 200 && s.status! < 300)) for (const e of eventsOf(s.body)) seen.set(e.event_id, e);
      }
      return [...seen.values()];
    },
    events(): TrackingEvent[] {
      return net.sent.flatMap((s) => eventsOf(s.body));
    },
  };
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    const raw = init.body as string;
    const body = JSON.parse(raw);
    assertContract(body);
    const next = net.statuses.shift() ?? 204;
    const [status, headers] = Array.isArray(next) ? next : [next, {}];
    net.sent.push({ via: 'fetch', url, body, raw, init, status });
    if (status === 0) throw new TypeError('Failed to fetch');
    return new Response(null, { status, headers });
  });
  const beaconMock = vi.fn((url: string, raw: string) => {
    const body = JSON.parse(raw);
    assertContract(body);
    net.sent.push({ via: 'beacon', url, body, raw });
    return net.beaconAccepts;
  });
  vi.stubGlobal('fetch', fetchMock);
  Object.defineProperty(navigator, 'sendBeacon', { value: beaconMock, configurable: true, writable: true });
  return Object.assign(net, { fetchMock, beaconMock });
}

/** A fresh copy of the library (module state included), as after a page load. */
export async function loadLib(): Promise<typeof import('../../src/index')> {
  vi.resetModules();
  return import('../../src/index');
}

export function setVisibility(state: 'visible' | 'hidden'): void {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  Object.defineProperty(document, 'hidden', { value: state === 'hidden', configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

export function resetBrowser(): void {
  localStorage.clear();
  sessionStorage.clear();
  document.body.innerHTML = '';
  history.replaceState(null, '', '/');
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
  Object.defineProperty(document, 'hidden', { value: false, configurable: true });
  delete (navigator as any).globalPrivacyControl;
  Object.defineProperty(navigator, 'doNotTrack', { value: null, configurable: true });
}
