/*
 * localStorage / sessionStorage that never throw: when storage is blocked (privacy mode, sandboxed
 * iframe, full quota) values live in memory for the life of the page instead.
 */
export type StorageKind = 'localStorage' | 'sessionStorage';

const memory: Record<string, string | null> = {};

export function get(key: string, kind: StorageKind = 'localStorage'): string | null {
  try {
    return window[kind].getItem(key);
  } catch {
    return memory[kind + key] ?? null;
  }
}

/** Store a value; null removes it. */
export function set(key: string, value: string | null, kind: StorageKind = 'localStorage'): void {
  try {
    if (value == null) window[kind].removeItem(key);
    else window[kind].setItem(key, value);
  } catch {
    memory[kind + key] = value;
  }
}
