import type { DecisionRow } from '../store/store.js';
import { deviceHistories } from './consent-state.js';
import { deriveState, groupByPrincipal } from './derive-state.js';
import { principalKeyOf } from './principal-key.js';
import type { DerivedState, DeviceRow } from './state-types.js';

/** The receipts, read by device: all the derivation needs of the log. */
export interface LogReader {
  /** Distinct device keys with receipts, in order, after `afterKid`. */
  kidsAfter(afterKid: string | null, limit: number): Promise<string[]>;
  decisionRowsOfKids(kids: readonly string[]): Promise<DecisionRow[]>;
  /** Device keys with at least one receipt naming this customer id. */
  kidsIdentifiedAs(subjectId: string): Promise<string[]>;
}

export interface DerivedChunk {
  devices: DeviceRow[];
  state: DerivedState;
}

/**
 * The whole state, derived from the receipts alone (not from any table kept at ingest), a chunk
 * at a time so that a million receipts never sit in memory at once: devices the shop never
 * identified as they are read, then each customer with all the devices identified as it.
 */
export async function* deriveFromLog(reader: LogReader, chunkSize = 500): AsyncGenerator<DerivedChunk> {
  const subjects = new Set<string>();
  for (let after: string | null = null; ; ) {
    const kids = await reader.kidsAfter(after, chunkSize);
    if (kids.length === 0) break;
    after = kids.at(-1)!;
    const devices: DeviceRow[] = [];
    const alone = new Map<string, string>();
    const read = await reader.decisionRowsOfKids(kids);
    for (const history of deviceHistories(read)) {
      const principalKey = principalKeyOf(history);
      devices.push({ kid: history.kids[0]!, principalKey });
      if (principalKey.startsWith('s:')) subjects.add(principalKey.slice(2));
      else alone.set(history.kids[0]!, principalKey);
    }
    yield { devices, state: deriveState(groupByPrincipal(read, alone)) };
  }
  const pending = [...subjects].sort();
  for (let i = 0; i < pending.length; i += chunkSize) {
    const chunk = new Set(pending.slice(i, i + chunkSize).map((subjectId) => `s:${subjectId}`));
    const candidates = new Set<string>();
    for (const key of chunk) for (const kid of await reader.kidsIdentifiedAs(key.slice(2))) candidates.add(kid);
    const rows = await reader.decisionRowsOfKids([...candidates]);
    // A key once identified as one customer and later as another belongs to the later one only.
    const belongs = new Map(
      deviceHistories(rows)
        .map((h) => [h.kids[0]!, principalKeyOf(h)] as const)
        .filter(([, key]) => chunk.has(key)),
    );
    yield { devices: [], state: deriveState(groupByPrincipal(rows, belongs)) };
  }
}
