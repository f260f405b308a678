/**
 * A cell a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
 * before one) gets a leading `'`, so it is shown as text: a shopper-supplied id like
 * `=HYPERLINK(...)` must never run in a marketer's spreadsheet. So does every such character
 * right after a `;`: Excel in Kazakh and Russian locales splits lines on `;`, where our quotes
 * (which open `,`-cells) mean nothing, so `c-1;=1+1` anywhere in a line would start a new cell
 * there, and that cell a formula. Then RFC 4180 quoting (of `;` too).
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  text = text.replace(/(^|;)(?=[=+\-@\t\r])/g, "$1'");
  return /[",;\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text, CRLF line ends (RFC 4180). */
export function toCsv(rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
