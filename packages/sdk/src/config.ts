import { DEFAULT_REQUESTED, isLanguage, LANGUAGES, PURPOSES, type Language, type Purpose } from '@artgrad/policy';

/** What a site configures. Every field is optional; the defaults are ArtGrad's shop. */
export interface ConsentConfig {
  /** Ids of the purposes to ask for, in order. Default: `processing`, `dissemination`. */
  purposes?: readonly string[];
  /** Purposes a site adds to the catalogue (each with kk/ru/en labels). */
  catalogue?: readonly Purpose[];
  /** Interface language; the policy text itself stays in the language it was written in. */
  language?: Language;
  /** Base URL of the receipt backend (`POST {endpoint}/receipts`). */
  endpoint?: string;
  /** IndexedDB database name; tests and several sites on one origin use their own. */
  dbName?: string;
}

export interface ResolvedConfig {
  readonly requested: readonly string[];
  readonly catalogue: readonly Purpose[];
  readonly language: Language;
  readonly endpoint: string | null;
  readonly dbName: string;
}

/** A configuration problem: which field, and what was wrong. The default was used instead. */
export interface ConfigProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * Validates a configuration without throwing: each bad field is reported and replaced by its
 * default, so that a typo in one attribute never leaves the shopper without a banner.
 */
export function resolveConfig(input: ConsentConfig = {}): { config: ResolvedConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const catalogue = [...PURPOSES];
  for (const extra of input.catalogue ?? []) {
    const ok = /^[a-z][a-z0-9-]{0,39}$/.test(extra?.id) && LANGUAGES.every((l) => extra.label?.[l] && extra.description?.[l]);
    if (!ok || catalogue.some((p) => p.id === extra.id)) problems.push({ field: 'catalogue', message: `purpose ${JSON.stringify(extra?.id)} needs a new id like "courier-share" and kk/ru/en label and description` });
    else catalogue.push(extra);
  }

  let requested = [...(input.purposes ?? DEFAULT_REQUESTED)];
  const unknown = requested.filter((id) => !catalogue.some((p) => p.id === id));
  if (unknown.length) {
    problems.push({ field: 'purposes', message: `unknown purpose ${unknown.map((u) => `"${u}"`).join(', ')}; known: ${catalogue.map((p) => p.id).join(', ')}` });
    requested = requested.filter((id) => !unknown.includes(id));
  }
  requested = [...new Set(requested)];

  let language: Language = 'kk';
  if (input.language !== undefined) {
    if (isLanguage(input.language)) language = input.language;
    else problems.push({ field: 'language', message: `unknown language ${JSON.stringify(input.language)}; use kk, ru or en` });
  }

  let endpoint: string | null = null;
  if (input.endpoint) {
    try {
      endpoint = new URL(input.endpoint, globalThis.location?.href).href.replace(/\/+$/, '');
    } catch {
      problems.push({ field: 'endpoint', message: `${JSON.stringify(input.endpoint)} is not a URL` });
    }
  }

  return { config: { requested, catalogue, language, endpoint, dbName: input.dbName ?? 'artgrad-consent' }, problems };
}
