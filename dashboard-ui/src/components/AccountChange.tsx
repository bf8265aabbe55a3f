// An account's change in active users (the API's percent) as an arrow and a signed percent, never
// colour alone; a dash when the previous period had no active user (no percentage exists).
import { NO_VALUE, formatPercentChange } from '../format';

export function AccountChange({ percent }: { percent: number | null }) {
  const change = formatPercentChange(percent);
  if (!change) {
    return (
      <span className="pbd-change pbd-change-none">
        {NO_VALUE}<span className="pbd-sr-only"> no active users in the previous period</span>
      </span>
    );
  }
  return (
    <span className={`pbd-change pbd-change-${change.direction}`}>
      <span aria-hidden="true">{change.arrow} </span>
      {change.text}
      <span className="pbd-sr-only"> ({change.label})</span>
    </span>
  );
}
