import {
  DEFAULT_COLLECTION_METHOD,
  DEFAULT_PII_CATEGORIES,
  DEFAULT_SERVICE,
  JURISDICTION,
  KANTARA_VERSION,
  PRIMARY_PURPOSE,
} from './formats.js';
import type { ConsentReceiptPayload, KantaraPurpose, ReceiptInput } from './types.js';

/**
 * The receipt payload for one decision, assembled WITHOUT validating the input: for callers
 * that validated what they pass once, up front (the browser SDK checks its configuration when it
 * starts, and keeps the full `buildReceipt` validator out of the script tag). Every backend still
 * checks what arrives with `verifyReceipt`.
 */
export function assembleReceipt(input: ReceiptInput): ConsentReceiptPayload {
  const { controller, terms } = input;
  const kantaraPurposes = input.purposes.map((p): KantaraPurpose => {
    const common = {
      purpose: p.label,
      purposeCategory: [p.id],
      consentType: 'EXPLICIT' as const,
      piiCategory: [...(p.piiCategories ?? DEFAULT_PII_CATEGORIES)],
      primaryPurpose: p.id === PRIMARY_PURPOSE,
      termination: terms.term,
    };
    return terms.thirdParties
      ? { ...common, thirdPartyDisclosure: true, thirdPartyName: terms.thirdPartyName! }
      : { ...common, thirdPartyDisclosure: false };
  });
  const payload: ConsentReceiptPayload = {
    version: KANTARA_VERSION,
    jurisdiction: JURISDICTION,
    consentTimestamp: Math.floor(input.timeMs / 1000),
    collectionMethod: input.collectionMethod ?? DEFAULT_COLLECTION_METHOD,
    consentReceiptID: input.id,
    language: input.language,
    piiPrincipalId: input.principalId,
    piiControllers: [
      {
        piiController: controller.name,
        ...(controller.onBehalf === undefined ? {} : { onBehalf: controller.onBehalf }),
        contact: controller.contact ?? controller.name,
        address: { formatted: controller.address, country: JURISDICTION },
        email: controller.email,
        phone: controller.phone,
        piiControllerUrl: controller.url,
      },
    ],
    policyUrl: input.policyUrl,
    services: [{ service: input.service ?? DEFAULT_SERVICE, purposes: kantaraPurposes }],
    sensitive: false,
    spiCat: [],
    decisions: { ...input.decisions },
    event: input.event,
    policy: { ...input.policy },
    // A plain-JSON copy: the signature covers the serialised bytes.
    confirmation: JSON.parse(JSON.stringify(input.confirmation)),
    prev: input.prev,
    controllerBin: controller.bin,
    terms: { ...terms },
    iat_ms: input.timeMs,
  };
  if (input.newKey === true) payload.newKey = true;
  if (input.subjectId !== undefined) payload.subjectId = input.subjectId;
  return payload;
}
