import { get, set } from './storage';
import type { TrackingEvent } from './types';

/** A queued event and how many times sending it has failed. */
export interface Item {
  e: TrackingEvent;
  n: number;
}

/** Events an earlier page left unacknowledged (localStorage), so they survive a reload. */
export function loadQueue(valid: (e: TrackingEvent) => boolean = (e) => !!e.event_id): Item[] {
  try {
    return JSON.parse(get('pb_q') || '[]').filter((i: Item) => i.n >= 0 && valid(i.e));
  } catch {
    return [];
  }
}

export function saveQueue(q: Item[]): void {
  set('pb_q', q.length ? JSON.stringify(q) : null);
}
