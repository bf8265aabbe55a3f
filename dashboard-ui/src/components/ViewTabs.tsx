// The tab bar above the view: "Analytics" and, for holders of the auditor role, "Access log".
// WAI-ARIA tabs: one tab stop, arrow keys / Home / End move between the tabs and select them.
import { useRef, type KeyboardEvent } from 'react';

export type Section = 'analytics' | 'access-log';

const TABS: Array<{ id: Section; label: string }> = [
  { id: 'analytics', label: 'Analytics' },
  { id: 'access-log', label: 'Access log' },
];

interface ViewTabsProps {
  current: Section;
  onSelect: (section: Section) => void;
  /** id of the tab panel the tabs control; each tab's id is `${idPrefix}-${section}`. */
  panelId: string;
  idPrefix: string;
}

export function ViewTabs({ current, onSelect, panelId, idPrefix }: ViewTabsProps) {
  const refs = useRef<Array<HTMLButtonElement | null>>([]);

  function onKeyDown(event: KeyboardEvent, index: number): void {
    const last = TABS.length - 1;
    const target = event.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
      : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
        : event.key === 'Home' ? 0 : event.key === 'End' ? last : -1;
    if (target < 0) return;
    event.preventDefault();
    onSelect(TABS[target].id);
    refs.current[target]?.focus();
  }

  return (
    <div className="pbd-view-tabs" role="tablist" aria-label="Views">
      {TABS.map((tab, index) => (
        <button
          key={tab.id}
          ref={(element) => { refs.current[index] = element; }}
          type="button"
          role="tab"
          id={`${idPrefix}-${tab.id}`}
          className="pbd-view-tab"
          data-view={tab.id}
          aria-selected={tab.id === current}
          aria-controls={panelId}
          tabIndex={tab.id === current ? 0 : -1}
          onClick={() => onSelect(tab.id)}
          onKeyDown={(event) => onKeyDown(event, index)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
