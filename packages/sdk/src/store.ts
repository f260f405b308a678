import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { ConsentError } from './errors.js';
import type { DeadLetter, DecisionRecord, OutboxEntry } from './record.js';
import type { RequestEntry } from './rights/request-entry.js';

/** The device key: a non-extractable private key, kept as a CryptoKey (structured clone). */
export interface StoredKey {
  readonly name: 'device';
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly created: number;
}

interface ConsentDB extends DBSchema {
  records: { key: number; value: DecisionRecord; indexes: { id: string } };
  outbox: { key: string; value: OutboxEntry };
  dead: { key: string; value: DeadLetter };
  countersigned: { key: string; value: { id: string; jws: string } };
  keys: { key: string; value: StoredKey };
  meta: { key: string; value: { name: string; value: string } };
  requests: { key: string; value: RequestEntry };
}

/**
 * Where decisions live. Append-only for records: a receipt enters `records` and `outbox` in one
 * transaction; it leaves the outbox only when acknowledged, or moves to `dead` when rejected.
 */
export interface ConsentStore {
  records(): Promise<DecisionRecord[]>;
  append(record: DecisionRecord): Promise<DecisionRecord>;
  outbox(): Promise<OutboxEntry[]>;
  acknowledge(id: string, countersignature?: string): Promise<void>;
  deadLetter(id: string, error: string): Promise<void>;
  dead(): Promise<DeadLetter[]>;
  countersigned(): Promise<Map<string, string>>;
  key(): Promise<StoredKey | undefined>;
  saveKey(key: StoredKey): Promise<void>;
  meta(name: string): Promise<string | undefined>;
  setMeta(name: string, value: string): Promise<void>;
  /** Rights requests (item 23): each kept from signing on; `pending` until the backend acknowledges it. */
  requests(): Promise<RequestEntry[]>;
  putRequest(entry: RequestEntry): Promise<void>;
  close(): void;
}

/**
 * The IndexedDB store. Rejects with `STORAGE_UNAVAILABLE` when IndexedDB cannot be opened.
 * `onClosed` runs when this connection is given up for a newer version opened in another tab.
 */
export async function openConsentStore(name: string, onClosed?: () => void): Promise<ConsentStore> {
  let db: IDBPDatabase<ConsentDB>;
  try {
    db = await new Promise((resolve, reject) => {
      // An older connection in another tab (the v1 banner, or this build at the next upgrade)
      // would keep the open waiting with no end: this page goes on in memory and says so. Should
      // the open succeed later, that connection closes as soon as a newer version asks.
      const give = () => reject(new Error('blocked by another tab'));
      setTimeout(give, 5_000);
      openDB<ConsentDB>(name, 3, {
        upgrade(database, oldVersion) {
          // Versioned: each step only adds, so an older database upgrades in place.
          if (oldVersion < 1) database.createObjectStore('records', { keyPath: 'seq', autoIncrement: true }).createIndex('id', 'id', { unique: true });
          if (oldVersion < 2) {
            database.createObjectStore('outbox', { keyPath: 'id' });
            database.createObjectStore('dead', { keyPath: 'id' });
            database.createObjectStore('countersigned', { keyPath: 'id' });
            database.createObjectStore('keys', { keyPath: 'name' });
            database.createObjectStore('meta', { keyPath: 'name' });
          }
          if (oldVersion < 3) database.createObjectStore('requests', { keyPath: 'id' });
        },
        blocked: give,
        // A newer build in another tab is waiting: this tab must not be the one that blocks it.
        blocking: (_old, _new, event) => {
          (event.target as IDBDatabase).close();
          onClosed?.();
        },
      }).then(resolve, reject);
    });
  } catch (cause) {
    throw new ConsentError('STORAGE_UNAVAILABLE', 'IndexedDB is not available; decisions are kept for this page only', { cause });
  }
  const write = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (cause) {
      throw storageError(cause);
    }
  };
  return {
    records: () => db.getAll('records'),
    append: (record) =>
      write(async () => {
        // `strict`: settles only once on disk. Both promises settle together, so a failed add
        // never leaves tx.done unhandled.
        const tx = db.transaction(['records', 'outbox'], 'readwrite', { durability: 'strict' });
        const [seq] = await Promise.all([
          tx.objectStore('records').add(record),
          tx.objectStore('outbox').add({ id: record.id, jws: record.jws }),
          tx.done,
        ]);
        return { ...record, seq };
      }),
    outbox: () => db.getAll('outbox'),
    acknowledge: (id, countersignature) =>
      write(async () => {
        // Two transactions: with no room left for the countersignature, the receipt still leaves
        // the outbox (the backend has it), rather than being sent again on every pass. The
        // countersignature goes first: a tab closed in between leaves the receipt queued, to be
        // answered `duplicate` with the same countersignature, never gone without it.
        let full: unknown;
        if (countersignature) await db.put('countersigned', { id, jws: countersignature }).catch((cause) => (full = cause));
        await db.delete('outbox', id);
        if (full) throw full;
      }),
    deadLetter: (id, error) =>
      write(async () => {
        const tx = db.transaction(['outbox', 'dead'], 'readwrite', { durability: 'strict' });
        const entry = await tx.objectStore('outbox').get(id);
        if (entry) await Promise.all([tx.objectStore('dead').put({ id, jws: entry.jws, error, time: Date.now() }), tx.objectStore('outbox').delete(id)]);
        await tx.done;
      }),
    dead: () => db.getAll('dead'),
    countersigned: async () => new Map((await db.getAll('countersigned')).map((c) => [c.id, c.jws])),
    key: () => db.get('keys', 'device'),
    saveKey: (key) => write(async () => void (await db.put('keys', key))),
    meta: async (name) => (await db.get('meta', name))?.value,
    setMeta: (name, value) => write(async () => void (await db.put('meta', { name, value }))),
    requests: () => db.getAll('requests'),
    putRequest: (entry) =>
      write(async () => {
        // `strict`, as for receipts: a request the shopper confirmed is on disk before it is said to be sent.
        const tx = db.transaction('requests', 'readwrite', { durability: 'strict' });
        await Promise.all([tx.store.put(entry), tx.done]);
      }),
    close: () => db.close(),
  };
}

/** Kept in memory: the fallback when IndexedDB is unavailable, and a fake for unit tests. */
export function memoryConsentStore(initial: DecisionRecord[] = []): ConsentStore {
  const records = [...initial];
  const outbox = new Map<string, OutboxEntry>();
  const dead = new Map<string, DeadLetter>();
  const countersigned = new Map<string, string>();
  const meta = new Map<string, string>();
  const requests = new Map<string, RequestEntry>();
  let key: StoredKey | undefined;
  return {
    records: async () => [...records],
    async append(record) {
      if (records.some((r) => r.id === record.id)) throw new ConsentError('STORAGE', `record ${record.id} exists`);
      const stored = { ...record, seq: records.length + 1 };
      records.push(stored);
      outbox.set(record.id, { id: record.id, jws: record.jws });
      return stored;
    },
    outbox: async () => [...outbox.values()],
    async acknowledge(id, countersignature) {
      outbox.delete(id);
      if (countersignature) countersigned.set(id, countersignature);
    },
    async deadLetter(id, error) {
      const entry = outbox.get(id);
      if (entry) dead.set(id, { ...entry, error, time: Date.now() });
      outbox.delete(id);
    },
    dead: async () => [...dead.values()],
    countersigned: async () => new Map(countersigned),
    key: async () => key,
    async saveKey(k) {
      key = k;
    },
    meta: async (name) => meta.get(name),
    async setMeta(name, value) {
      meta.set(name, value);
    },
    requests: async () => [...requests.values()],
    async putRequest(entry) {
      requests.set(entry.id, entry);
    },
    close() {},
  };
}

export function storageError(cause: unknown): ConsentError {
  if (cause instanceof ConsentError) return cause;
  const quota = cause instanceof DOMException && cause.name === 'QuotaExceededError';
  return quota
    ? new ConsentError('STORAGE_QUOTA', 'Browser storage is full: the decision was not saved. Free some space and try again.', { cause })
    : new ConsentError('STORAGE', `The decision was not saved: ${(cause as Error)?.message ?? cause}`, { cause });
}
