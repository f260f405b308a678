import { DEFAULT_REQUESTED, isLanguage, LANGUAGES, PURPOSES, type Language, type Purpose } from '@artgrad/policy';
import type { Controller, ConsentTerms } from '@artgrad/receipt';
import type { Transport } from './sync.js';

/** What a site configures. Every field but the controller's details is optional. */
export interface ConsentConfig {
  /**
   * `development` is declared, never inferred from the build: it allows the clearly marked
   * placeholder controller details. Otherwise the SDK refuses to start without real ones.
   */
  mode?: 'production' | 'development';
  /** The data controller, stated in every receipt (Law 94-V Art. 8(4)). */
  controller?: Partial<Controller>;
  /** Where the policy the shopper read is published. */
  policyUrl?: string;
  /** The consent's term and where data goes; defaults follow the requested purposes. */
  terms?: Partial<ConsentTerms>;
  /** Ids of the purposes to ask for, in order. Default: `processing`, `dissemination`. */
  purposes?: readonly string[];
  /** Purposes a site adds to the catalogue (each with kk/ru/en labels). */
  catalogue?: readonly Purpose[];
  /** Interface language; the policy text itself stays in the language it was written in. */
  language?: Language;
  /** Base URL of the receipt backend (`POST {endpoint}/receipts`). */
  endpoint?: string;
  /** Sends receipts anywhere instead of `endpoint` (a site's own API client, a queue). */
  transport?: Transport;
  /** IndexedDB database name; tests and several sites on one origin use their own. */
  dbName?: string;
  /** The protective step's method: a deliberate checkbox, or a one-time code (needs `endpoint`). */
  confirmation?: 'checkbox' | 'otp';
  /**
   * Per purpose, the cookies and storage keys that belong to it, cleared when it is refused or
   * withdrawn: `ClearRules`, or the text of a `data-clear-*` attribute. Checked by the engine,
   * which reports each bad entry as an error.
   */
  clear?: Readonly<Record<string, unknown>>;
}

export interface ResolvedConfig {
  readonly mode: 'production' | 'development';
  readonly controller: Controller;
  readonly policyUrl: string;
  readonly terms: ConsentTerms;
  readonly requested: readonly string[];
  readonly catalogue: readonly Purpose[];
  readonly language: Language;
  readonly endpoint: string | null;
  readonly transport: Transport | null;
  readonly dbName: string;
  readonly confirmation: 'checkbox' | 'otp';
  readonly clear: Readonly<Record<string, unknown>>;
}

/** A configuration problem: which field, and what was wrong. `fatal` ones stop the SDK. */
export interface ConfigProblem {
  readonly field: string;
  readonly message: string;
  readonly fatal?: boolean;
}

/** Marked as placeholders wherever they appear, so a receipt made with them cannot pass for real. */
export const PLACEHOLDER_CONTROLLER: Controller = {
  name: '«АртГрад» ЖШС',
  bin: '000000000000',
  address: 'PLACEHOLDER (development mode): no address configured',
  email: 'placeholder@example.invalid',
  phone: 'PLACEHOLDER (development mode)',
  url: 'https://placeholder.invalid/',
};
const REQUIRED = ['bin', 'address', 'email', 'phone', 'url'] as const;

/**
 * Validates a configuration without throwing: each bad field is reported and replaced by its
 * default, so that a typo in one attribute never leaves the shopper without a banner. Missing
 * controller details outside development mode are `fatal`.
 */
export function resolveConfig(input: ConsentConfig = {}): { config: ResolvedConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const catalogue = [...PURPOSES];
  for (const extra of input.catalogue ?? []) {
    const ok = /^[a-z][a-z0-9-]{0,39}$/.test(extra?.id) && LANGUAGES.every((l) => extra.label?.[l] && extra.description?.[l]);
    if (!ok || catalogue.some((p) => p.id === extra.id)) problems.push({ field: 'catalogue', message: `purpose ${JSON.stringify(extra?.id)}: needs a new id and kk/ru/en label and description` });
    else catalogue.push(extra);
  }

  let requested = [...(input.purposes ?? DEFAULT_REQUESTED)];
  const unknown = requested.filter((id) => !catalogue.some((p) => p.id === id));
  if (unknown.length) {
    problems.push({ field: 'purposes', message: `unknown purpose ${unknown.map((u) => `"${u}"`).join(', ')}` });
    requested = requested.filter((id) => !unknown.includes(id));
  }
  requested = [...new Set(requested)];

  let language: Language = 'kk';
  if (input.language !== undefined) {
    if (isLanguage(input.language)) language = input.language;
    else problems.push({ field: 'language', message: `unknown language ${JSON.stringify(input.language)}; use kk, ru or en` });
  }

  // Relative URLs are resolved against the page, as the attribute's author meant them.
  const absolute = (value: string | undefined, field: string, fatal = false): string => {
    if (!value) return '';
    try {
      return new URL(value, globalThis.location?.href).href;
    } catch {
      problems.push({ field, message: `${JSON.stringify(value)} is not a URL`, fatal });
      return '';
    }
  };
  const endpoint = absolute(input.endpoint, 'endpoint').replace(/\/+$/, '') || null;

  const mode = input.mode ?? 'production';
  if (mode !== 'production' && mode !== 'development') problems.push({ field: 'mode', message: `unknown mode ${JSON.stringify(mode)}; use production or development`, fatal: true });
  const development = mode === 'development';
  const given = input.controller ?? {};
  const controller: Controller = { ...PLACEHOLDER_CONTROLLER, ...given };
  if (given.url) controller.url = absolute(given.url, 'controller.url', true);
  for (const field of REQUIRED) {
    if (!given[field] && !development) problems.push({ field: `controller.${field}`, message: `is required outside development mode`, fatal: true });
  }
  // Receipts are signed and kept for years: a malformed detail must stop the start, not a sale.
  if (!/^\d{12}$/.test(controller.bin)) problems.push({ field: 'controller.bin', message: 'must be 12 digits (the BIN)', fatal: true });
  if (!/^[^\s@]+@[^\s@]+$/.test(controller.email)) problems.push({ field: 'controller.email', message: 'must be an e-mail address', fatal: true });
  if (!controller.name) problems.push({ field: 'controller.name', message: 'must not be empty', fatal: true });
  const policyUrl = absolute(input.policyUrl, 'policyUrl', true) || (development ? 'https://placeholder.invalid/policy' : '');
  if (!policyUrl) problems.push({ field: 'policyUrl', message: 'is required outside development mode', fatal: true });

  let confirmation = input.confirmation ?? 'checkbox';
  if (confirmation !== 'checkbox' && confirmation !== 'otp') {
    problems.push({ field: 'confirmation', message: `unknown method ${JSON.stringify(confirmation)}; use checkbox or otp` });
    confirmation = 'checkbox';
  } else if (confirmation === 'otp' && !endpoint) {
    problems.push({ field: 'confirmation', message: 'otp needs an endpoint (the receiver sends the codes); using checkbox' });
    confirmation = 'checkbox';
  }

  const terms: ConsentTerms = {
    term: 'until withdrawn',
    thirdParties: requested.includes('third-party-transfer'),
    crossBorder: requested.includes('cross-border'),
    publicSources: requested.includes('dissemination'),
    ...input.terms,
  };
  if (terms.thirdParties && !terms.thirdPartyName) problems.push({ field: 'terms.thirdPartyName', message: 'names the third party when data goes to one', fatal: true });

  return {
    config: {
      mode: development ? 'development' : 'production',
      controller,
      policyUrl,
      terms,
      requested,
      catalogue,
      language,
      endpoint,
      transport: input.transport ?? null,
      dbName: input.dbName ?? 'artgrad-consent',
      confirmation,
      clear: input.clear ?? {},
    },
    problems,
  };
}
