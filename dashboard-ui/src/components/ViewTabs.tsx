// The tab bar above the view: "Analytics", "Accounts" and, for holders of the auditor role, "Access log".
// WAI-ARIA tabs: one tab stop, arrow keys / Home / End move between the tabs and select them.
import { useRef, type KeyboardEvent } from 'react';

export type Section = 'analytics' | 'accounts' | 'access-log';

const LABELS: Record<Section, string> = {
  analytics: 'Analytics',
  accounts: 'Accounts',
  'access-log': 'Access log',
};

interface ViewTabsProps {
  /** The tabs shown, in order. */
  tabs: Section[];
  current: Section;
  onSelect: (section: Section) => void;
  /** id of the tab panel the tabs control; each tab's id is `${idPrefix}-${section}`. */
  panelId: string;
  idPrefix: string;
}

export function ViewTabs({ tabs, current, onSelect, panelId, idPrefix }: ViewTabsProps) {
  const refs = useRef<Array<HTMLButtonElement | null>>([]);

  function onKeyDown(event: KeyboardEvent, index: number): void {
    const last = tabs.length - 1;
    const target = event.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
      : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
        : event.key === 'Home' ? 0 : event.key === 'End' ? last : -1;
    if (target < 0) return;
    event.preventDefault();
    onSelect(tabs[target]);
    refs.current[target]?.focus();
  }

  return (
    <div className="pbd-view-tabs" role="tablist" aria-label="Views">
      {tabs.map((tab, index) => (
        <button
          key={tab}
          ref={(element) => { refs.current[index] = element; }}
          type="button"
          role="tab"
          id={`${idPrefix}-${tab}`}
          className="pbd-view-tab"
          data-view={tab}
          aria-selected={tab === current}
          aria-controls={panelId}
          tabIndex={tab === current ? 0 : -1}
          onClick={() => onSelect(tab)}
          onKeyDown={(event) => onKeyDown(event, index)}
        >
          {LABELS[tab]}
        </button>
      ))}
    </div>
  );
}
