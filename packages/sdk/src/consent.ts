import { kazakhPolicy, type PolicyDocument, type Purpose } from '@artgrad/policy';
import { resolveConfig, type ConfigProblem, type ConsentConfig, type ResolvedConfig } from './config.js';
import { isMintedEvidence } from './confirmation.js';
import { Emitter } from './emitter.js';
import { ConsentError } from './errors.js';
import type { Confirmation, Decisions, DecisionRecord, ReceiptEvent } from './record.js';
import { deriveState, grantedMap, type ConsentState } from './state.js';
import { memoryDecisionStore, openDecisionStore, type DecisionStore } from './store.js';
import { connectTabs } from './tabs.js';

export interface ConsentEvents {
  change: ConsentChange;
  error: ConsentError;
}

export interface ConsentChange {
  readonly state: Decisions;
  /** The record that caused the change; `null` when another tab made it. */
  readonly record: DecisionRecord | null;
}

/**
 * The public API (`window.artgradConsent`). It can read, listen, open the preferences and
 * withdraw — and nothing here can grant consent: that takes the confirmation step.
 */
export interface ConsentApi {
  /** Resolves once stored decisions are loaded, with `{ purpose: granted }`. */
  ready(): Promise<Decisions>;
  /** Whether the purpose is currently granted (`false` when never decided). */
  get(purpose: string): boolean;
  getAll(): Decisions;
  on<K extends keyof ConsentEvents>(type: K, fn: (value: ConsentEvents[K]) => void): () => void;
  /** Opens the preferences (needs the `<artgrad-consent>` element on the page). */
  open(): void;
  /** Withdraws one purpose, or every granted one; resolves with the record, or `null` if nothing was granted. */
  withdraw(purpose?: string): Promise<DecisionRecord | null>;
}

/** What the widget needs beyond the public API. Reached through `consentInternals(api)`. */
export interface ConsentInternals {
  readonly config: ResolvedConfig;
  readonly problems: readonly ConfigProblem[];
  readonly policy: PolicyDocument;
  readonly emitter: Emitter<ConsentEvents>;
  state(): ConsentState;
  /** True when the shopper has not decided under this policy text or on some requested purpose. */
  needsDecision(): boolean;
  /** Purposes to show: the requested ones, then any granted one no longer requested (so it can be withdrawn). */
  shownPurposes(): Purpose[];
  /** Records a refusal, or a grant with evidence from `confirmationEvidence`. */
  decide(decisions: Decisions, confirmation: Confirmation | null, language: string): Promise<DecisionRecord>;
  setOpener(open: (() => void) | null): void;
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
  store?: DecisionStore;
}

export function createConsent(input: ConsentConfig = {}, options: CreateConsentOptions = {}): ConsentApi {
  const { config, problems } = resolveConfig(input);
  const policy = kazakhPolicy();
  const emitter = new Emitter<ConsentEvents>();
  let records: DecisionRecord[] = [];
  let state: ConsentState = {};
  let opener: (() => void) | null = null;
  let store: DecisionStore;

  const report = (error: ConsentError) => {
    emitter.emit('error', error);
    return error;
  };

  const load = async () => {
    records = await store.all();
    state = deriveState(records);
  };

  const loaded = (async () => {
    try {
      store = options.store ?? (await openDecisionStore(config.dbName));
    } catch (error) {
      // Without IndexedDB the banner still works for this page; the error says so.
      report(error as ConsentError);
      store = memoryDecisionStore();
    }
    await load();
  })();

  const tabs = connectTabs(config.dbName, async () => {
    await load();
    emitter.emit('change', { state: grantedMap(state), record: null });
  });

  const decide = async (decisions: Decisions, confirmation: Confirmation | null, language: string) => {
    await loaded;
    const grants = Object.values(decisions).some(Boolean);
    if (grants && !isMintedEvidence(confirmation)) {
      throw report(new ConsentError('NOT_CONFIRMED', 'consent is recorded only after the confirmation step'));
    }
    const before = grantedMap(state);
    const event: ReceiptEvent = grants
      ? records.length
        ? 'updated'
        : 'given'
      : Object.keys(decisions).some((p) => before[p])
        ? 'withdrawn'
        : 'refused';
    const record: DecisionRecord = {
      id: crypto.randomUUID(),
      time: Date.now(),
      event,
      decisions: { ...decisions },
      policy: { version: policy.version, sha256: policy.sha256, language: policy.language },
      confirmation: confirmation ?? { method: 'none' },
      language,
    };
    let stored: DecisionRecord;
    try {
      stored = await store.append(record);
    } catch (error) {
      throw report(error as ConsentError);
    }
    records = [...records, stored];
    state = deriveState(records);
    emitter.emit('change', { state: grantedMap(state), record: stored });
    tabs.notify();
    return stored;
  };

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
      return decide(Object.fromEntries(granted.map((p) => [p, false])), { method: 'direct' }, config.language);
    },
  };

  internals.set(api, {
    config,
    problems,
    policy,
    emitter,
    state: () => state,
    needsDecision() {
      const last = records[records.length - 1];
      if (!last || last.policy.sha256 !== policy.sha256 || last.policy.version !== policy.version) return true;
      return config.requested.some((p) => !(p in state));
    },
    shownPurposes() {
      const ids = [...config.requested, ...Object.keys(state).filter((p) => state[p]!.granted && !config.requested.includes(p))];
      return ids.flatMap((id) => config.catalogue.filter((p) => p.id === id));
    },
    decide,
    setOpener: (fn) => void (opener = fn),
  });
  return api;
}
