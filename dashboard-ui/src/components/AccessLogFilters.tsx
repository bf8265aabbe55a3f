// The access log's filter form. Typing changes nothing; "Apply" writes the filters to the URL (one
// history entry per search), "Clear" removes them. The fields follow the URL (Back/Forward).
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useDashboard } from '../DashboardContext';
import type { ViewState } from '../state/urlState';
import { isIsoDate } from '../time/periods';

interface Draft {
  from: string;
  to: string;
  subject: string;
  status: string;
  endpointPrefix: string;
}

function draftOf(view: ViewState): Draft {
  return {
    from: view.auditFrom ?? '',
    to: view.auditTo ?? '',
    subject: view.auditSubject ?? '',
    status: view.auditStatus != null ? String(view.auditStatus) : '',
    endpointPrefix: view.auditEndpointPrefix ?? '',
  };
}

export function AccessLogFilters() {
  const { view, setView } = useDashboard();
  const ids = { from: useId(), to: useId(), subject: useId(), status: useId(), endpoint: useId() };
  const [draft, setDraft] = useState<Draft>(() => draftOf(view));
  const shown = JSON.stringify(draftOf(view));
  useEffect(() => setDraft(JSON.parse(shown) as Draft), [shown]);

  const edit = (field: keyof Draft) => (event: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [field]: event.target.value }));

  function apply(event: FormEvent): void {
    event.preventDefault();
    const subject = draft.subject.trim();
    const status = draft.status.trim();
    const endpointPrefix = draft.endpointPrefix.trim();
    setView({
      auditFrom: isIsoDate(draft.from) ? draft.from : undefined,
      auditTo: isIsoDate(draft.to) ? draft.to : undefined,
      auditSubject: subject || undefined,
      auditStatus: status ? Number(status) : undefined,
      auditEndpointPrefix: endpointPrefix || undefined,
    });
  }

  function clear(): void {
    setView({ auditFrom: undefined, auditTo: undefined, auditSubject: undefined, auditStatus: undefined, auditEndpointPrefix: undefined });
  }

  return (
    <form className="pbd-controls pbd-audit-filters" onSubmit={apply} aria-label="Filter the access log">
      <div className="pbd-field">
        <label htmlFor={ids.from}>From</label>
        <input id={ids.from} type="date" name="audit_from" value={draft.from} max={draft.to || undefined}
          onChange={edit('from')} />
      </div>
      <div className="pbd-field">
        <label htmlFor={ids.to}>To</label>
        <input id={ids.to} type="date" name="audit_to" value={draft.to} min={draft.from || undefined}
          onChange={edit('to')} />
      </div>
      <div className="pbd-field pbd-field-wide">
        <label htmlFor={ids.subject}>Subject (user ID)</label>
        <input id={ids.subject} type="text" name="audit_subject" value={draft.subject} onChange={edit('subject')}
          autoComplete="off" spellCheck={false} maxLength={128} pattern="\S{1,128}" placeholder="auth0|64f1c2d3…"
          title="The exact sub, without spaces" />
      </div>
      <div className="pbd-field pbd-field-narrow">
        <label htmlFor={ids.status}>Status</label>
        <input id={ids.status} type="text" name="audit_status" value={draft.status} onChange={edit('status')}
          inputMode="numeric" autoComplete="off" maxLength={3} pattern="[1-5][0-9]{2}" placeholder="403"
          title="An HTTP status, 100 to 599" />
      </div>
      <div className="pbd-field pbd-field-wide">
        <label htmlFor={ids.endpoint}>Endpoint starts with</label>
        <input id={ids.endpoint} type="text" name="audit_endpoint_prefix" value={draft.endpointPrefix}
          onChange={edit('endpointPrefix')} autoComplete="off" spellCheck={false} maxLength={1024} pattern="/.*"
          placeholder="/api/admin/analytics/users" title="A path starting with /" />
      </div>
      <div className="pbd-audit-buttons">
        <button type="submit" className="pbd-button" data-action="apply">Apply</button>
        <button type="button" className="pbd-button" data-action="clear" onClick={clear}>Clear</button>
      </div>
    </form>
  );
}
