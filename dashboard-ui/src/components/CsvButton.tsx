// "Download CSV" for one breakdown: loads the file (with the bearer token, via the API client) and saves it.
import { useState } from 'react';
import { describeError } from '../api/errors';
import { saveFile } from '../download';

interface CsvButtonProps {
  /** What is downloaded, for the accessible name ("pages"). */
  subject: string;
  fileName: string;
  load: () => Promise<Blob>;
}

export function CsvButton({ subject, fileName, load }: CsvButtonProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function download(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      saveFile(await load(), fileName);
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button
        type="button"
        className="pbd-button pbd-button-small"
        data-action="csv"
        aria-label={`Download ${subject} as CSV`}
        disabled={busy}
        onClick={() => void download()}
      >
        {busy ? 'CSV…' : 'CSV'}
      </button>
      {error ? <span className="pbd-inline-error" role="alert">{error}</span> : null}
    </>
  );
}
