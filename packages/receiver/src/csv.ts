/**
 * A cell a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
 * before one) gets a leading `'`, so it is shown as text: a shopper-supplied id like
 * `=HYPERLINK(...)` must never run in a marketer's spreadsheet. Then RFC 4180 quoting.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text, CRLF line ends (RFC 4180). */
export function toCsv(rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
