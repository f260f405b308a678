import { readFullHint, writeHint, type DecisionHint } from './decision-hint.js';
import { deviceKey } from './device-key.js';
import { ConsentError } from './errors.js';
import { withLock } from './locks.js';
import { watchPage } from './page-lifecycle.js';
import type { Decisions, DecisionRecord, ReceiptStatus } from './record.js';
import { receiptHistory, receiptsFile } from './receipt-history.js';
import { fetchRemoteConfig, followRemoteConfig } from './remote-config.js';
import type { Session } from './session.js';
import { chainOf, decisionSigner, type DecisionInput } from './sign-decision.js';
import { deriveState, grantedMap } from './state.js';
import { memoryConsentStore, openConsentStore, storageError, type ConsentStore } from './store.js';
import type { SyncReport } from './events.js';
import { beacon, httpTransport } from './sync.js';
import { createSyncLoop, mirror } from './sync-loop.js';
import { connectTabs } from './tabs.js';
import { clearOnRefusal } from './clear/clear-on-refusal.js';
import type { RightsRequestStatus } from './rights/request-entry.js';
import { fetchAnswer, refreshRequests, statusOf } from './rights/read-requests.js';
import { sendRequests } from './rights/send-requests.js';
import { signRequest, type RequestInput } from './rights/sign-request.js';

export interface EngineOptions {
  /** Replaces IndexedDB, for unit tests. */
  store?: ConsentStore;
}

/** The SDK's heavy half, started by the front once (see `Session`). */
export interface Engine {
  /** Settles once the records are read, a held decision is signed and `/config` is followed. */
  readonly loaded: Promise<void>;
  /** Signs and stores one decision into the chain, then syncs it. */
  commit(input: DecisionInput): Promise<DecisionRecord>;
  /** Signs the decision the hint holds, if any (see `HeldDecision`). */
  settle(): Promise<DecisionRecord | null>;
  receipts(): Promise<ReceiptStatus[]>;
  exportReceipts(): Promise<Blob>;
  flush(background?: boolean): Promise<SyncReport | null>;
  setLanguage(language: string): Promise<void>;
  deviceKid(): Promise<string>;
  /** Signs a rights request the shopper confirmed, keeps it, and sends it through the outbox. */
  request(input: RequestInput, language: string): Promise<RightsRequestStatus>;
  /** This device's requests, newest first, as the receiver last said (asked again now when online). */
  requests(): Promise<RightsRequestStatus[]>;
  /** An answer's attachment, downloaded with proof of the device key. */
  requestAnswer(path: string): Promise<Blob>;
}

const same = (a: Decisions | null | undefined, b: Decisions | null | undefined) => JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b ?? {}).sort());

/**
 * Opens the store, reads the chain, signs what the hint holds for it, follows the backend's
 * `/config`, keeps the outbox in sync, and hears the other tabs. Each job lives in its own
 * module: signing into the chain (`sign-decision`), `/config` (`remote-config`), the outbox and
 * its sync (`sync-loop`), other tabs (`tabs`), the page coming and going (`page-lifecycle`).
 */
export function startEngine(session: Session, options: EngineOptions = {}): Engine {
  const { config, policy, emitter, report } = session;
  const db = config.dbName;
  const transport = config.transport ?? (config.endpoint ? httpTransport(config.endpoint) : null);
  let store!: ConsentStore;
  // Receipts not yet acknowledged, mirrored in memory so that a closing page can beacon them
  // synchronously; the outbox in IndexedDB stays the source of truth.
  const pending = new Map<string, string>();
  const hintOf = (): DecisionHint | null => {
    const last = session.records.filter((r) => r.event !== 'identified').pop();
    return last ? { policy: last.policy.sha256, decisions: grantedMap(session.state) } : null;
  };
  const load = async () => {
    session.records = await chainOf(store);
    session.state = deriveState(session.records);
  };

  // Asked at once, while IndexedDB opens.
  const remote = fetchRemoteConfig(config);
  // What a refusal or withdrawal clears (the site's rules, and the backend's once /config answers).
  const clearing = clearOnRefusal(config.clear, (id) => config.catalogue.some((p) => p.id === id), report);

  let cached: string | undefined;
  let all: DecisionRecord[] = [];
  // Rights requests go to the reference receiver's protocol, so they need its endpoint.
  const endpoint = config.endpoint;
  /** A rights request is signed and not yet acknowledged: only then does a sync pass read them. */
  let requestsWaiting = false;
  const opened = (async () => {
    try {
      store =
        options.store ??
        (await openConsentStore(db, () => {
          // A newer build took the database over in another tab: go on in memory from here.
          store = memoryConsentStore(session.records);
          report(new ConsentError('STORAGE_UNAVAILABLE', 'a newer version took IndexedDB over in another tab; decisions are kept for this page only'));
        }));
    } catch (error) {
      // Without IndexedDB the banner still works for this page; the error says so.
      report(error as ConsentError);
      store = memoryConsentStore();
    }
    // Everything the banner needs from the store, in one round of reads.
    const [records, chosen, config, requests] = await Promise.all([store.records(), store.meta('language'), remote && store.meta('config'), endpoint && store.requests()]);
    all = records;
    // A request signed on an earlier page and not yet delivered (offline, the tab closed) goes now.
    requestsWaiting = !!requests && requests.some((r) => r.sent === 'pending');
    session.records = records.filter((r) => r.jws);
    session.state = deriveState(session.records);
    // The front's copy (read at once from localStorage) is newer when there is one.
    session.language ??= chosen ?? null;
    cached = config ?? undefined;
  })();

  const sign = decisionSigner({ config, policy, store: () => store, requested: () => session.requested });

  const commit = async (input: DecisionInput): Promise<DecisionRecord> => {
    await opened;
    // A withdrawal leaves the hint before its record is signed, a grant enters it only after its
    // record is stored: the hint never claims more than the records hold. A decision held in the
    // hint by another tab stays there until that tab, or the next page, signs it.
    const hint = hintOf();
    const before = grantedMap(session.state);
    const held = readFullHint(db, policy.sha256)?.held;
    const revoked = Object.keys(input.decisions).filter((p) => !input.decisions[p] && hint?.decisions[p]);
    if (revoked.length) writeHint(db, { ...hint!, decisions: { ...hint!.decisions, ...Object.fromEntries(revoked.map((p) => [p, false])) }, ...(held && { held }) });
    let chain: DecisionRecord[] | DecisionRecord;
    try {
      chain = await sign(input);
    } catch (error) {
      throw report(storageError(error));
    }
    if (!Array.isArray(chain)) return chain;
    const stored = chain[chain.length - 1]!;
    pending.set(stored.id, stored.jws);
    // No second read: the lock's read of the chain is current as of this write.
    session.records = chain;
    session.state = deriveState(chain);
    const next = hintOf();
    writeHint(db, next && { ...next, ...(held && input.held !== held.at && { held, decisions: { ...next.decisions, ...held.decisions } }) });
    emitter.emit('receipt', stored);
    // Cleared before `change` is told, so that listeners see the page as it now is.
    const cleared = clearing.apply(Object.fromEntries(Object.keys(input.decisions).map((p) => [p, session.state[p]?.granted === true])), before);
    emitter.emit('change', { state: grantedMap(session.state), record: stored, ...(cleared && { cleared }) });
    tabs.notify();
    void flush(true);
    return stored;
  };

  /**
   * Signs a decision the hint holds (pressed before the engine arrived, here or on a page since
   * closed). One tab at a time, and the hint is read again under the lock, so that two tabs
   * arriving together sign it once.
   */
  const settleHeld = () =>
    withLock(`artgrad-consent:held:${db}`, async () => {
      const held = readFullHint(db, policy.sha256)?.held;
      if (!held) return null;
      const record = await commit({ decisions: held.decisions, confirmation: { method: 'none', pressedAt: new Date(held.at).toISOString() }, language: held.language, held: held.at });
      return record;
    });

  const loaded = (async () => {
    await opened;
    if (readFullHint(db, policy.sha256)?.held) {
      try {
        // Signed by another page meanwhile (found gone under the lock): its record is newer than our read.
        if (!(await settleHeld())) await load();
      } catch {
        // Reported by commit; the hint keeps it for the next page.
      }
    }
    // The records replace the hint; one that said otherwise is corrected, and said so. One that
    // agrees is left as it is: a returning shopper's page load writes nothing.
    const hinted = session.hinted;
    const fromRecords = hintOf();
    const held = readFullHint(db, policy.sha256)?.held;
    // A refusal still held (it could not be signed yet: a full store) stays in force over the
    // records: the state may say less than they hold, never more than the shopper left.
    if (held) session.state = { ...session.state, ...Object.fromEntries(Object.keys(held.decisions).map((p) => [p, { granted: false, recordId: '', time: held.at }])) };
    session.known = true;
    session.hinted = null;
    if (!held && (!hinted || fromRecords?.policy !== policy.sha256 || !same(hinted, fromRecords.decisions))) {
      writeHint(db, fromRecords);
      if (hinted) session.changed();
    }
    await mirror(store, pending, all);
    if (remote) {
      await followRemoteConfig(remote, {
        config,
        policy,
        store,
        cached,
        request(purposes, late) {
          session.requested = purposes;
          if (late) session.changed();
        },
        clear: (rules) => clearing.add(rules),
      });
    }
    // Leftovers of what stands refused (a vendor script no gate held back, an earlier page): quietly.
    clearing.apply(grantedMap(session.state), {});
  })();

  const tabs = connectTabs(db, async (message) => {
    await loaded;
    const before = grantedMap(session.state);
    try {
      await mirror(store, pending);
      if (message === 'sync') return;
      // The tab that decided has written the hint already.
      await load();
    } catch (error) {
      return void report(storageError(error));
    }
    // A withdrawal made in another tab clears here too (this tab's sessionStorage is its own).
    const now = grantedMap(session.state);
    session.changed(clearing.apply(Object.fromEntries(Object.keys(before).filter((p) => before[p] && !now[p]).map((p) => [p, false])), before));
    // Retries must not depend on the tab that decided staying open: any tab may deliver.
    if (pending.size) void flush(true);
  });
  // Acknowledgements made here must leave the other tabs' beacon mirrors too.
  emitter.on('sync', (r) => void (r.stored + r.duplicate + r.rejected && tabs.notify('sync')));

  const statuses = async () => (await store.requests()).sort((a, b) => b.time - a.time).map(statusOf);
  const announce = async () => emitter.emit('requests', await statuses());
  const sync = createSyncLoop({
    store: () => store,
    transport,
    lockName: `artgrad-consent:sync:${db}`,
    pending,
    emitter,
    report,
    ...(endpoint && {
      async also(store) {
        if (!requestsWaiting) return { deferred: false };
        const sent = await sendRequests(store, endpoint, report);
        requestsWaiting = sent.deferred;
        if (sent.acknowledged + sent.rejected) await announce();
        return sent;
      },
    }),
  });
  const flush = async (background = false, urgent = false) => {
    await loaded;
    return sync.pass(background, urgent);
  };

  watchPage({
    online: () => void flush(true, true),
    goingAway() {
      if (config.endpoint && !config.transport && pending.size && !sync.held()) beacon(config.endpoint, [...pending.values()]);
    },
  });
  if (typeof addEventListener === 'function') void loaded.then(() => (pending.size || requestsWaiting ? flush(true) : null));

  return {
    loaded,
    async commit(input) {
      await loaded;
      return commit(input);
    },
    async settle() {
      await loaded;
      return settleHeld();
    },
    async receipts() {
      await loaded;
      return receiptHistory(store);
    },
    async exportReceipts() {
      await loaded;
      return receiptsFile(await receiptHistory(store), config.controller.name);
    },
    flush,
    async setLanguage(language) {
      await opened;
      session.language = language;
      await store.setMeta('language', language);
    },
    async deviceKid() {
      await loaded;
      const key = await withLock(`artgrad-consent:chain:${db}`, () => deviceKey(store));
      return key!.kid;
    },
    async request(input, language) {
      await loaded;
      if (!endpoint) throw report(new ConsentError('REQUEST_UNAVAILABLE', 'rights requests need the receiver: set endpoint'));
      let entry;
      try {
        entry = await signRequest(store, db, policy, language, input);
      } catch (error) {
        throw report(error instanceof ConsentError ? error : storageError(error));
      }
      requestsWaiting = true;
      await announce();
      void flush(true);
      return statusOf(entry);
    },
    async requests() {
      await loaded;
      // Offline, or the receiver is down: the statuses last heard stand.
      const changed = endpoint ? await refreshRequests(store, db, endpoint).catch(() => []) : [];
      const list = await statuses();
      if (changed.length) emitter.emit('requests', list);
      return list;
    },
    async requestAnswer(path) {
      await loaded;
      if (!endpoint) throw new ConsentError('REQUEST_UNAVAILABLE', 'rights requests need the receiver: set endpoint');
      return fetchAnswer(store, db, endpoint, path);
    },
  };
}
