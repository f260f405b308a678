import { countRowsOf } from './derive-state.js';
import { deriveFromLog, type LogReader } from './derive-from-log.js';
import type { StateTx } from './state-tx.js';

/**
 * Fills the empty state tables from the receipts (migration 3 on a store that already holds
 * some), inside the caller's transaction: a receiver that starts on an old database serves
 * state reads only once they are whole.
 */
export async function buildState(log: LogReader, tx: StateTx): Promise<{ principals: number; devices: number }> {
  const counts = new Map<string, number>();
  const holders = new Map<string, number>();
  let principals = 0;
  let devices = 0;
  for await (const chunk of deriveFromLog(log)) {
    const keys = [...new Set(chunk.state.rows.map((r) => r.principalKey))];
    principals += keys.length;
    devices += chunk.devices.length;
    await tx.replacePrincipals(keys, chunk.state.rows, chunk.state.terms);
    if (chunk.devices.length) await tx.putDevices(chunk.devices);
    for (const [key, n] of chunk.state.counts) counts.set(key, (counts.get(key) ?? 0) + n);
    for (const row of chunk.state.rows) if (row.granted) holders.set(row.purpose, (holders.get(row.purpose) ?? 0) + 1);
  }
  const rows = countRowsOf(counts).sort((a, b) => (a.purpose < b.purpose ? -1 : a.purpose > b.purpose ? 1 : a.bucket - b.bucket || (a.event < b.event ? -1 : 1)));
  if (rows.length) await tx.addCounts(rows);
  if (holders.size) await tx.addHolders([...holders].sort());
  return { principals, devices };
}
