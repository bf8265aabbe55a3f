import { get, set } from './storage';

/** True when the browser sends Global Privacy Control or Do Not Track. */
export function privacySignal(): boolean {
  const n = navigator as Navigator & { globalPrivacyControl?: boolean };
  return n.globalPrivacyControl === true || n.doNotTrack == '1' || (window as { doNotTrack?: string }).doNotTrack == '1';
}

/** True after optOut() in this browser (persisted in localStorage). */
export function isOptedOut(): boolean {
  return get('pb_optout') == '1';
}

export function setOptedOut(out: boolean): void {
  set('pb_optout', out ? '1' : null);
}
