import { ReceiptError } from './errors.js';
import {
  BIN,
  JURISDICTION,
  KANTARA_VERSION,
  LANGUAGE_TAG,
  RECEIPT_EVENTS,
  SHA256_BASE64URL,
  UUID,
  isRecord,
} from './formats.js';
import type { ConsentReceiptPayload } from './types.js';

// Hand-written rather than Ajv: Ajv generates code at run time (`new Function`), which strict
// CSP pages and Workers refuse. The tests check that whatever passes here also passes the
// Kantara schema itself.

type Json = Record<string, unknown>;

function fail(path: string, why: string): never {
  throw new ReceiptError('RECEIPT_SCHEMA', `${path} ${why}`);
}

function object(value: unknown, path: string): Json {
  if (!isRecord(value)) fail(path, 'must be an object');
  return value;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'must be an array');
  // Array.from turns holes into undefined; map and forEach would skip them unchecked.
  return Array.from(value);
}

function string(value: unknown, path: string, pattern?: RegExp): string {
  if (typeof value !== 'string') fail(path, 'must be a string');
  if (pattern && !pattern.test(value)) fail(path, `must match ${pattern.source}`);
  return value;
}

function nonEmpty(value: unknown, path: string): string {
  if (string(value, path) === '') fail(path, 'must not be empty');
  return value as string;
}

function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'must be a boolean');
  return value;
}

function strings(value: unknown, path: string): string[] {
  return array(value, path).map((item, i) => string(item, `${path}[${i}]`));
}

function optional<T>(parent: Json, key: string, path: string, check: (value: unknown, path: string) => T): void {
  if (Object.hasOwn(parent, key)) check(parent[key], path ? `${path}.${key}` : key);
}

function piiController(value: unknown, path: string): void {
  const c = object(value, path);
  nonEmpty(c.piiController, `${path}.piiController`);
  optional(c, 'onBehalf', path, boolean);
  string(c.contact, `${path}.contact`);
  object(c.address, `${path}.address`);
  string(c.email, `${path}.email`);
  string(c.phone, `${path}.phone`);
  optional(c, 'piiControllerUrl', path, string);
}

/** Returns the purpose ids (`purposeCategory`) the service lists. */
function service(value: unknown, path: string): string[] {
  const s = object(value, path);
  string(s.service, `${path}.service`);
  return array(s.purposes, `${path}.purposes`).flatMap((item, i) => {
    const at = `${path}.purposes[${i}]`;
    const p = object(item, at);
    optional(p, 'purpose', at, string);
    string(p.consentType, `${at}.consentType`);
    const categories = strings(p.purposeCategory, `${at}.purposeCategory`);
    strings(p.piiCategory, `${at}.piiCategory`);
    optional(p, 'primaryPurpose', at, boolean);
    string(p.termination, `${at}.termination`);
    // Kantara's oneOf: a disclosure to third parties names them.
    if (boolean(p.thirdPartyDisclosure, `${at}.thirdPartyDisclosure`)) string(p.thirdPartyName, `${at}.thirdPartyName`);
    return categories;
  });
}

function ours(p: Json, shown: ReadonlySet<string>): void {
  const decisions = object(p.decisions, 'decisions');
  for (const [id, consented] of Object.entries(decisions)) {
    boolean(consented, `decisions.${id}`);
    if (!shown.has(id)) fail(`decisions.${id}`, 'names a purpose the receipt does not list in services');
  }
  if (!(RECEIPT_EVENTS as readonly unknown[]).includes(p.event)) fail('event', `must be one of ${RECEIPT_EVENTS.join(', ')}`);
  const policy = object(p.policy, 'policy');
  nonEmpty(policy.version, 'policy.version');
  string(policy.sha256, 'policy.sha256', SHA256_BASE64URL);
  string(policy.language, 'policy.language', LANGUAGE_TAG);
  nonEmpty(object(p.confirmation, 'confirmation').method, 'confirmation.method');
  if (p.prev !== null) string(p.prev, 'prev', SHA256_BASE64URL);
  if (Object.hasOwn(p, 'newKey') && p.newKey !== true) fail('newKey', 'must be true when present');
  optional(p, 'subjectId', '', nonEmpty);
  string(p.controllerBin, 'controllerBin', BIN);
  const terms = object(p.terms, 'terms');
  nonEmpty(terms.term, 'terms.term');
  if (boolean(terms.thirdParties, 'terms.thirdParties')) nonEmpty(terms.thirdPartyName, 'terms.thirdPartyName');
  boolean(terms.crossBorder, 'terms.crossBorder');
  boolean(terms.publicSources, 'terms.publicSources');
  const iat = p.iat_ms;
  if (typeof iat !== 'number' || !Number.isSafeInteger(iat) || iat < 0) fail('iat_ms', 'must be a non-negative integer');
  // Two clocks in one receipt must agree, or a verifier could be shown either.
  if (Math.floor(iat / 1000) !== p.consentTimestamp) fail('consentTimestamp', 'must be iat_ms in whole seconds');
}

/**
 * Throws `RECEIPT_SCHEMA`, naming the path, unless `payload` has every member the Kantara v1.1
 * schema requires, with its type, and our own members. At least as strict as the schema.
 */
export function checkPayload(payload: unknown): asserts payload is ConsentReceiptPayload {
  const p = object(payload, 'payload');
  if (p.version !== KANTARA_VERSION) fail('version', `must be ${KANTARA_VERSION}`);
  if (p.jurisdiction !== JURISDICTION) fail('jurisdiction', `must be ${JURISDICTION}`);
  const ts = p.consentTimestamp;
  if (typeof ts !== 'number' || !Number.isSafeInteger(ts) || ts < 0) fail('consentTimestamp', 'must be a non-negative integer (seconds)');
  nonEmpty(p.collectionMethod, 'collectionMethod');
  string(p.consentReceiptID, 'consentReceiptID', UUID);
  optional(p, 'publicKey', '', string);
  string(p.language, 'language', LANGUAGE_TAG);
  nonEmpty(p.piiPrincipalId, 'piiPrincipalId');
  const controllers = array(p.piiControllers, 'piiControllers');
  if (controllers.length === 0) fail('piiControllers', 'must not be empty');
  controllers.forEach((c, i) => piiController(c, `piiControllers[${i}]`));
  string(p.policyUrl, 'policyUrl');
  const shown = new Set(array(p.services, 'services').flatMap((s, i) => service(s, `services[${i}]`)));
  if (p.sensitive !== false) fail('sensitive', 'must be false: receipts never cover special categories');
  if (array(p.spiCat, 'spiCat').length !== 0) fail('spiCat', 'must be empty when sensitive is false');
  ours(p, shown);
}
