// RFC 4180 CSV for the breakdowns the service has no CSV for (logins, sessions): the same rules as
// the service's own CSV (header row, CRLF, quotes doubled, null as an empty field).
export type CsvValue = string | number | null | undefined;

export function toCsv(header: string[], rows: CsvValue[][]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvField(value: CsvValue): string {
  if (value == null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `<breakdown>-<from>-to-<to>.csv` */
export function csvFileName(breakdown: string, range: { from: string; to: string }): string {
  return `${breakdown}-${range.from}-to-${range.to}.csv`;
}
