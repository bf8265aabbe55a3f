// One CSV file from a cursor-paged CSV endpoint: follows X-Next-Cursor page by page and joins the pages
// under the first page's header row (each later page repeats it).
import type { ApiClient, CsvPage, QueryParams } from './client';

export async function collectCsvPages(
  readPage: (cursor: string | undefined) => Promise<CsvPage>,
  maxPages: number,
): Promise<Blob> {
  const parts: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const { csv, next } = await readPage(cursor);
    // later pages repeat the header row, which never holds a line break
    parts.push(page === 0 ? csv : csv.slice(csv.indexOf('\r\n') + 2));
    if (!next) break;
    cursor = next;
  }
  return new Blob(parts, { type: 'text/csv;charset=utf-8' });
}

/** The service sends at most 500 rows per page of /accounts and /accounts/{id}/users. */
export const CSV_PAGE_ROWS = 500;
/** A CSV follows the cursor up to this many rows. */
export const CSV_MAX_ROWS = 100_000;

/** Every page of a cursor-paged analytics endpoint (`/accounts`…) as one CSV file. */
export function loadPagedCsv(api: ApiClient, endpoint: string, params: QueryParams): Promise<Blob> {
  return collectCsvPages(
    (cursor) => api.getCsvPage(endpoint, { ...params, limit: CSV_PAGE_ROWS, cursor }),
    CSV_MAX_ROWS / CSV_PAGE_ROWS,
  );
}
