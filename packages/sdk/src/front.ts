import { KAZAKH_POLICY, sha256Base64Url, type PolicyDocument } from '@artgrad/policy';
import { resolveConfig, type ConsentConfig } from './config.js';
import { checkActivation, stepEvidence } from './confirmation.js';
import type { ConsentApi } from './consent-api.js';
import { readFullHint, readHint, readLanguage, writeHint, writeLanguage } from './decision-hint.js';
import { Emitter } from './emitter.js';
import type { Engine, EngineOptions, startEngine } from './engine.js';
import { ConsentError } from './errors.js';
import type { ConsentEvents } from './events.js';
import { checkSubjectId } from './identify.js';
import { provideInternals } from './internals.js';
import { retrying } from './retrying.js';
import type { Decisions } from './record.js';
import type { Session } from './session.js';
import { grantedMap, type ConsentState } from './state.js';

export interface FrontOptions extends EngineOptions {
  /** Fetches the engine: `import('./engine.js')` from ESM, a content-hashed chunk from the script tag. */
  engine: () => Promise<{ startEngine: typeof startEngine }>;
  /** Fetches the full policy text the confirmation step confirms; its hash is checked here. */
  document: () => Promise<PolicyDocument>;
  /** Fetch the engine only when first needed or `warm()`ed (the script tag: after the banner paints). */
  lazy?: boolean;
}

/** Background retries of an engine that did not arrive (a shopper's press retries at once). */
const RETRY_MS = [2_000, 8_000, 30_000];

/**
 * The SDK's synchronous front: configuration, the decision hint, the public API and what the
 * widget reads to paint the banner. Everything that needs IndexedDB or signing is the engine's
 * (`engine.ts`), fetched by `options.engine`; until it has read the records, reads answer from
 * the hint, and a refusal pressed meanwhile is held in the hint and signed when it arrives.
 */
export function startConsent(input: ConsentConfig, options: FrontOptions): ConsentApi {
  const { config, problems } = resolveConfig(input);
  const fatal = problems.filter((p) => p.fatal);
  if (fatal.length) throw new ConsentError('CONFIG', fatal.map((p) => `${p.field} ${p.message}`).join('; '));
  const policy = KAZAKH_POLICY;
  const db = config.dbName;
  const emitter = new Emitter<ConsentEvents>();
  let opener: ((purpose?: string) => void) | null = null;
  let requestOpener: ((kind: string, details?: string) => Promise<never>) | null = null;
  let fullText: PolicyDocument | null = null;
  const session: Session = {
    config,
    policy,
    emitter,
    records: [],
    state: {},
    requested: config.requested,
    language: readLanguage(db),
    known: false,
    hinted: readHint(db, policy.sha256),
    report(error) {
      emitter.emit('error', error);
      return error;
    },
    changed: (cleared) => emitter.emit('change', { state: api.getAll(), record: null, ...(cleared && { cleared }) }),
  };
  const state = (): ConsentState =>
    session.known ? session.state : Object.fromEntries(Object.entries(session.hinted ?? {}).map(([p, granted]) => [p, { granted, recordId: '', time: 0 }]));

  let engine: Engine | null = null;
  let knownNow: () => void;
  const known = new Promise<void>((resolve) => (knownNow = resolve));
  let retries = 0;
  const fetchEngine = retrying(async () => {
    try {
      const module = await options.engine();
      engine ??= module.startEngine(session, options);
    } catch (cause) {
      const delay = RETRY_MS[retries++];
      if (delay !== undefined) setTimeout(() => void fetchEngine().catch(() => undefined), delay);
      throw session.report(new ConsentError('LOAD', `the consent SDK could not be loaded: ${(cause as Error).message}`, { cause }));
    }
    void engine.loaded.then(knownNow);
    return engine;
  });
  const loaded = async () => {
    const e = await fetchEngine();
    await e.loaded;
    return e;
  };
  const fetchDocument = retrying(async () => {
    const doc = await options.document().catch((cause: unknown) => {
      throw session.report(new ConsentError('LOAD', `the policy text could not be loaded: ${(cause as Error).message}`, { cause }));
    });
    // The receipt names the built-in hash: the text shown must be that very text.
    if ((await sha256Base64Url(doc.text)) !== policy.sha256) throw session.report(new ConsentError('LOAD', 'the policy text loaded is not the one this build confirms'));
    return (fullText = doc);
  });
  if (!options.lazy) void fetchEngine().catch(() => undefined);

  /** A refusal pressed before the engine arrived: kept in the hint, signed when it is there. */
  const hold = (decisions: Decisions, language: string) => {
    const hint = readFullHint(db, policy.sha256);
    const all = { ...session.hinted, ...decisions };
    writeHint(db, { policy: policy.sha256, decisions: all, held: { decisions: { ...hint?.held?.decisions, ...decisions }, language, at: Date.now() } });
    session.hinted = all;
    session.changed();
    void loaded()
      .then((e) => e.settle())
      .catch(() => undefined);
  };

  const api: ConsentApi = {
    ready: async () => {
      // A lazy SDK is fetched by whoever warms it (the element, once the banner has painted); an
      // early ready() must not pull the engine onto the first paint's path.
      if (!options.lazy) void fetchEngine().catch(() => undefined);
      await known;
      return grantedMap(session.state);
    },
    get: (purpose) => state()[purpose]?.granted === true,
    getAll: () => grantedMap(state()),
    on: (type, fn) => emitter.on(type, fn),
    open: (purpose) => opener?.(purpose),
    async withdraw(purpose) {
      const e = await loaded();
      const granted = Object.keys(session.state).filter((p) => session.state[p]!.granted && (purpose === undefined || p === purpose));
      if (!granted.length) return null;
      return e.commit({ decisions: Object.fromEntries(granted.map((p) => [p, false])), confirmation: { method: 'direct' }, language: config.language });
    },
    async identify(subjectId) {
      const subject = checkSubjectId(subjectId);
      // Links, and decides nothing: an `identified` receipt carries no decisions, so it can
      // neither revive a grant withdrawn meanwhile nor carry an old grant under a new policy.
      // The chain goes on under the same key.
      return (await loaded()).commit({ decisions: {}, confirmation: { method: 'none' }, language: config.language, event: 'identified', subject });
    },
    receipts: async () => (await loaded()).receipts(),
    exportReceipts: async () => (await loaded()).exportReceipts(),
    flush: async () => (await fetchEngine()).flush(false),
    request: (kind, details) =>
      (config.endpoint && requestOpener?.(kind, details)) || Promise.reject(session.report(new ConsentError('REQUEST_UNAVAILABLE', 'needs endpoint and an <artgrad-consent> element'))),
    requests: async () => (await loaded()).requests(),
    requestAnswer: async (path) => (await loaded()).requestAnswer(path),
  };

  provideInternals(api, {
    config,
    problems,
    policy,
    gpc: (globalThis.navigator as { globalPrivacyControl?: boolean } | undefined)?.globalPrivacyControl === true,
    language: () => session.language,
    // A preference, not a decision: losing it costs a click, so a failed write is not reported.
    setLanguage(language) {
      session.language = language;
      writeLanguage(db, language);
      void fetchEngine()
        .then((e) => e.setLanguage(language))
        .catch(() => undefined);
    },
    state,
    record: (id) => session.records.find((r) => r.id === id),
    requested: () => session.requested,
    needsDecision() {
      if (!session.known) return !session.hinted || session.requested.some((p) => !(p in session.hinted!));
      const last = session.records.filter((r) => r.event !== 'identified').pop();
      if (!last || last.policy.sha256 !== policy.sha256 || last.policy.version !== policy.version) return true;
      return session.requested.some((p) => !(p in session.state));
    },
    shownPurposes() {
      const now = state();
      const ids = [...session.requested, ...Object.keys(now).filter((p) => now[p]!.granted && !session.requested.includes(p))];
      return ids.flatMap((id) => config.catalogue.filter((p) => p.id === id));
    },
    async decide(decisions, confirmation, language) {
      if (Object.values(decisions).some(Boolean)) {
        throw session.report(new ConsentError('NOT_CONFIRMED', 'consent is recorded only after the confirmation step: a grant takes confirm()'));
      }
      // A lazy SDK (the script tag) keeps a refusal pressed before its engine arrived; an eager one waits.
      if (options.lazy && !session.known) return hold(decisions, language), null;
      return (await loaded()).commit({ decisions, confirmation: { ...(confirmation ?? { method: 'none' }) }, language });
    },
    async confirm({ event, control, stepShownAt }, decisions, details, language) {
      const verdict = checkActivation(event, control, stepShownAt);
      if (verdict === 'ok') await (await loaded()).commit({ decisions: { ...decisions }, confirmation: stepEvidence(event, stepShownAt, details), language });
      return verdict;
    },
    setOpener: (fn) => void (opener = fn),
    setRequestOpener: (fn) => void (requestOpener = fn as typeof requestOpener),
    async fileRequest({ event, control, stepShownAt }, input, language) {
      const verdict = checkActivation(event, control, stepShownAt);
      return verdict === 'ok' ? { verdict, request: await (await loaded()).request(input, language) } : { verdict };
    },
    deviceKid: async () => (await loaded()).deviceKid(),
    async prepare() {
      const [, doc] = await Promise.all([loaded(), fetchDocument()]);
      return doc;
    },
    document: () => fullText,
    warm: () => void fetchEngine().catch(() => undefined),
  });
  return api;
}
