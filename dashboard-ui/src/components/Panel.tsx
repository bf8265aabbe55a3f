// The frame of every panel: heading, the data-panel/data-state contract, and the loading, empty and
// error states, so each panel only renders its data.
import { useId, type ReactNode } from 'react';
import { describeError } from '../api/errors';

/** `idle`: nothing asked yet (a panel that waits to be scrolled into view). */
export type PanelState = 'idle' | 'loading' | 'ready' | 'empty' | 'error';

export const EMPTY_TEXT = 'No events in this range';

interface QueryLike<T> {
  status: 'pending' | 'error' | 'success';
  data?: T;
}

/**
 * Loading only while there is nothing to show yet; while a new answer is fetched the previous one
 * stays (ready, aria-busy). An error wins, because the old numbers no longer answer the question.
 */
export function panelState<T>(query: QueryLike<T>, isEmpty: (data: T) => boolean): PanelState {
  if (query.status === 'error') return 'error';
  if (query.data === undefined) return 'loading';
  return isEmpty(query.data) ? 'empty' : 'ready';
}

interface PanelProps {
  id: string;
  title: string;
  state: PanelState;
  busy?: boolean;
  error?: unknown;
  onRetry?: () => void;
  /** Buttons beside the heading (CSV, table toggle). Shown only with data. */
  actions?: ReactNode;
  /** Shown under the heading in every state (e.g. dimension tabs). */
  toolbar?: ReactNode;
  /** Shown while `idle`. */
  idleText?: string;
  /** Replaces "Loading…" (a panel whose answer takes a while says what it is doing). */
  loadingText?: string;
  /** Replaces "No events in this range". */
  emptyText?: string;
  /** Replaces the 403 text (see describeError). */
  forbiddenText?: string;
  className?: string;
  children?: ReactNode;
}

export function Panel({
  id, title, state, busy, error, onRetry, actions, toolbar, idleText, loadingText, emptyText, forbiddenText, className, children,
}: PanelProps) {
  const headingId = useId();
  return (
    <section
      className={`pbd-panel${className ? ` ${className}` : ''}`}
      data-panel={id}
      data-state={state}
      aria-labelledby={headingId}
      aria-busy={busy ? 'true' : 'false'}
    >
      <div className="pbd-panel-head">
        <h3 id={headingId} className="pbd-panel-title">{title}</h3>
        {state === 'ready' && actions ? <div className="pbd-panel-actions">{actions}</div> : null}
      </div>
      {toolbar}
      {state === 'idle' ? <p className="pbd-status">{idleText}</p> : null}
      {state === 'loading' ? <p className="pbd-status" role="status">{loadingText ?? 'Loading…'}</p> : null}
      {state === 'empty' ? <p className="pbd-status">{emptyText ?? EMPTY_TEXT}</p> : null}
      {state === 'error' ? <PanelError error={error} onRetry={onRetry} forbidden={forbiddenText} /> : null}
      {state === 'ready' ? children : null}
    </section>
  );
}

export function PanelError({ error, onRetry, forbidden }: { error: unknown; onRetry?: () => void; forbidden?: string }) {
  const { message, retryable } = describeError(error, forbidden);
  return (
    <div className="pbd-error" role="alert">
      <p>{message}</p>
      {retryable && onRetry ? (
        <button type="button" className="pbd-button" data-action="retry" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
