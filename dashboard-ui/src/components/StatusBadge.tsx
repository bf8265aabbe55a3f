// An account's status as a labelled badge: the word says it; the glyph and colour only repeat it.
import { STATUS_INFO } from '../accounts';
import type { AccountStatus } from '../api/types';

export function StatusBadge({ status }: { status: AccountStatus }) {
  const info = STATUS_INFO[status];
  return (
    <span className={`pbd-badge pbd-badge-${status}`} data-status={status} title={info.description}>
      <span className="pbd-badge-glyph" aria-hidden="true">{info.glyph}</span>
      {info.label}
    </span>
  );
}
