// "Verify chain": asks the service to re-compute the audit trail's hash chain and shows what it found.
import { useMutation } from '@tanstack/react-query';
import type { AuditVerification } from '../api/types';
import { useDashboard } from '../DashboardContext';
import { formatNumber } from '../format';
import { PanelError } from './Panel';

export const AUDITOR_FORBIDDEN = 'Access denied: your account lacks the auditor role (security_officer) needed for the access log.';

export function ChainVerification() {
  const { api } = useDashboard();
  const verify = useMutation({ mutationFn: () => api.verifyAudit(), retry: false });

  return (
    <div className="pbd-verify">
      <div className="pbd-verify-head">
        <button type="button" className="pbd-button" data-action="verify" disabled={verify.isPending}
          onClick={() => verify.mutate()}>
          {verify.isPending ? 'Verifying…' : 'Verify chain'}
        </button>
        <p className="pbd-muted pbd-small">
          Re-computes every entry&apos;s hash from the oldest to the newest: a changed, removed or cut-off entry breaks the chain.
        </p>
      </div>
      {verify.isError ? <PanelError error={verify.error} forbidden={AUDITOR_FORBIDDEN} onRetry={() => verify.mutate()} /> : null}
      {verify.isSuccess ? <VerificationResult result={verify.data} /> : null}
    </div>
  );
}

function VerificationResult({ result }: { result: AuditVerification }) {
  const tailCut = result.exported_head?.found === false;
  return (
    <div className={`pbd-verify-result pbd-verify-${result.ok ? 'ok' : 'broken'}`} role="status"
      data-verify-result={result.ok ? 'ok' : 'broken'}>
      <p className="pbd-verify-verdict">
        {result.ok ? '✓ Chain intact' : '✗ Chain broken'}
        {!result.ok && result.first_broken_id != null ? ` at entry ${result.first_broken_id}` : null}
        {!result.ok && tailCut ? ` — the last exported head (seq ${result.exported_head?.seq}) is gone: the newest entries were cut off` : null}
      </p>
      <dl className="pbd-summary">
        <div><dt>Entries checked</dt><dd data-verify-rows={result.rows}>{formatNumber(result.rows)}</dd></div>
        <div><dt>First broken id</dt><dd>{result.first_broken_id ?? 'none'}</dd></div>
        <div><dt>Head seq</dt><dd>{result.head ? formatNumber(result.head.seq) : 'none'}</dd></div>
        <div><dt>Rows/s</dt><dd>{formatNumber(result.rows_per_second ?? null)}</dd></div>
      </dl>
      {result.anchor && !result.anchor.genesis ? (
        <p className="pbd-muted pbd-small">
          The chain starts at seq {result.anchor.seq}: older entries were removed by the audit retention.
        </p>
      ) : null}
    </div>
  );
}
