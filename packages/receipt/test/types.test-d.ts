// Compile-only: checked by `tsc -p test` (the package's typecheck script), never run.
import { expectTypeOf } from 'vitest';
import {
  buildReceipt,
  checkPayload,
  signReceipt,
  verifyReceipt,
  type ConsentReceiptPayload,
  type KantaraPurpose,
  type ReceiptErrorCode,
  type VerifiedReceipt,
} from '@artgrad/receipt';

declare const unknownValue: unknown;
checkPayload(unknownValue);
expectTypeOf(unknownValue).toEqualTypeOf<ConsentReceiptPayload>();

expectTypeOf(verifyReceipt).returns.resolves.toEqualTypeOf<VerifiedReceipt>();
expectTypeOf(buildReceipt).returns.toEqualTypeOf<ConsentReceiptPayload>();
expectTypeOf(signReceipt).returns.resolves.toBeString();
expectTypeOf<ConsentReceiptPayload['prev']>().toEqualTypeOf<string | null>();
expectTypeOf<ConsentReceiptPayload['newKey']>().toEqualTypeOf<true | undefined>();
expectTypeOf<'RECEIPT_SIGNATURE'>().toMatchTypeOf<ReceiptErrorCode>();

// Kantara's oneOf, in the types: a disclosure names the third party.
// @ts-expect-error thirdPartyName is required when thirdPartyDisclosure is true
const nameless: KantaraPurpose = { purpose: 'p', purposeCategory: ['p'], consentType: 'EXPLICIT', piiCategory: [], primaryPurpose: false, termination: 't', thirdPartyDisclosure: true };
void nameless;

declare const payload: ConsentReceiptPayload;
// @ts-expect-error the spiCat of a receipt is always empty
payload.spiCat = ['health'];
// @ts-expect-error events are a closed set
payload.event = 'accepted';
