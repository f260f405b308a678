import { createRequire } from 'node:module';
import Ajv2020 from 'ajv/dist/2020.js';
import { ReceiptError, type ConsentReceiptPayload } from '@artgrad/receipt';

// The payload's JSON Schema as `@artgrad/receipt` publishes it for other backends: the reference
// receiver validates with the very same file, so the published schema cannot drift from what is
// accepted here. (The package's own check, `checkPayload`, is hand-written because Ajv compiles
// to code at run time, which strict-CSP pages and Workers refuse; a property test keeps the two
// in agreement, and the receiver runs both.) `strictRequired` off: the schema's if/then names a
// member (thirdPartyName) that `properties` declares beside it, not inside the `then`.
const schema = createRequire(import.meta.url)('@artgrad/receipt/schema/receipt-payload.schema.json') as object;
const validate = new Ajv2020({ strict: true, strictRequired: false }).compile(schema);

/** Throws `RECEIPT_SCHEMA`, naming the first failing path, unless the payload passes the published schema. */
export function checkAgainstSchema(payload: ConsentReceiptPayload): void {
  if (validate(payload)) return;
  const [first] = validate.errors ?? [];
  throw new ReceiptError('RECEIPT_SCHEMA', `payload${first?.instancePath ?? ''} ${first?.message ?? 'does not match the published schema'} (schema/receipt-payload.schema.json)`);
}
