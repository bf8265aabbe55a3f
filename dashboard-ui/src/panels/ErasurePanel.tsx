// Right to erasure: delete every event of one Auth0 subject, after a confirmation step that names it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { PanelError } from '../components/Panel';
import { useDashboard } from '../DashboardContext';

export function ErasurePanel() {
  const { api, apiKey } = useDashboard();
  const queryClient = useQueryClient();
  const headingId = useId();
  const inputId = useId();
  const [sub, setSub] = useState('');
  const [pending, setPending] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  const erase = useMutation({
    mutationFn: (subject: string) => api.eraseUser(subject),
    retry: false,
    onSuccess: () => {
      setPending(null);
      setSub('');
      // The numbers on screen may include the erased events: ask again.
      void queryClient.invalidateQueries({ queryKey: [apiKey] });
    },
  });

  useEffect(() => {
    if (pending) confirmRef.current?.focus();
  }, [pending]);

  function submit(event: FormEvent): void {
    event.preventDefault();
    const subject = sub.trim();
    if (!subject) return;
    erase.reset();
    setPending(subject);
  }

  return (
    <section className="pbd-panel pbd-erasure" data-panel="erasure" aria-labelledby={headingId}>
      <div className="pbd-panel-head">
        <h3 id={headingId} className="pbd-panel-title">Erase a user&apos;s data</h3>
      </div>
      <p className="pbd-muted">
        Deletes every analytics event of one Auth0 user (right to erasure). This cannot be undone.
      </p>
      <form className="pbd-erase-form" onSubmit={submit}>
        <div className="pbd-field">
          <label htmlFor={inputId}>Auth0 user ID (sub)</label>
          <input
            id={inputId}
            name="sub"
            type="text"
            autoComplete="off"
            spellCheck={false}
            placeholder="auth0|64f1c2d3e4b5a6978812ab34"
            maxLength={256}
            required
            value={sub}
            onChange={(e) => setSub(e.target.value)}
          />
        </div>
        <button type="submit" className="pbd-button" data-action="erase" disabled={pending !== null || erase.isPending}>
          Erase…
        </button>
      </form>
      {pending ? (
        <div className="pbd-confirm" role="group" aria-label="Confirm erasure">
          <p>
            Permanently delete all analytics events of <code className="pbd-sub">{pending}</code>?
          </p>
          <button
            ref={confirmRef}
            type="button"
            className="pbd-button pbd-button-danger"
            data-action="confirm-erase"
            disabled={erase.isPending}
            onClick={() => erase.mutate(pending)}
          >
            {erase.isPending ? 'Erasing…' : `Erase ${pending}`}
          </button>
          <button type="button" className="pbd-button" disabled={erase.isPending} onClick={() => setPending(null)}>
            Cancel
          </button>
        </div>
      ) : null}
      {erase.isError ? <PanelError error={erase.error} onRetry={pending ? () => erase.mutate(pending) : undefined} /> : null}
      {erase.isSuccess ? (
        <p className="pbd-erase-result" role="status" data-erase-result={erase.data.deleted}>
          Deleted {erase.data.deleted} {erase.data.deleted === 1 ? 'event' : 'events'} of{' '}
          <code className="pbd-sub">{erase.data.user_sub}</code>.
        </p>
      ) : null}
    </section>
  );
}
