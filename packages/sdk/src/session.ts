import type { PolicyIdentity } from '@artgrad/policy';
import type { ResolvedConfig } from './config.js';
import type { Emitter } from './emitter.js';
import type { ConsentError } from './errors.js';
import type { ConsentChange, ConsentEvents } from './events.js';
import type { Decisions, DecisionRecord } from './record.js';
import type { ConsentState } from './state.js';

/**
 * What the SDK's two halves share: the synchronous front (`front.ts`: configuration, the
 * decision hint, the API) and the engine (`engine.ts`: IndexedDB, signing, the outbox and
 * sync), which a script-tag page fetches after the banner has painted. The engine writes the
 * records and what follows from them; the front reads them, and the hint until they are known.
 */
export interface Session {
  readonly config: ResolvedConfig;
  readonly policy: PolicyIdentity;
  readonly emitter: Emitter<ConsentEvents>;
  /** The signed chain, once read. */
  records: DecisionRecord[];
  state: ConsentState;
  /** The purposes asked for now: the backend's `/config` once known, else the configuration. */
  requested: readonly string[];
  /** The interface language the shopper chose on this device, once read. */
  language: string | null;
  /** True once the records are read; until then reads answer from `hinted`. */
  known: boolean;
  /** The decision hint's decisions under this policy text (`decision-hint`), until `known`. */
  hinted: Decisions | null;
  /** Reports an error on the `error` event and returns it, for `throw report(…)`. */
  report(error: ConsentError): ConsentError;
  /** Emits `change` with the state as it is now (no record: not a decision made here), and what was cleared. */
  changed(cleared?: ConsentChange['cleared']): void;
}
