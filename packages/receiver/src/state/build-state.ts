import { addTotals, countDeltas, type StateTotals } from './derive-state.js';
import { deriveFromLog, type LogReader } from './derive-from-log.js';
import type { StateTx } from './state-tx.js';

/**
 * Fills the empty state tables from the receipts (migration 3 on a store that already holds
 * some), inside the caller's transaction: a receiver that starts on an old database serves
 * state reads only once they are whole.
 */
export async function buildState(log: LogReader, tx: StateTx): Promise<{ principals: number; devices: number }> {
  const totals: StateTotals = { counts: new Map(), holders: new Map() };
  let principals = 0;
  let devices = 0;
  for await (const chunk of deriveFromLog(log)) {
    const keys = [...new Set(chunk.state.rows.map((r) => r.principalKey))];
    principals += keys.length;
    devices += chunk.devices.length;
    await tx.replacePrincipals(keys, chunk.state.rows, chunk.state.terms);
    if (chunk.devices.length) await tx.putDevices(chunk.devices);
    addTotals(totals, chunk.state);
  }
  // As differences from empty tables, in the order every writer takes them.
  const counts = countDeltas(new Map(), totals.counts);
  if (counts.length) await tx.addCounts(counts);
  if (totals.holders.size) await tx.addHolders([...totals.holders].sort());
  return { principals, devices };
}
