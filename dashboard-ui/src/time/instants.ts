// Calendar days of the view's zone as instants, for the audit trail's from/to (which take instants;
// a bare date there would be a UTC day, not the view's).
import { addDays } from './periods';

/** The instant a calendar day begins in `zone`, as "2026-11-30T05:00:00Z". DST-safe (the offset of that moment). */
export function startOfDay(isoDate: string, zone: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d);
  // Two rounds: the zone's offset at the first guess may differ from the one at the answer (a DST change).
  let instant = wall - offsetMs(wall, zone);
  instant = wall - offsetMs(instant, zone);
  return new Date(instant).toISOString().replace('.000Z', 'Z');
}

/** [from, to) instants covering the days from..to (both inclusive) in `zone`; either may be absent. */
export function dayRangeInstants(zone: string, from?: string, to?: string): { from?: string; to?: string } {
  return {
    from: from ? startOfDay(from, zone) : undefined,
    to: to ? startOfDay(addDays(to, 1), zone) : undefined,
  };
}

/** The zone's offset from UTC at `instant` (ms; positive east of Greenwich). */
function offsetMs(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}
