import type { Store } from '../store/store.js';
import { shopperKids } from './access-answer.js';
import type { ErasureRecord, RightsRequestRecord } from './rights-types.js';

export const ERASURE_WHY =
  'Item 23.4 asks to destroy data collected or processed against the law; item 26.5 and Law 94-V require the owner to prove that consent was obtained. ' +
  'So the signed receipts, their countersignatures and the signed requests stay, as that proof: they hold the device key, the principal id (that key\'s thumbprint, or the customer id), ' +
  'the decisions and their times, and, where the site called identify(), the opaque customer id inside the signed bytes, which cannot be removed without breaking the signature. ' +
  'Everything kept only beside them is erased: reply addresses, free text, and the links from requests to a customer id.';

/**
 * What a destruction request (23.4) erases, done honestly: the personal data kept beside every
 * request of the same shopper (their device keys, their principal id, and a customer id a
 * receipt proves), and nothing that is proof of consent. Returns the request ids to erase and
 * the record of what is erased, what is kept, and why.
 */
export async function planErasure(store: Store, record: RightsRequestRecord): Promise<{ ids: string[]; erasure: ErasureRecord }> {
  const kids = await shopperKids(store, record);
  // Every one of them, read and erased in IN lists of a few hundred: none is left out of the count.
  const ids = await store.rights.relatedIds(kids, record.principalId);
  const related = await store.rights.many(ids);
  const personal = related.map((r) => r.personal).filter((p) => p !== null);
  // Counted from the decision rows: the signed JWS themselves are not needed to count them.
  const receipts = (await store.decisionRowsOfKids(kids)).length;
  return {
    ids,
    erasure: {
      erased: {
        replyAddresses: personal.filter((p) => p.replyTo !== null).length,
        details: personal.filter((p) => p.details !== null).length,
        subjectLinks: personal.filter((p) => p.subjectId !== null).length,
        requests: personal.length,
      },
      kept: { receipts, requests: related.length },
      why: ERASURE_WHY,
    },
  };
}
