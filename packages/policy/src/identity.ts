import type { Language } from './languages.js';
import { KK_POLICY_SHA256 } from './text-kk-sha256.js';

/**
 * What names one language version of the policy, without its text: enough to sign a receipt,
 * to compare a decision hint and to ask whether a decision was made under this text. A build
 * carries this at first paint and fetches the text itself later (`kazakhPolicy`).
 */
export interface PolicyIdentity {
  readonly id: string;
  readonly version: string;
  readonly language: Language;
  /** SHA-256 of the canonical text's UTF-8 bytes, base64url. */
  readonly sha256: string;
}

export const POLICY_ID = 'artgrad-personal-data-policy';
/** Bump when the text changes: every shopper is asked again. */
export const POLICY_VERSION = '2024-1';

/** The bundled Kazakh policy's identity. */
export const KAZAKH_POLICY: PolicyIdentity = { id: POLICY_ID, version: POLICY_VERSION, language: 'kk', sha256: KK_POLICY_SHA256 };
