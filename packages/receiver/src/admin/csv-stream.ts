import type { ListCursor } from '../store/state-sql.js';
import { toCsv } from './csv.js';
import type { ProofRow } from './holders.js';

/** Rows read per step: a few milliseconds of database work (countersignatures are kilobytes each), then the event loop is free again. */
const ROWS_PER_STEP = 250;

export type ProofPageReader = (after: ListCursor | undefined, offset: number, limit: number) => Promise<ProofRow[]>;

/**
 * A CSV export written as it is read: one keyset page at a time, pulled only as fast as the
 * client takes it, so memory stays constant at a million rows and nothing a marketer exports
 * holds up a shopper's receipt for longer than one page. The BOM makes spreadsheet programs read
 * the Cyrillic and Kazakh letters as UTF-8; cells are neutralised as `csvCell` says.
 */
export function proofCsvStream(read: ProofPageReader, timeColumn: string, paging: { limit: number; offset: number; after?: ListCursor }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let remaining = paging.limit;
  let offset = paging.offset;
  let after = paging.after;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(
          encoder.encode(`\uFEFF${toCsv([['principal', 'subjectId', 'piiPrincipalId', 'kid', 'receiptId', timeColumn, 'receivedAt', 'countersignature']])}`),
        );
      },
      async pull(controller) {
        // A macrotask between steps: SQLite answers synchronously, so without it the steps would
        // follow each other as microtasks and no request (a shopper's receipt, /health) would get
        // the event loop until the whole export was written.
        await new Promise((resolve) => setImmediate(resolve));
        const wanted = Math.min(ROWS_PER_STEP, remaining);
        const rows = wanted > 0 ? await read(after, offset, wanted) : [];
        if (rows.length) {
          controller.enqueue(
            encoder.encode(
              toCsv(
                rows.map((r) => [r.principal, r.subjectId, r.piiPrincipalId, r.kid, r.receiptId, new Date(r.consentTimestamp * 1000).toISOString(), r.receivedAt, r.countersignature]),
              ),
            ),
          );
        }
        remaining -= rows.length;
        offset = 0;
        if (rows.length < wanted || remaining <= 0) {
          controller.close();
          return;
        }
        after = { at: rows.at(-1)!.consentTimestamp, receiptId: rows.at(-1)!.receiptId };
      },
    },
    { highWaterMark: 1 },
  );
}
