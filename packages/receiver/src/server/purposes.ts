import { DEFAULT_REQUESTED, EXTRA_PURPOSES, PURPOSES } from '@artgrad/policy';
import type { Store } from '../store/store.js';

/** Purpose ids: lowercase words joined by hyphens, as the catalogue's (`third-party-transfer`). */
export const PURPOSE_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const MAX_PURPOSE_ID_LENGTH = 64;

export interface PurposeCatalogue {
  /** Every purpose a receipt may decide about: built-in, ready-made extras, the site's own. */
  known: readonly string[];
  /** What the site asks for when no marketer has switched anything, in the order shown. */
  defaultRequested: readonly string[];
  /** Purposes the service cannot go without; their request cannot be switched off. */
  essential: ReadonlySet<string>;
}

export function purposeCatalogue(options: { requested?: readonly string[]; custom?: readonly string[] } = {}): PurposeCatalogue {
  const builtIn = [...PURPOSES, ...EXTRA_PURPOSES];
  // The same rule as CUSTOM_PURPOSES: ids become object keys, CSV file names and URL segments.
  const bad = options.custom?.find((id) => id.length > MAX_PURPOSE_ID_LENGTH || !PURPOSE_ID.test(id));
  if (bad !== undefined) throw new Error(`custom purpose ${JSON.stringify(bad)} must be lowercase letters, digits and single hyphens, at most ${MAX_PURPOSE_ID_LENGTH} characters`);
  const known = [...new Set([...builtIn.map((p) => p.id), ...(options.custom ?? [])])];
  const requested = [...new Set(options.requested ?? DEFAULT_REQUESTED)];
  const unknown = requested.find((id) => !known.includes(id));
  if (unknown !== undefined) throw new Error(`requested purpose ${JSON.stringify(unknown)} is not in the catalogue`);
  return {
    known,
    defaultRequested: requested,
    essential: new Set(builtIn.filter((p) => p.essential).map((p) => p.id)),
  };
}

/** Whether the site currently asks for `purpose`: the latest switch wins, else the configured default. */
export async function isRequested(store: Store, catalogue: PurposeCatalogue, purpose: string): Promise<boolean> {
  const last = (await store.requestChanges(purpose)).at(-1);
  return last ? last.requested : catalogue.defaultRequested.includes(purpose);
}

/** The purposes asked for now: configured order first, then any switched on later, in catalogue order. */
export async function requestedPurposes(store: Store, catalogue: PurposeCatalogue): Promise<string[]> {
  const order = [...new Set([...catalogue.defaultRequested, ...catalogue.known])];
  const flags = await Promise.all(order.map((id) => isRequested(store, catalogue, id)));
  return order.filter((_, i) => flags[i]);
}
