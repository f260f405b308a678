import type { Decisions } from './record.js';

/**
 * A small, synchronous copy of the current decisions (`localStorage`), so that a returning
 * shopper's page can answer `get()`, gate scripts and update Consent Mode before IndexedDB has
 * opened and the signed records are read. The records stay the truth: once read, they replace
 * the hint, and a hint that said otherwise is corrected with a `change` event.
 *
 * The SDK writes it so that it never claims more than the records hold: a grant is written to
 * the hint only after its record is stored, a withdrawal before its record is signed. A hint
 * written by anything else (a page script, a stale copy) is only as trustworthy as a consent
 * cookie: what it let run before the records were read cannot be un-run. It names the policy
 * text it was decided under; under another text it is not read at all.
 */
export interface DecisionHint {
  /** The policy text's sha256 the decisions were made under. */
  policy: string;
  decisions: Decisions;
  /**
   * A refusal or withdrawal pressed before the signing code had arrived (the script-tag build
   * fetches it after the banner paints). It is already in `decisions`, so no later page asks
   * again or runs what was refused, and the SDK signs it as soon as it is there, in this page or
   * a later one (`settleHeld`). Never a grant: a grant takes the confirmation step, which waits
   * for the SDK.
   */
  held?: HeldDecision;
}

/** A decision kept in the hint until it can be signed. */
export interface HeldDecision {
  decisions: Decisions;
  language: string;
  /** When it was pressed (ms since the epoch): the receipt records it. */
  at: number;
}

const keyOf = (db: string) => `artgrad-consent:${db}`;
/** A hint is a few purpose ids; anything longer was not written by us. */
const MAX_HINT_LENGTH = 2_000;

const storage = (): Storage | null => {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // A sandboxed frame or blocked storage throws on access: no hint, the records decide.
    return null;
  }
};

const onlyBooleans = (value: unknown): Decisions | null => {
  if (typeof value !== 'object' || value === null) return null;
  const entries = Object.entries(value);
  return entries.every(([, v]) => typeof v === 'boolean') ? Object.fromEntries(entries) : null;
};

/** The whole hint for `db` under this policy text, or null (none, another text, or not ours). */
export function readFullHint(db: string, policySha256: string): DecisionHint | null {
  try {
    const raw = storage()?.getItem(keyOf(db));
    if (!raw || raw.length > MAX_HINT_LENGTH) return null;
    const hint = JSON.parse(raw) as Partial<DecisionHint>;
    const decisions = onlyBooleans(hint?.decisions);
    if (hint?.policy !== policySha256 || !decisions) return null;
    const held = hint.held;
    // A held decision that is not a refusal was not written by us: it is dropped, never signed.
    const heldDecisions = onlyBooleans(held?.decisions);
    const valid = heldDecisions && !Object.values(heldDecisions).some(Boolean) && typeof held!.language === 'string' && typeof held!.at === 'number';
    return { policy: policySha256, decisions, ...(valid ? { held: { decisions: heldDecisions, language: held!.language.slice(0, 8), at: held!.at } } : {}) };
  } catch {
    return null;
  }
}

/** The hint's decisions for `db` under this policy text, or null. */
export function readHint(db: string, policySha256: string): Decisions | null {
  return readFullHint(db, policySha256)?.decisions ?? null;
}

/** Writes (or, with `null`, removes) the hint. A full or blocked storage costs only the shortcut. */
export function writeHint(db: string, hint: DecisionHint | null): void {
  try {
    const s = storage();
    if (hint) s?.setItem(keyOf(db), JSON.stringify(hint));
    else s?.removeItem(keyOf(db));
  } catch {
    // QuotaExceededError and the like: the records are unaffected.
  }
}

/**
 * The interface language the shopper chose on this device, beside the hint: the first paint
 * speaks it at once, before the records (which keep it too) are read. Not a decision: a lost
 * one costs a click.
 */
export function readLanguage(db: string): string | null {
  try {
    const value = storage()?.getItem(`${keyOf(db)}:language`) ?? null;
    return value && value.length <= 8 ? value : null;
  } catch {
    return null;
  }
}

export function writeLanguage(db: string, language: string): void {
  try {
    storage()?.setItem(`${keyOf(db)}:language`, language);
  } catch {
    // Full or blocked storage: the choice lasts for this page, and in the records.
  }
}
