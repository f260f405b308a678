import { KAZAKH_POLICY, POLICY_ID, type PolicyIdentity } from './identity.js';
import type { Language } from './languages.js';
import { parsePolicy, type PolicyStructure } from './parse.js';
import { KK_POLICY_TEXT } from './text-kk.js';

/** One language version of the policy: its text, its structure and what identifies it. */
export interface PolicyDocument extends PolicyStructure, PolicyIdentity {
  /** Canonical text: one block per line (see `normalizePolicyText`). */
  readonly text: string;
}

/** The bundled Kazakh policy, exactly as the user supplied it (whitespace normalised). */
export function kazakhPolicy(): PolicyDocument {
  return { ...KAZAKH_POLICY, text: KK_POLICY_TEXT, ...parsePolicy(KK_POLICY_TEXT) };
}

/**
 * A translation supplied by the owner: canonical text in, a document with its own hash out.
 * Hashing uses WebCrypto, so it works in browsers, Node, Deno and Workers alike.
 */
export async function translatedPolicy(language: Language, version: string, canonicalText: string): Promise<PolicyDocument> {
  return {
    id: POLICY_ID,
    version,
    language,
    text: canonicalText,
    sha256: await sha256Base64Url(canonicalText),
    ...parsePolicy(canonicalText),
  };
}

export async function sha256Base64Url(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
