// Shared by the builder (browser bundle) and the payload check (verifier), so both agree on
// what a well-formed value is.

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A SHA-256 digest in unpadded base64url: 43 characters, the last one carrying 2 zero bits. */
export const SHA256_BASE64URL = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
/** Kazakhstan's business identification number: 12 digits. */
export const BIN = /^\d{12}$/;
/** A BCP 47 language tag in its common shape (kk, ru, en, kk-KZ, zh-Hant-TW). */
export const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

export const RECEIPT_EVENTS = ['given', 'refused', 'updated', 'withdrawn', 'identified'] as const;
export const KANTARA_VERSION = 'KI-CR-v1.1.0';
export const JURISDICTION = 'KZ';
export const DEFAULT_SERVICE = 'ArtGrad online shop';
export const DEFAULT_COLLECTION_METHOD = 'web consent form';
export const DEFAULT_PII_CATEGORIES = ['personal data'];
/** The purpose an order cannot go without: Kantara's `primaryPurpose`. */
export const PRIMARY_PURPOSE = 'processing';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Assignment that treats "__proto__" as an ordinary key, as JSON.parse does. */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
