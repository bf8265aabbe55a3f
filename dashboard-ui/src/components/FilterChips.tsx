// The active filters as chips; clicking one removes it. A customer locked by the host is shown but
// cannot be removed.
import { useDashboard } from '../DashboardContext';

type ChipKey = 'customer_id' | 'surface' | 'path_prefix';

/** `only`: the filters that apply where the chips are shown (the accounts list takes only a surface). */
export function FilterChips({ only }: { only?: ChipKey[] } = {}) {
  const { view, setView, lockedCustomerId } = useDashboard();
  let chips: Array<{ key: ChipKey; text: string; remove: () => void }> = [];
  if (lockedCustomerId == null && view.customerId != null) {
    chips.push({ key: 'customer_id', text: `Customer ${view.customerId}`, remove: () => setView({ customerId: undefined }) });
  }
  if (view.surface) {
    chips.push({ key: 'surface', text: `Surface ${view.surface}`, remove: () => setView({ surface: undefined }) });
  }
  if (view.pathPrefix) {
    chips.push({ key: 'path_prefix', text: `Path starts with ${view.pathPrefix}`, remove: () => setView({ pathPrefix: undefined }) });
  }
  if (only) chips = chips.filter((chip) => only.includes(chip.key));
  if (chips.length === 0 && lockedCustomerId == null) return null;

  return (
    <ul className="pbd-chips" aria-label="Active filters">
      {lockedCustomerId != null ? (
        <li><span className="pbd-chip pbd-chip-locked">Customer {lockedCustomerId}</span></li>
      ) : null}
      {chips.map((chip) => (
        <li key={chip.key}>
          <button type="button" className="pbd-chip" data-chip={chip.key} onClick={chip.remove}>
            <span className="pbd-sr-only">Remove filter: </span>
            {chip.text}
            <span className="pbd-chip-x" aria-hidden="true">×</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
