/** What happened to the decisions this receipt records. */
export type ReceiptEvent = 'given' | 'refused' | 'updated' | 'withdrawn' | 'identified';

/** Purpose id → consented. Only purposes shown to the shopper may appear. */
export type Decisions = Record<string, boolean>;

/** The policy text the shopper was shown; `sha256` is of its canonical text, base64url. */
export interface PolicyRef {
  version: string;
  sha256: string;
  language: string;
}

/**
 * Evidence of how the shopper confirmed, recorded as given by the confirmation plugin, e.g.
 * `{ method: 'checkbox', fullTextOpened: false, fullTextOpenedAt: null, msOnStep: 1234, shownAt }`,
 * `{ method: 'direct' }` or `{ method: 'none' }`. Values must be plain JSON.
 */
export interface Confirmation {
  method: string;
  [k: string]: unknown;
}

export interface Controller {
  name: string;
  /** Business identification number, 12 digits. */
  bin: string;
  address: string;
  email: string;
  phone: string;
  url: string;
  /** Kantara's contact name; the controller's name when not given. */
  contact?: string;
  onBehalf?: boolean;
}

export interface PurposeShown {
  id: string;
  /** In the receipt's language, as the shopper read it. */
  label: string;
  /** Kantara `piiCategory`; `['personal data']` when not given. */
  piiCategories?: readonly string[];
}

/** The terms Law 94-V wants stated with a consent. */
export interface ConsentTerms {
  /** 'until withdrawn' or an ISO 8601 duration. */
  term: string;
  thirdParties: boolean;
  /** Required by Kantara when `thirdParties` is true. */
  thirdPartyName?: string;
  crossBorder: boolean;
  publicSources: boolean;
}

export interface PostalAddress {
  formatted: string;
  country: string;
}

export interface KantaraPiiController {
  piiController: string;
  onBehalf?: boolean;
  contact: string;
  address: PostalAddress;
  email: string;
  phone: string;
  piiControllerUrl: string;
}

interface KantaraPurposeBase {
  purpose: string;
  purposeCategory: string[];
  consentType: 'EXPLICIT';
  piiCategory: string[];
  primaryPurpose: boolean;
  termination: string;
}

/** Kantara's `oneOf`: a third-party disclosure must name the third party. */
export type KantaraPurpose =
  | (KantaraPurposeBase & { thirdPartyDisclosure: false })
  | (KantaraPurposeBase & { thirdPartyDisclosure: true; thirdPartyName: string });

export interface KantaraService {
  service: string;
  purposes: KantaraPurpose[];
}

/** A Kantara Consent Receipt v1.1 object plus our fields (the schema allows extra members). */
export interface ConsentReceiptPayload {
  version: 'KI-CR-v1.1.0';
  jurisdiction: 'KZ';
  /** Seconds, as Kantara defines it; `iat_ms` has the exact time. */
  consentTimestamp: number;
  collectionMethod: string;
  consentReceiptID: string;
  publicKey?: string;
  language: string;
  piiPrincipalId: string;
  piiControllers: KantaraPiiController[];
  policyUrl: string;
  services: KantaraService[];
  sensitive: false;
  spiCat: [];
  decisions: Decisions;
  event: ReceiptEvent;
  policy: PolicyRef;
  confirmation: Confirmation;
  /** `chainHash` of the previous receipt signed by the same device, or null for the first. */
  prev: string | null;
  /** Marks the first receipt signed by a new device key. */
  newKey?: true;
  subjectId?: string;
  controllerBin: string;
  terms: ConsentTerms;
  iat_ms: number;
}

export interface ReceiptInput {
  /** UUID, becomes `consentReceiptID`. */
  id: string;
  timeMs: number;
  principalId: string;
  subjectId?: string;
  controller: Controller;
  policyUrl: string;
  language: string;
  purposes: readonly PurposeShown[];
  decisions: Decisions;
  event: ReceiptEvent;
  policy: PolicyRef;
  confirmation: Confirmation;
  prev: string | null;
  newKey?: boolean;
  terms: ConsentTerms;
  collectionMethod?: string;
  /** Kantara service name; 'ArtGrad online shop' when not given. */
  service?: string;
}

/** The public members of a P-256 key, nothing else. */
export interface PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

export interface ReceiptHeader {
  alg: 'ES256';
  typ: 'consent-receipt+jws';
  kid: string;
  jwk: PublicJwk;
}
