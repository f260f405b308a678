import { addTotals, countDeltas, emptyTotals, tallyDeltas, withdrawnRowsOf } from './derive-state.js';
import { deriveFromLog, type LogReader } from './derive-from-log.js';
import type { StateTx } from './state-tx.js';

/**
 * Fills the empty state tables from the receipts (migration 3 on a store that already holds
 * some), inside the caller's transaction: a receiver that starts on an old database serves
 * state reads only once they are whole.
 */
export async function buildState(log: LogReader, tx: StateTx): Promise<{ principals: number; devices: number }> {
  const totals = emptyTotals();
  let principals = 0;
  let devices = 0;
  for await (const chunk of deriveFromLog(log)) {
    const keys = [...new Set(chunk.state.rows.map((r) => r.principalKey))];
    principals += keys.length;
    devices += chunk.devices.length;
    await tx.write({ principals: keys, rows: chunk.state.rows, terms: chunk.state.terms, devices: chunk.devices, counts: [], holders: [], withdrawn: [] });
    addTotals(totals, chunk.state);
  }
  // As differences from empty tables, in the order every writer takes them.
  await tx.write({
    principals: [],
    rows: [],
    terms: [],
    devices: [],
    counts: countDeltas(new Map(), totals.counts),
    holders: tallyDeltas(new Map(), totals.holders),
    withdrawn: withdrawnRowsOf(tallyDeltas(new Map(), totals.withdrawn)),
  });
  return { principals, devices };
}
