/**
 * Hands a finished file to the browser's downloads. A blob: URL and a `download` link, no data:
 * URL and no inline script, so the shop's CSP allows it; revoked once the download has started.
 */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
