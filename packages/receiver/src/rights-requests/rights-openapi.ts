import { MAX_REPLY_TO_LENGTH, MAX_REQUEST_DETAILS_LENGTH, MAX_RIGHTS_REQUEST_JWS_LENGTH, RIGHTS_KINDS } from '@artgrad/receipt';
import { admin, error, json, jsonBody, ref } from '../http/openapi-parts.js';

// The rights-request routes in the OpenAPI document (merged by `http/openapi.ts`).

const idPath = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const seqPath = { name: 'seq', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const kinds = Object.keys(RIGHTS_KINDS);
const unauthorized = error('No or a wrong bearer token (UNAUTHORIZED).');
const proofErrors = {
  401: error('PROOF_REQUIRED: no device proof; PROOF_INVALID: it does not verify, or names another method, path or time.'),
};
const actionErrors = {
  400: error('MALFORMED_JSON or INVALID_REQUEST.'),
  401: unauthorized,
  404: error('NOT_FOUND'),
  409: error('REQUEST_CLOSED: the request is already refused or done.'),
  413: error('PAYLOAD_TOO_LARGE'),
  415: error('UNSUPPORTED_MEDIA_TYPE'),
};
const operatorAnswer = (description: string) => json(ref('RightsRequestDetail'), description);
const filterQuery = [
  { name: 'kind', in: 'query', schema: { type: 'string', enum: kinds } },
  {
    name: 'status',
    in: 'query',
    schema: { type: 'string', enum: ['received', 'answered', 'refused', 'done', 'open', 'overdue', 'due-today'] },
    description: '`open`: not refused or done. `overdue`: not met and past its due instant. `due-today`: not met and due by the end of today in Kazakhstan (UTC+5).',
  },
];

export const rightsPaths = {
  '/rights-requests': {
    post: {
      operationId: 'postRightsRequest',
      summary: 'A shopper\u2019s request under policy item 23 (know, change, block, destroy)',
      description: `\`request\`: a JWS signed by the device key (\`typ\` rights-request+jws; header \`jwk\` and \`kid\` as in a receipt; low-S), payload \`{ requestId, kind, item, principalId, iat, prev, detailsSha256, policy, language }\`. Beside it, unsigned so that they can be erased later: \`details\` (free text, at most ${MAX_REQUEST_DETAILS_LENGTH} characters, required for correction; its SHA-256 must be the signed \`detailsSha256\`), \`replyTo\` (an e-mail address or a phone number, at most ${MAX_REPLY_TO_LENGTH} characters; never in anything signed), \`subjectId\` (the customer id from identify()). The due date counts Kazakh working days from the day after receipt (UTC+5): 3 for access (26.6, 26.7), 1 for the others (26.8). The same request sent again answers 200 \`duplicate\` with the same acknowledgement. Counts against the same per-client limit as POST /receipts.`,
      requestBody: jsonBody(ref('RightsRequestEnvelope')),
      responses: {
        201: json(ref('RightsRequestAck'), 'Stored: the controller\u2019s signed acknowledgement with the received time and the due date.'),
        200: json(ref('RightsRequestAck'), 'Already stored: the same acknowledgement.'),
        400: error('INVALID_REQUEST, DETAILS_INVALID or REPLY_TO_INVALID: the envelope is malformed or out of bounds.'),
        409: error('RECEIPT_FUTURE: signed more than MAX_FUTURE_SKEW_SECONDS ahead of the receiver clock (send again later); REQUEST_CLASH: another request is stored under this requestId.'),
        413: error('PAYLOAD_TOO_LARGE'),
        415: error('UNSUPPORTED_MEDIA_TYPE'),
        422: error('RECEIPT_*: the request does not verify (RECEIPT_MALFORMED for another typ, RECEIPT_SIGNATURE for a high-S twin); DETAILS_MISMATCH; DETAILS_REQUIRED; REQUEST_PRINCIPAL: principalId is neither the signing key nor a customer id a stored receipt of that key carries.'),
        429: error('RATE_LIMITED, with Retry-After.'),
      },
    },
    get: {
      operationId: 'getOwnRightsRequests',
      summary: 'The device\u2019s own requests, their status and answers',
      description: 'With `Authorization: DeviceProof <jws>` for `GET /rights-requests`, signed by the key that signed the requests. Never the operator\u2019s token names.',
      security: [{ deviceProof: [] }],
      responses: { 200: json({ type: 'object', required: ['requests'], properties: { requests: { type: 'array', items: ref('RightsRequestView') } } }, 'Newest first, at most 100.'), ...proofErrors },
    },
  },
  '/rights-requests/{id}/events/{seq}/attachment': {
    get: {
      operationId: 'getOwnRightsAnswer',
      summary: 'Download an answer\u2019s attachment, to the device that made the request',
      security: [{ deviceProof: [] }],
      parameters: [idPath, seqPath],
      responses: {
        200: { description: 'The file, as an attachment, with a sandboxing Content-Security-Policy.' },
        400: error('INVALID_REQUEST'),
        ...proofErrors,
        403: error('NOT_YOUR_REQUEST: the proof is signed by another device key.'),
        404: error('NOT_FOUND'),
      },
    },
  },
  '/admin/rights-requests': {
    get: {
      operationId: 'listRightsRequests',
      summary: 'The queue, by due date (after any extension), then id',
      security: admin,
      parameters: [...filterQuery, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 0, maximum: 500, default: 100 } }, { name: 'cursor', in: 'query', schema: { type: 'string' } }],
      responses: {
        200: json(
          { type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: ref('RightsQueueItem') }, nextCursor: { type: ['string', 'null'] } } },
          'One page.',
        ),
        400: error('INVALID_REQUEST: a bad kind, status or limit; INVALID_CURSOR: a cursor this receiver did not give.'),
        401: unauthorized,
      },
    },
  },
  '/admin/rights-requests/export.csv': {
    get: {
      operationId: 'exportRightsRequests',
      summary: 'The queue as CSV (the same filters; at most 50,000 rows)',
      security: admin,
      parameters: filterQuery,
      responses: { 200: { description: 'text/csv: id, kind, item, status, received_at, received_day, due_day, due_by, extended, provisional, met, overdue, due_today.' }, 400: error('INVALID_REQUEST'), 401: unauthorized },
    },
  },
  '/admin/rights-requests/{id}': {
    get: {
      operationId: 'getRightsRequest',
      summary: 'One request in full: the signed request, the acknowledgement, what the shopper sent beside it (null once erased), every event with who and when',
      security: admin,
      parameters: [idPath],
      responses: { 200: operatorAnswer('The request.'), 400: error('INVALID_REQUEST'), 401: unauthorized, 404: error('NOT_FOUND') },
    },
  },
  '/admin/rights-requests/{id}/events/{seq}/attachment': {
    get: {
      operationId: 'getRightsAnswer',
      summary: 'Download an answer\u2019s attachment',
      security: admin,
      parameters: [idPath, seqPath],
      responses: { 200: { description: 'The file.' }, 400: error('INVALID_REQUEST'), 401: unauthorized, 404: error('NOT_FOUND') },
    },
  },
  '/admin/rights-requests/{id}/answer': {
    post: {
      operationId: 'answerRightsRequest',
      summary: 'Answer: text, a file (base64, at most 2 MiB), or for access (23.1) `assemble: true`',
      description:
        '`assemble` builds the answer file in one step: the shopper\u2019s receipts (its device key, and the devices of a customer id a receipt proves) with their countersignatures, each verified now, their chains, and the request with its acknowledgement (26.5). Recorded with the token\u2019s name and the time.',
      security: admin,
      parameters: [idPath],
      requestBody: jsonBody({
        type: 'object',
        properties: {
          text: { type: 'string', maxLength: 20000 },
          attachment: { type: 'object', required: ['name', 'type', 'base64'], properties: { name: { type: 'string', maxLength: 200 }, type: { type: 'string' }, base64: { type: 'string' } } },
          assemble: { type: 'boolean' },
        },
      }),
      responses: { 200: operatorAnswer('The request, answered.'), ...actionErrors, 400: error('ANSWER_REQUIRED: no text, attachment or assemble; INVALID_REQUEST.') },
    },
  },
  '/admin/rights-requests/{id}/refuse': {
    post: {
      operationId: 'refuseRightsRequest',
      summary: 'A reasoned refusal (26.7): the reason is required and shown to the shopper',
      security: admin,
      parameters: [idPath],
      requestBody: jsonBody({ type: 'object', required: ['reason'], properties: { reason: { type: 'string', minLength: 1, maxLength: 20000 } } }),
      responses: { 200: operatorAnswer('The request, refused.'), ...actionErrors, 400: error('REASON_REQUIRED; INVALID_REQUEST.') },
    },
  },
  '/admin/rights-requests/{id}/done': {
    post: {
      operationId: 'completeRightsRequest',
      summary: 'Done. For destruction (23.4): erases what is not proof of consent, and records what was erased and kept, and why',
      description:
        'Erased: the reply addresses, free text and customer-id links kept beside every request of the shopper (the device key, its principal id, and the devices of a customer id a receipt proves). Kept: the signed receipts, their countersignatures and the signed requests, which prove that consent was obtained (26.5).',
      security: admin,
      parameters: [idPath],
      requestBody: jsonBody({ type: 'object', properties: { note: { type: 'string', maxLength: 20000 } } }),
      responses: { 200: operatorAnswer('The request, done.'), ...actionErrors },
    },
  },
  '/admin/rights-requests/{id}/extend': {
    post: {
      operationId: 'extendRightsRequest',
      summary: 'Extend the due date by working days, where a law allows: the legal basis is required',
      security: admin,
      parameters: [idPath],
      requestBody: jsonBody({
        type: 'object',
        required: ['workingDays', 'legalBasis'],
        properties: { workingDays: { type: 'integer', minimum: 1, maximum: 30 }, legalBasis: { type: 'string', minLength: 1, maxLength: 20000 } },
      }),
      responses: { 200: operatorAnswer('The request, with its new due date.'), ...actionErrors, 400: error('LEGAL_BASIS_REQUIRED; INVALID_REQUEST.') },
    },
  },
};

const erasure = {
  type: 'object',
  properties: {
    erased: { type: 'object', properties: { replyAddresses: { type: 'integer' }, details: { type: 'integer' }, subjectLinks: { type: 'integer' }, requests: { type: 'integer' } } },
    kept: { type: 'object', properties: { receipts: { type: 'integer' }, requests: { type: 'integer' } } },
    why: { type: 'string' },
  },
};
const queueProperties = {
  id: { type: 'string', format: 'uuid' },
  kind: { type: 'string', enum: kinds },
  item: { type: 'string', enum: Object.values(RIGHTS_KINDS) },
  status: { type: 'string', enum: ['received', 'answered', 'refused', 'done'] },
  receivedAt: { type: 'string', format: 'date-time' },
  receivedDay: { type: 'string', format: 'date' },
  dueDay: { type: 'string', format: 'date', description: 'The last day, after any extension.' },
  dueBy: { type: 'string', format: 'date-time', description: 'The end of dueDay in Kazakhstan (23:59:59.999 UTC+5).' },
  provisional: { type: 'boolean', description: 'Counted in part past the working-day table: weekends and fixed-date holidays only.' },
};

export const rightsSchemas = {
  RightsRequestEnvelope: {
    type: 'object',
    required: ['request'],
    additionalProperties: false,
    properties: {
      request: { type: 'string', maxLength: MAX_RIGHTS_REQUEST_JWS_LENGTH },
      details: { type: 'string', maxLength: MAX_REQUEST_DETAILS_LENGTH },
      replyTo: { type: 'string', maxLength: MAX_REPLY_TO_LENGTH },
      subjectId: { type: 'string', pattern: '^[\\w.:-]{1,128}$' },
    },
  },
  RightsRequestAck: {
    type: 'object',
    required: ['status', 'id', 'ack', 'receivedAt', 'dueDay', 'dueBy', 'provisional'],
    properties: {
      status: { type: 'string', enum: ['stored', 'duplicate'] },
      id: { type: 'string', format: 'uuid' },
      ack: { type: 'string', description: 'JWS by the controller key (`typ` rights-request-ack+jws): requestId, requestHash, kind, kid, receivedAtMs, receivedDay, workingDays, dueDay, dueBy, provisional, items.' },
      receivedAt: { type: 'string', format: 'date-time' },
      dueDay: { type: 'string', format: 'date' },
      dueBy: { type: 'string', format: 'date-time' },
      provisional: { type: 'boolean' },
    },
  },
  RightsRequestView: {
    type: 'object',
    properties: {
      ...queueProperties,
      ack: { type: 'string' },
      events: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            seq: { type: 'integer' },
            type: { type: 'string', enum: ['answered', 'refused', 'done', 'extended'] },
            at: { type: 'string', format: 'date-time' },
            text: { type: ['string', 'null'], description: 'The answer, the refusal\u2019s reason, the extension\u2019s legal basis, or a note.' },
            dueDay: { type: 'string', format: 'date' },
            attachment: { type: 'object', properties: { name: { type: 'string' }, type: { type: 'string' }, size: { type: 'integer' }, path: { type: 'string' } } },
            erasure,
          },
        },
      },
    },
  },
  RightsQueueItem: {
    type: 'object',
    properties: {
      ...queueProperties,
      extended: { type: 'boolean' },
      met: { type: 'boolean', description: 'Access: answered, refused or done; the others: refused or done.' },
      overdue: { type: 'boolean' },
      dueToday: { type: 'boolean' },
    },
  },
  RightsRequestDetail: {
    type: 'object',
    description: 'A queue item, with the signed request (`jws`), the acknowledgement (`ack`), `personal` (replyTo, details, subjectId, subjectVerified; null once erased) and `events` (each with `by`, the admin token\u2019s name).',
    properties: {
      ...queueProperties,
      jws: { type: 'string' },
      ack: { type: 'string' },
      personal: { type: ['object', 'null'] },
      erased: { type: 'boolean' },
      events: { type: 'array', items: { type: 'object' } },
    },
  },
};
