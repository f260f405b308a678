/**
 * Reads a CSV response to the end, reporting rows received as they arrive (line ends counted;
 * the header line is not a row). Throws AbortError when `signal` aborts: the caller keeps
 * nothing of a half-read export.
 */
export async function readCsvStream(response: Response, onRows: (rows: number) => void, signal?: AbortSignal): Promise<{ blob: Blob; rows: number }> {
  const chunks: Uint8Array[] = [];
  let lines = 0;
  const count = (chunk: Uint8Array) => {
    for (const byte of chunk) if (byte === 0x0a) lines++;
    onRows(Math.max(0, lines - 1));
  };
  if (!response.body) {
    const whole = new Uint8Array(await response.arrayBuffer());
    chunks.push(whole);
    count(whole);
  } else {
    const reader = response.body.getReader();
    const abort = () => void reader.cancel().catch(() => {});
    signal?.addEventListener('abort', abort, { once: true });
    try {
      for (;;) {
        if (signal?.aborted) throw new DOMException('export cancelled', 'AbortError');
        const { done, value } = await reader.read();
        if (signal?.aborted) throw new DOMException('export cancelled', 'AbortError');
        if (done) break;
        chunks.push(value);
        count(value);
      }
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }
  return { blob: new Blob(chunks as BlobPart[], { type: 'text/csv;charset=utf-8' }), rows: Math.max(0, lines - 1) };
}
