import { assembleReceipt } from './assemble-receipt.js';
import { ReceiptError } from './errors.js';
import {
  BIN,
  DEFAULT_COLLECTION_METHOD,
  DEFAULT_SERVICE,
  LANGUAGE_TAG,
  RECEIPT_EVENTS,
  SHA256_BASE64URL,
  UUID,
  isHttpUrl,
  isRecord,
  setOwn,
} from './formats.js';
import type {
  Confirmation,
  ConsentReceiptPayload,
  ConsentTerms,
  Controller,
  Decisions,
  PolicyRef,
  PurposeShown,
  ReceiptInput,
} from './types.js';


function invalid(field: string, why: string): never {
  throw new ReceiptError('RECEIPT_INPUT', `${field} ${why}`);
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') invalid(field, 'must be a non-empty string');
  return value;
}

function flag(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') invalid(field, 'must be a boolean');
  return value;
}

function matching(value: unknown, pattern: RegExp, field: string, shape: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) invalid(field, `must be ${shape}`);
  return value;
}

function url(value: unknown, field: string): string {
  if (typeof value !== 'string' || !isHttpUrl(value)) invalid(field, 'must be an absolute http(s) URL');
  return value;
}

/**
 * A copy that is plain JSON. The signature covers the serialised bytes, so anything JSON would
 * drop or change (undefined, NaN, a Date) would make the receipt in hand differ from the signed one.
 */
function jsonCopy(value: unknown, field: string, depth = 0): unknown {
  // Also stops a cyclic object, which would otherwise recurse until the stack overflows.
  if (depth > 16) invalid(field, 'nests too deep');
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) invalid(field, 'must be a finite number');
    return value;
  }
  // Array.from visits holes (as undefined, refused below); map would keep them, and JSON turns them into null.
  if (Array.isArray(value)) return Array.from(value, (item: unknown, i) => jsonCopy(item, `${field}[${i}]`, depth + 1));
  const proto: unknown = isRecord(value) ? Object.getPrototypeOf(value) : undefined;
  if (isRecord(value) && (proto === Object.prototype || proto === null)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) setOwn(copy, key, jsonCopy(item, `${field}.${key}`, depth + 1));
    return copy;
  }
  return invalid(field, 'must be plain JSON');
}

function controllerOf(value: unknown): Controller {
  if (!isRecord(value)) invalid('controller', 'must be an object');
  const controller: Controller = {
    name: text(value.name, 'controller.name'),
    bin: matching(value.bin, BIN, 'controller.bin', '12 digits'),
    address: text(value.address, 'controller.address'),
    email: matching(value.email, /^[^\s@]+@[^\s@]+$/, 'controller.email', 'an e-mail address'),
    phone: text(value.phone, 'controller.phone'),
    url: url(value.url, 'controller.url'),
  };
  if (value.contact !== undefined) controller.contact = text(value.contact, 'controller.contact');
  if (value.onBehalf !== undefined) controller.onBehalf = flag(value.onBehalf, 'controller.onBehalf');
  return controller;
}

function purposesOf(value: unknown): PurposeShown[] {
  if (!Array.isArray(value) || value.length === 0) invalid('purposes', 'must be a non-empty array');
  const seen = new Set<string>();
  return Array.from(value, (item: unknown, i) => {
    const field = `purposes[${i}]`;
    if (!isRecord(item)) invalid(field, 'must be an object');
    const id = text(item.id, `${field}.id`);
    if (seen.has(id)) invalid(`${field}.id`, `repeats "${id}"`);
    seen.add(id);
    const purpose: PurposeShown = { id, label: text(item.label, `${field}.label`) };
    if (item.piiCategories !== undefined) {
      if (!Array.isArray(item.piiCategories)) invalid(`${field}.piiCategories`, 'must be an array');
      purpose.piiCategories = Array.from(item.piiCategories, (c: unknown, j) => text(c, `${field}.piiCategories[${j}]`));
    }
    return purpose;
  });
}

function decisionsOf(value: unknown, shown: ReadonlySet<string>): Decisions {
  if (!isRecord(value)) invalid('decisions', 'must be an object');
  const decisions: Decisions = {};
  for (const [id, consented] of Object.entries(value)) {
    // A decision about something the shopper never saw is not consent to it.
    if (!shown.has(id)) invalid(`decisions.${id}`, 'names a purpose that was not shown');
    setOwn(decisions, id, flag(consented, `decisions.${id}`));
  }
  return decisions;
}

function policyOf(value: unknown): PolicyRef {
  if (!isRecord(value)) invalid('policy', 'must be an object');
  return {
    version: text(value.version, 'policy.version'),
    sha256: matching(value.sha256, SHA256_BASE64URL, 'policy.sha256', 'a SHA-256 digest in base64url'),
    language: matching(value.language, LANGUAGE_TAG, 'policy.language', 'a language tag'),
  };
}

function confirmationOf(value: unknown): Confirmation {
  if (!isRecord(value)) invalid('confirmation', 'must be an object');
  text(value.method, 'confirmation.method');
  return jsonCopy(value, 'confirmation') as Confirmation;
}

function termsOf(value: unknown): ConsentTerms {
  if (!isRecord(value)) invalid('terms', 'must be an object');
  const terms: ConsentTerms = {
    term: text(value.term, 'terms.term'),
    thirdParties: flag(value.thirdParties, 'terms.thirdParties'),
    crossBorder: flag(value.crossBorder, 'terms.crossBorder'),
    publicSources: flag(value.publicSources, 'terms.publicSources'),
  };
  if (terms.thirdParties) terms.thirdPartyName = text(value.thirdPartyName, 'terms.thirdPartyName');
  return terms;
}

/**
 * The receipt payload for one decision. Validates everything it is given, because a receipt
 * is signed and kept for years: a bad field found later cannot be fixed.
 */
export function buildReceipt(input: ReceiptInput): ConsentReceiptPayload {
  if (!isRecord(input)) invalid('input', 'must be an object');
  const id = matching(input.id, UUID, 'id', 'a UUID');
  const timeMs = input.timeMs;
  if (typeof timeMs !== 'number' || !Number.isSafeInteger(timeMs) || timeMs < 0) {
    invalid('timeMs', 'must be a non-negative integer number of milliseconds');
  }
  const principalId = text(input.principalId, 'principalId');
  const subjectId = input.subjectId === undefined ? undefined : text(input.subjectId, 'subjectId');
  const controller = controllerOf(input.controller);
  const policyUrl = url(input.policyUrl, 'policyUrl');
  const language = matching(input.language, LANGUAGE_TAG, 'language', 'a language tag');
  const purposes = purposesOf(input.purposes);
  const decisions = decisionsOf(input.decisions, new Set(purposes.map((p) => p.id)));
  if (!(RECEIPT_EVENTS as readonly unknown[]).includes(input.event)) {
    invalid('event', `must be one of ${RECEIPT_EVENTS.join(', ')}`);
  }
  const policy = policyOf(input.policy);
  const confirmation = confirmationOf(input.confirmation);
  const prev = input.prev === null ? null : matching(input.prev, SHA256_BASE64URL, 'prev', 'null or a chain hash');
  if (input.newKey !== undefined && typeof input.newKey !== 'boolean') invalid('newKey', 'must be a boolean');
  const terms = termsOf(input.terms);
  const collectionMethod =
    input.collectionMethod === undefined ? DEFAULT_COLLECTION_METHOD : text(input.collectionMethod, 'collectionMethod');
  const service = input.service === undefined ? DEFAULT_SERVICE : text(input.service, 'service');

  return assembleReceipt({
    id,
    timeMs,
    principalId,
    ...(subjectId === undefined ? {} : { subjectId }),
    controller,
    policyUrl,
    language,
    purposes,
    decisions,
    event: input.event,
    policy,
    confirmation,
    prev,
    ...(input.newKey === undefined ? {} : { newKey: input.newKey }),
    terms,
    collectionMethod,
    service,
  });
}

