import { get, set } from './storage';
import { uuid } from './uuid';

/** A session ends after this long without activity (any tracked event). */
export const SESSION_TIMEOUT_MS = 30 * 60 * 1000;

const isUuid = (v: unknown): v is string => /^[\da-f-]{36}$/i.test(v as string);

export interface Session {
  anon_id: string;
  session_id: string;
  session_count: number;
}

/**
 * The browser's ids, touched at `now`: anon_id lives in localStorage (per browser); session_id in
 * sessionStorage (per tab session), renewed after 30 minutes without activity; session_count (in
 * localStorage) grows by one per new session. Without storage the ids last as long as the page.
 */
export function touchSession(now: number = Date.now()): Session {
  let anon = get('pb_anon');
  if (!isUuid(anon)) set('pb_anon', (anon = uuid()));
  let [id, last] = (get('pb_sess', 'sessionStorage') || '').split(' ');
  let count = +get('pb_sc')! | 0;
  if (!isUuid(id) || !(now - +last <= SESSION_TIMEOUT_MS)) {
    id = uuid();
    set('pb_sc', '' + (count = Math.min(count + 1, 1e6)));
  }
  set('pb_sess', id + ' ' + now, 'sessionStorage');
  return { anon_id: anon!, session_id: id, session_count: count || 1 };
}
