import { kazakhPolicy, type PolicyDocument, type Purpose } from '@artgrad/policy';
import { assembleReceipt, chainHash, signReceipt } from '@artgrad/receipt';
import { resolveConfig, type ConfigProblem, type ConsentConfig, type ResolvedConfig } from './config.js';
import { spendEvidence } from './confirmation.js';
import { deviceKey } from './device-key.js';
import { Emitter } from './emitter.js';
import { ConsentError } from './errors.js';
import { checkSubjectId } from './identify.js';
import type { Confirmation, Decisions, DecisionRecord, ReceiptEvent, ReceiptStatus } from './record.js';
import { deriveState, grantedMap, type ConsentState } from './state.js';
import { memoryConsentStore, openConsentStore, storageError, type ConsentStore } from './store.js';
import { withLock } from './locks.js';
import { beacon, httpTransport } from './sync.js';
import { createSyncLoop, mirror, type SyncReport } from './sync-loop.js';
import { connectTabs } from './tabs.js';

export type { SyncReport };

export interface ConsentEvents {
  change: ConsentChange;
  /** A receipt was signed and stored (it is in the outbox until the backend acknowledges it). */
  receipt: DecisionRecord;
  sync: SyncReport;
  error: ConsentError;
}

export interface ConsentChange {
  readonly state: Decisions;
  /** The record that caused the change; `null` when another tab made it. */
  readonly record: DecisionRecord | null;
}

/**
 * The public API (`window.artgradConsent`). It can read, listen, open the preferences, withdraw,
 * identify and sync — and nothing here can grant consent: that takes the confirmation step.
 */
export interface ConsentApi {
  /** Resolves once stored decisions are loaded, with `{ purpose: granted }`. */
  ready(): Promise<Decisions>;
  /** Whether the purpose is currently granted (`false` when never decided). */
  get(purpose: string): boolean;
  getAll(): Decisions;
  /** Subscribes; returns the unsubscribe function. */
  on<K extends keyof ConsentEvents>(type: K, fn: (value: ConsentEvents[K]) => void): () => void;
  /** Opens the preferences (needs the `<artgrad-consent>` element on the page). */
  open(): void;
  /** Withdraws one purpose, or every granted one; resolves with the record, or `null` if nothing was granted. */
  withdraw(purpose?: string): Promise<DecisionRecord | null>;
  /** Links this and later receipts to the shop's opaque customer id (an `identified` receipt); the id already linked resolves with its receipt and adds none. */
  identify(subjectId: string): Promise<DecisionRecord>;
  /** The local history in chain order, with what became of each receipt. */
  receipts(): Promise<ReceiptStatus[]>;
  /** A JSON file of every receipt and countersignature, for the shopper to keep. */
  exportReceipts(): Promise<Blob>;
  /** Sends the outbox now; resolves with the report (`null` without a backend). */
  flush(): Promise<SyncReport | null>;
}

/** What the widget needs beyond the public API. Reached through `consentInternals(api)`. */
export interface ConsentInternals {
  readonly config: ResolvedConfig;
  readonly problems: readonly ConfigProblem[];
  readonly policy: PolicyDocument;
  /** `navigator.globalPrivacyControl`: optional purposes start off and the banner says why. */
  readonly gpc: boolean;
  /** The interface language the shopper last chose on this device (known once `ready()`), or null. */
  language(): string | null;
  /** Remembers the shopper's choice of interface language on this device. */
  setLanguage(language: string): void;
  state(): ConsentState;
  record(id: string): DecisionRecord | undefined;
  /** The purposes asked for now: the backend's `/config` when known (marketers switch
   * `dissemination` there), else the site's configuration. */
  requested(): readonly string[];
  /** True when the shopper has not decided under this policy text or on some requested purpose. */
  needsDecision(): boolean;
  /** Purposes to show: the requested ones, then any granted one no longer requested (so it can be withdrawn). */
  shownPurposes(): Purpose[];
  /** Records a refusal or withdrawal, or a grant with evidence from `confirmationEvidence`. */
  decide(decisions: Decisions, confirmation: Confirmation | null, language: string): Promise<DecisionRecord>;
  setOpener(open: (() => void) | null): void;
  /** The device key's `kid` (made now if need be): a one-time-code token is bound to it. */
  deviceKid(): Promise<string>;
}

const internals = new WeakMap<ConsentApi, ConsentInternals>();

/** The widget's way in; the script-tag build keeps it inside its closure, away from page scripts. */
export function consentInternals(api: ConsentApi): ConsentInternals {
  const found = internals.get(api);
  if (!found) throw new ConsentError('CONFIG', 'not an API made by createConsent()');
  return found;
}

export interface CreateConsentOptions {
  /** Replaces IndexedDB, for unit tests. */
  store?: ConsentStore;
}

/**
 * Creates the SDK. Throws `ConsentError('CONFIG')` naming the field when the configuration
 * cannot work (no controller details outside development mode); other problems are reported in
 * `consentInternals(api).problems` and replaced by defaults.
 */
export function createConsent(input: ConsentConfig = {}, options: CreateConsentOptions = {}): ConsentApi {
  const { config, problems } = resolveConfig(input);
  const fatal = problems.filter((p) => p.fatal);
  if (fatal.length) throw new ConsentError('CONFIG', fatal.map((p) => `${p.field} ${p.message}`).join('; '));
  const policy = kazakhPolicy();
  const emitter = new Emitter<ConsentEvents>();
  const db = config.dbName;
  const transport = config.transport ?? (config.endpoint ? httpTransport(config.endpoint) : null);
  let records: DecisionRecord[] = [];
  let state: ConsentState = {};
  let opener: (() => void) | null = null;
  let store: ConsentStore;
  // Receipts not yet acknowledged, mirrored in memory so that a closing page can beacon them
  // synchronously; the outbox in IndexedDB stays the source of truth.
  const pending = new Map<string, string>();
  let requested = config.requested;
  let language: string | null = null;
  const known = (ids: unknown) => (Array.isArray(ids) ? ids.filter((id) => config.catalogue.some((p) => p.id === id)) : null);

  const report = (error: ConsentError) => {
    emitter.emit('error', error);
    return error;
  };

  // Records of the earlier, unsigned store version (no `jws`) prove nothing and were never sent:
  // they are left out everywhere (state, chain, history), so the banner asks again.
  const chainOf = async () => (await store.records()).filter((r) => r.jws);
  const load = async () => {
    records = await chainOf();
    state = deriveState(records);
  };

  // The backend's /config decides which purposes are asked. Asked at once, while IndexedDB
  // opens, so that a first visit's wait for it overlaps the store's.
  const remote: Promise<{ purposes?: unknown; policy?: { version: string; sha256: string } } | null> | null =
    config.endpoint && typeof fetch === 'function'
      ? fetch(`${config.endpoint}/config`, { cache: 'no-cache', credentials: 'omit' })
          .then((r) => (r.ok ? r.json() : null))
          .catch(() => null)
      : null;

  const loaded = (async () => {
    try {
      store =
        options.store ??
        (await openConsentStore(db, () => {
          // A newer build took the database over in another tab: go on in memory from here.
          store = memoryConsentStore(records);
          report(new ConsentError('STORAGE_UNAVAILABLE', 'a newer version took IndexedDB over in another tab; decisions are kept for this page only'));
        }));
    } catch (error) {
      // Without IndexedDB the banner still works for this page; the error says so.
      report(error as ConsentError);
      store = memoryConsentStore();
    }
    // Everything the banner needs from the store, in one round of reads.
    const [all, chosen, cachedConfig] = await Promise.all([store.records(), store.meta('language'), remote && store.meta('config')]);
    records = all.filter((r) => r.jws);
    state = deriveState(records);
    language = chosen ?? null;
    await mirror(store, pending, all);
    // The banner never waits long for /config: the last cached copy is used at once, and
    // without one, the bundled defaults after 400 ms.
    if (remote) {
      const cached = known(JSON.parse(cachedConfig ?? 'null')?.purposes);
      if (cached) requested = cached;
      const fresh = remote
        .then(async (answer) => {
          if (!answer || !known(answer.purposes)) return;
          if (answer.policy && (answer.policy.version !== policy.version || answer.policy.sha256 !== policy.sha256)) {
            console.warn(`[artgrad-consent] this embed shows policy ${policy.version}, the backend expects ${answer.policy.version}: update the script`);
          }
          const next = known(answer.purposes)!;
          if (next.join() !== requested.join()) {
            // Arrived after the cached copy was shown: follow the switch now, not a load later.
            requested = next;
            emitter.emit('change', { state: grantedMap(state), record: null });
          }
          // Last: a full store must not keep this page from following the switch.
          await store.setMeta('config', JSON.stringify(answer));
        })
        .catch(() => undefined);
      if (!cached) await Promise.race([fresh, new Promise((resolve) => setTimeout(resolve, 400))]);
    }
  })();

  const tabs = connectTabs(db, async (message) => {
    await loaded;
    try {
      await mirror(store, pending);
      if (message === 'sync') return;
      await load();
    } catch (error) {
      return void report(storageError(error));
    }
    emitter.emit('change', { state: grantedMap(state), record: null });
    // Retries must not depend on the tab that decided staying open: any tab may deliver.
    if (pending.size) void flush(true);
  });
  // Acknowledgements made here must leave the other tabs' beacon mirrors too.
  emitter.on('sync', (r) => void (r.stored + r.duplicate + r.rejected && tabs.notify('sync')));

  const label = (id: string, language: string) => {
    const purpose = config.catalogue.find((p) => p.id === id);
    return purpose?.label[language as 'kk'] ?? purpose?.label.kk ?? id;
  };

  /**
   * Reads the chain head, signs and writes under one Web Lock: an IndexedDB transaction cannot
   * span the await of signing, and two tabs must never fork the chain.
   */
  const sign = (decisions: Decisions, confirmation: Confirmation, language: string, event?: ReceiptEvent, subject?: string) =>
    withLock(`artgrad-consent:chain:${db}`, async () => {
      const chain = await chainOf();
      // Sites call identify() on every page view: the id already linked adds no receipt.
      const same = subject && (await store.meta('subjectId')) === subject && [...chain].reverse().find((r) => r.event === 'identified' && r.subjectId === subject);
      if (same) return same;
      const before = grantedMap(deriveState(chain));
      const grants = Object.values(decisions).some(Boolean);
      const kind: ReceiptEvent =
        event ?? (grants ? (chain.some((r) => r.event !== 'identified') ? 'updated' : 'given') : Object.keys(decisions).some((p) => before[p]) ? 'withdrawn' : 'refused');
      const key = await deviceKey(store);
      const last = chain[chain.length - 1];
      const subjectId = subject ?? (await store.meta('subjectId'));
      const id = crypto.randomUUID();
      const time = Date.now();
      const prev = last?.kid === key.kid ? last.hash : null;
      const ids = Object.keys(decisions).length ? Object.keys(decisions) : requested;
      let jws: string;
      try {
        // The configuration was checked at start; the backend verifies every receipt it gets.
        const payload = assembleReceipt({
          id,
          timeMs: time,
          principalId: subjectId ?? key.kid,
          ...(subjectId ? { subjectId } : {}),
          controller: config.controller,
          policyUrl: config.policyUrl,
          language,
          purposes: ids.map((p) => ({ id: p, label: label(p, language) })),
          decisions,
          event: kind,
          policy: { version: policy.version, sha256: policy.sha256, language: policy.language },
          confirmation: { ...confirmation },
          prev,
          // A chain exists but not under this key: the old key is gone and this one starts anew.
          newKey: chain.length > 0 && !prev,
          terms: config.terms,
        });
        jws = await signReceipt(payload, key.privateKey, key.jwk);
      } catch (cause) {
        throw new ConsentError('SIGNING', `the receipt could not be signed: ${(cause as Error).message}`, { cause });
      }
      // Every backend takes batches of at most 60 KB: a larger receipt could never be delivered.
      if (jws.length > 59_000) throw new ConsentError('SIGNING', `the receipt is ${jws.length} bytes; receipts are kept under 59,000`);
      const record: DecisionRecord = {
        id,
        time,
        event: kind,
        decisions: { ...decisions },
        policy: { version: policy.version, sha256: policy.sha256, language: policy.language },
        confirmation,
        language,
        ...(subjectId ? { subjectId } : {}),
        jws,
        kid: key.kid,
        hash: await chainHash(jws),
        prev,
      };
      // The chain as read under the lock, plus this record: what every tab's store now holds.
      const stored = await store.append(record);
      // Only once its receipt exists: an id stored without one would be linked by nothing.
      if (subject) await store.setMeta('subjectId', subject);
      return [...chain, stored];
    });

  const commit = async (...args: Parameters<typeof sign>) => {
    await loaded;
    let chain: DecisionRecord[] | DecisionRecord;
    try {
      chain = (await sign(...args))!;
    } catch (error) {
      throw report(storageError(error));
    }
    if (!Array.isArray(chain)) return chain;
    const stored = chain[chain.length - 1]!;
    pending.set(stored.id, stored.jws);
    // No second read: the lock's read of the chain is current as of this write.
    records = chain;
    state = deriveState(records);
    emitter.emit('receipt', stored);
    emitter.emit('change', { state: grantedMap(state), record: stored });
    tabs.notify();
    void flush(true);
    return stored;
  };

  const decide = async (decisions: Decisions, confirmation: Confirmation | null, language: string) => {
    if (Object.values(decisions).some(Boolean) && !spendEvidence(confirmation, decisions)) {
      throw report(new ConsentError('NOT_CONFIRMED', 'consent is recorded only after the confirmation step, once, for what it restated'));
    }
    // A copy goes into the record: the evidence object itself is never handed out again.
    return commit(decisions, { ...(confirmation ?? { method: 'none' }) }, language);
  };

  const sync = createSyncLoop({ store: () => store, transport, lockName: `artgrad-consent:sync:${db}`, pending, emitter, report });
  const flush = async (background = false, urgent = false) => {
    await loaded;
    return sync.pass(background, urgent);
  };

  if (typeof addEventListener === 'function') {
    addEventListener('online', () => void flush(true, true));
    // A page going away (tab closed, navigation, app switch) beacons what is still pending; the
    // outbox keeps it until a later fetch hears the backend acknowledge it (as a duplicate).
    const goingAway = () => {
      if (config.endpoint && !config.transport && pending.size && !sync.held()) beacon(config.endpoint, [...pending.values()]);
    };
    addEventListener('pagehide', goingAway);
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && goingAway());
    void loaded.then(() => (pending.size ? flush(true) : null));
  }

  const api: ConsentApi = {
    ready: () => loaded.then(() => grantedMap(state)),
    get: (purpose) => state[purpose]?.granted === true,
    getAll: () => grantedMap(state),
    on: (type, fn) => emitter.on(type, fn),
    open: () => opener?.(),
    async withdraw(purpose) {
      await loaded;
      const granted = Object.keys(state).filter((p) => state[p]!.granted && (purpose === undefined || p === purpose));
      if (!granted.length) return null;
      return commit(Object.fromEntries(granted.map((p) => [p, false])), { method: 'direct' }, config.language);
    },
    async identify(subjectId) {
      const id = checkSubjectId(subjectId);
      // Links, and decides nothing: an `identified` receipt carries no decisions, so it can
      // neither revive a grant withdrawn meanwhile nor carry an old grant under a new policy.
      // The chain goes on under the same key.
      return commit({}, { method: 'none' }, config.language, 'identified', id);
    },
    async receipts() {
      await loaded;
      const [all, outbox, dead, countersigned] = await Promise.all([chainOf(), store.outbox(), store.dead(), store.countersigned()]);
      const queued = new Set(outbox.map((e) => e.id));
      const failed = new Map(dead.map((d) => [d.id, d.error]));
      return all.map((record) => {
        const countersignature = countersigned.get(record.id);
        const error = failed.get(record.id);
        return {
          record,
          status: error !== undefined ? 'rejected' : queued.has(record.id) ? 'pending' : 'acknowledged',
          ...(countersignature ? { countersignature } : {}),
          ...(error !== undefined ? { error } : {}),
        };
      });
    },
    async exportReceipts() {
      const receipts = (await api.receipts()).map(({ record, status, countersignature, error }) => ({
        id: record.id,
        event: record.event,
        time: new Date(record.time).toISOString(),
        status,
        receipt: record.jws,
        countersignature: countersignature ?? null,
        ...(error ? { error } : {}),
      }));
      const file = { format: 'artgrad-consent-receipts/1', exportedAt: new Date().toISOString(), controller: config.controller.name, receipts };
      return new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' });
    },
    flush: () => flush(false),
  };

  internals.set(api, {
    config,
    problems,
    policy,
    gpc: (globalThis.navigator as { globalPrivacyControl?: boolean } | undefined)?.globalPrivacyControl === true,
    language: () => language,
    // A preference, not a decision: losing it costs a click, so a failed write is not reported.
    setLanguage: (l) => void store.setMeta('language', (language = l)).catch(() => undefined),
    state: () => state,
    record: (id) => records.find((r) => r.id === id),
    requested: () => requested,
    needsDecision() {
      const last = records.filter((r) => r.event !== 'identified').pop();
      if (!last || last.policy.sha256 !== policy.sha256 || last.policy.version !== policy.version) return true;
      return requested.some((p) => !(p in state));
    },
    shownPurposes() {
      const ids = [...requested, ...Object.keys(state).filter((p) => state[p]!.granted && !requested.includes(p))];
      return ids.flatMap((id) => config.catalogue.filter((p) => p.id === id));
    },
    decide,
    setOpener: (fn) => void (opener = fn),
    async deviceKid() {
      await loaded;
      const key = await withLock(`artgrad-consent:chain:${db}`, () => deviceKey(store));
      return key!.kid;
    },
  });
  return api;
}
