import { kazakhPolicy } from '@artgrad/policy';
import { resolveConfig, type ConsentConfig } from './config.js';
import { checkActivation, stepEvidence } from './confirmation.js';
import { readHint, writeHint, type DecisionHint } from './decision-hint.js';
import type { ConsentApi } from './consent-api.js';
import { deviceKey } from './device-key.js';
import { Emitter } from './emitter.js';
import { ConsentError } from './errors.js';
import type { ConsentEvents } from './events.js';
import { checkSubjectId } from './identify.js';
import { provideInternals } from './internals.js';
import { withLock } from './locks.js';
import { watchPage } from './page-lifecycle.js';
import type { Decisions, DecisionRecord } from './record.js';
import { receiptHistory, receiptsFile } from './receipt-history.js';
import { fetchRemoteConfig, followRemoteConfig } from './remote-config.js';
import { chainOf, decisionSigner, type DecisionInput } from './sign-decision.js';
import { deriveState, grantedMap, type ConsentState } from './state.js';
import { memoryConsentStore, openConsentStore, storageError, type ConsentStore } from './store.js';
import { beacon, httpTransport } from './sync.js';
import { createSyncLoop, mirror } from './sync-loop.js';
import { connectTabs } from './tabs.js';

export type { ConsentApi } from './consent-api.js';
export type { ConsentChange, ConsentEvents, SyncReport } from './events.js';
export { consentInternals } from './internals.js';
export type { ConfirmPress, ConsentInternals } from './internals.js';

export interface CreateConsentOptions {
  /** Replaces IndexedDB, for unit tests. */
  store?: ConsentStore;
}

/**
 * Creates the SDK. Throws `ConsentError('CONFIG')` naming the field when the configuration
 * cannot work (no controller details outside development mode); other problems are reported in
 * `consentInternals(api).problems` and replaced by defaults.
 *
 * This function wires the jobs together; each lives in its own module: signing into the chain
 * (`sign-decision`), the backend's `/config` (`remote-config`), the outbox and its sync
 * (`sync-loop`), other tabs (`tabs`), the page coming and going (`page-lifecycle`), the
 * shopper's history (`receipt-history`).
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
  const changed = () => emitter.emit('change', { state: grantedMap(state), record: null });
  // Until the records are read, get() and getAll() answer from the hint (`decision-hint`).
  let hinted = readHint(db, policy.sha256);
  let known = false;
  const hintOf = (): DecisionHint | null => {
    const last = records.filter((r) => r.event !== 'identified').pop();
    return last ? { policy: last.policy.sha256, decisions: grantedMap(state) } : null;
  };

  const report = (error: ConsentError) => {
    emitter.emit('error', error);
    return error;
  };

  const load = async () => {
    records = await chainOf(store);
    state = deriveState(records);
  };

  // Asked at once, while IndexedDB opens.
  const remote = fetchRemoteConfig(config);

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
    const [all, chosen, cached] = await Promise.all([store.records(), store.meta('language'), remote && store.meta('config')]);
    records = all.filter((r) => r.jws);
    state = deriveState(records);
    language = chosen ?? null;
    known = true;
    // The records replace the hint; one that said otherwise is corrected, and said so. One that
    // agrees is left as it is: a returning shopper's page load writes nothing.
    const fromRecords = hintOf();
    const same = (a: Decisions | null | undefined, b: Decisions | null | undefined) => JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b ?? {}).sort());
    if (!hinted || fromRecords?.policy !== policy.sha256 || !same(hinted, fromRecords.decisions)) {
      writeHint(db, fromRecords);
      if (hinted) changed();
    }
    hinted = null;
    await mirror(store, pending, all);
    if (remote) {
      await followRemoteConfig(remote, {
        config,
        policy,
        store,
        cached: cached ?? undefined,
        request(purposes, late) {
          requested = purposes;
          if (late) changed();
        },
      });
    }
  })();

  const tabs = connectTabs(db, async (message) => {
    await loaded;
    try {
      await mirror(store, pending);
      if (message === 'sync') return;
      // The tab that decided has written the hint already.
      await load();
    } catch (error) {
      return void report(storageError(error));
    }
    changed();
    // Retries must not depend on the tab that decided staying open: any tab may deliver.
    if (pending.size) void flush(true);
  });
  // Acknowledgements made here must leave the other tabs' beacon mirrors too.
  emitter.on('sync', (r) => void (r.stored + r.duplicate + r.rejected && tabs.notify('sync')));

  const sign = decisionSigner({ config, policy, store: () => store, requested: () => requested });

  const commit = async (input: DecisionInput) => {
    await loaded;
    // A withdrawal leaves the hint before its record is signed, a grant enters it only after its
    // record is stored: the hint never claims more than the records hold.
    const hint = hintOf();
    const revoked = Object.keys(input.decisions).filter((p) => !input.decisions[p] && hint?.decisions[p]);
    if (revoked.length) writeHint(db, { ...hint!, decisions: { ...hint!.decisions, ...Object.fromEntries(revoked.map((p) => [p, false])) } });
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
    records = chain;
    state = deriveState(records);
    writeHint(db, hintOf());
    emitter.emit('receipt', stored);
    emitter.emit('change', { state: grantedMap(state), record: stored });
    tabs.notify();
    void flush(true);
    return stored;
  };

  const sync = createSyncLoop({ store: () => store, transport, lockName: `artgrad-consent:sync:${db}`, pending, emitter, report });
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
  if (typeof addEventListener === 'function') void loaded.then(() => (pending.size ? flush(true) : null));

  const api: ConsentApi = {
    ready: () => loaded.then(() => grantedMap(state)),
    get: (purpose) => (known ? state[purpose]?.granted : hinted?.[purpose]) === true,
    getAll: () => (known ? grantedMap(state) : { ...hinted }),
    on: (type, fn) => emitter.on(type, fn),
    open: () => opener?.(),
    async withdraw(purpose) {
      await loaded;
      const granted = Object.keys(state).filter((p) => state[p]!.granted && (purpose === undefined || p === purpose));
      if (!granted.length) return null;
      return commit({ decisions: Object.fromEntries(granted.map((p) => [p, false])), confirmation: { method: 'direct' }, language: config.language });
    },
    async identify(subjectId) {
      const subject = checkSubjectId(subjectId);
      // Links, and decides nothing: an `identified` receipt carries no decisions, so it can
      // neither revive a grant withdrawn meanwhile nor carry an old grant under a new policy.
      // The chain goes on under the same key.
      return commit({ decisions: {}, confirmation: { method: 'none' }, language: config.language, event: 'identified', subject });
    },
    async receipts() {
      await loaded;
      return receiptHistory(store);
    },
    async exportReceipts() {
      return receiptsFile(await api.receipts(), config.controller.name);
    },
    flush: () => flush(false),
  };

  provideInternals(api, {
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
    async decide(decisions, confirmation, language) {
      if (Object.values(decisions).some(Boolean)) {
        throw report(new ConsentError('NOT_CONFIRMED', 'consent is recorded only after the confirmation step: a grant takes confirm()'));
      }
      return commit({ decisions, confirmation: { ...(confirmation ?? { method: 'none' }) }, language });
    },
    async confirm({ event, control, stepShownAt }, decisions, details, language) {
      const verdict = checkActivation(event, control, stepShownAt);
      if (verdict === 'ok') await commit({ decisions: { ...decisions }, confirmation: stepEvidence(event, stepShownAt, details), language });
      return verdict;
    },
    setOpener: (fn) => void (opener = fn),
    async deviceKid() {
      await loaded;
      const key = await withLock(`artgrad-consent:chain:${db}`, () => deviceKey(store));
      return key!.kid;
    },
  });
  return api;
}
