import { MAX_BATCH_BYTES, MAX_BATCH_RECEIPTS, MAX_RECEIPT_JWS_LENGTH } from '@artgrad/receipt';
import { admin, error, json, jsonBody, ref } from './openapi-parts.js';
import { rightsPaths, rightsSchemas } from '../rights-requests/rights-openapi.js';
/**
 * The OpenAPI 3.1 description of every endpoint, served at `/openapi.json` and committed as
 * `packages/receiver/openapi.json` (a test keeps the two equal; `artgrad-receiver openapi`
 * prints it). Written by hand next to the routes rather than generated, so it also documents
 * why: limits, codes, what each answer proves.
 */


const purposeQuery = { name: 'purpose', in: 'query', required: true, schema: { type: 'string', maxLength: 64 }, example: 'dissemination' };
const pagingQuery = [
  {
    name: 'q',
    in: 'query',
    schema: { type: 'string', maxLength: 200 },
    description:
      'Case-insensitive prefix of the customer id (subjectId), a piiPrincipalId or device key (kid) of the principal, or the receipt id of one of its current decisions or withdrawals (in any purpose). Read by index; a prefix more than 10,000 ids start with is refused (422 SEARCH_TOO_BROAD). No control characters.',
  },
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 0, maximum: 500, default: 100 } },
  {
    name: 'cursor',
    in: 'query',
    schema: { type: 'string', maxLength: 400 },
    description: 'The previous page\u2019s nextCursor: the page after its last item, found by index, so a deep page costs what the first does. Not with offset.',
  },
  { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, maximum: 100000, default: 0 }, description: 'For pagers that jump to a page number; costs in proportion to it (prefer cursor).' },
];
const listErrors = {
  400: error('INVALID_REQUEST: a bad limit, offset, q or date, or both cursor and offset; INVALID_CURSOR: a cursor this receiver did not give.'),
  401: error('No or a wrong bearer token (UNAUTHORIZED).'),
  404: error('UNKNOWN_PURPOSE'),
  422: error('SEARCH_TOO_BROAD: more than 10,000 ids start with q.'),
};
const nextCursor = { type: ['string', 'null'], description: 'Pass as cursor for the next page; null on the last page.' };
const csvPagingQuery = pagingQuery.map((p) => (p.name === 'limit' ? { ...p, schema: { type: 'integer', minimum: 0 }, description: 'Default: all.' } : p));
const tzOffsetQuery = {
  name: 'tzOffset',
  in: 'query',
  schema: { type: 'integer', minimum: -720, maximum: 840, multipleOf: 15, default: 300 },
  description: 'Minutes east of UTC that dates are read in, in quarter hours (every offset in use is one). Default 300: Kazakhstan (UTC+5).',
};
const sinceQuery = {
  name: 'since',
  in: 'query',
  required: true,
  schema: { type: 'string', maxLength: 40 },
  example: '2026-11-01',
  description: 'A date YYYY-MM-DD (its midnight at tzOffset) or an ISO 8601 date-time with an offset.',
};
const purposePath = { name: 'purpose', in: 'path', required: true, schema: { type: 'string', maxLength: 64 }, example: 'dissemination' };
const unauthorized = error('No or a wrong bearer token (UNAUTHORIZED).');

/** The row shared by holders and withdrawals (`ProofRow`): they differ only in what the receipt did. */
function proofRow(receipt: string, timestamp: string) {
  return {
    type: 'object',
    required: ['principal', 'subjectId', 'piiPrincipalId', 'kid', 'receiptId', 'consentTimestamp', 'receivedAt', 'countersignature'],
    properties: {
      principal: { type: 'string', description: 'The latest subjectId, else piiPrincipalId.' },
      subjectId: { type: ['string', 'null'] },
      piiPrincipalId: { type: 'string' },
      kid: { type: 'string', description: 'The device key it signs with now.' },
      receiptId: { type: 'string', description: receipt },
      consentTimestamp: { type: 'integer', description: timestamp },
      receivedAt: { type: 'string', format: 'date-time' },
      countersignature: { type: 'string' },
    },
  };
}

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'ArtGrad consent receiver',
      version: '0.1.0',
      description:
        'Receives consent receipts signed by shoppers\u2019 devices (ES256 compact JWS), verifies them, stores them append-only, countersigns them with the controller key, confirms one-time codes, and gives marketers the current holders of each purpose. Law 94-V Art. 12: the database must be on the territory of Kazakhstan.',
    },
    paths: {
      ...rightsPaths,
      '/receipts': {
        post: {
          operationId: 'postReceipts',
          summary: 'Submit a batch of signed receipts',
          description:
            'At most 50 receipts and 61,440 bytes per request. Accepted as application/json (fetch) or text/plain (navigator.sendBeacon, no CORS preflight). One result per receipt, in order; a bad receipt never spoils the others. Sending the same receipt again is safe: it answers `duplicate` with the same countersignature.',
          requestBody: jsonBody(ref('ReceiptBatch')),
          responses: {
            200: json(ref('ReceiptResults'), 'One result per receipt, in order.'),
            400: error('MALFORMED_JSON or INVALID_REQUEST (receipts missing or not an array of strings).'),
            413: error('PAYLOAD_TOO_LARGE: the body exceeds 61,440 bytes.'),
            415: error('UNSUPPORTED_MEDIA_TYPE: not application/json or text/plain (UTF-8).'),
            422: error('BATCH_TOO_LARGE: more than 50 receipts.'),
            429: error('RATE_LIMITED: more requests from this client than the receiver allows per minute (RATE_LIMIT_PER_MINUTE, shared with /otp/*); send again after Retry-After seconds. Nothing was stored.'),
          },
        },
      },
      '/receipts/{id}': {
        get: {
          operationId: 'getReceipt',
          summary: 'A stored receipt and its countersignature, to its own device or an admin; its status to anyone else',
          description:
            'A receipt carries personal data (principal and customer ids, decisions), so it is read in full only with proof of who asks: `Authorization: DeviceProof <jws>`, a JWS signed by the device key that signed the receipt (`typ` device-proof+jws, header `jwk` and `kid` as in a receipt, payload `{ htm: "GET", htp: "/receipts/<id>", iat, jti }`, `iat` within 300 s of the receiver clock, either way; the device\u2019s receipt kept under `<id>#<kid>` is found too), or an admin bearer token. Without an `Authorization` header the answer is only `{ id, countersigned: true }`. A wrong proof or token is refused, never answered as anonymous.',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          security: [{}, { deviceProof: [] }, { adminToken: [] }],
          responses: {
            200: json(
              { oneOf: [ref('StoredReceipt'), ref('ReceiptStatus')] },
              'With proof: the shopper\u2019s JWS and the controller\u2019s countersignature. Without: that it is stored and countersigned.',
            ),
            400: error('INVALID_REQUEST: the id is not a UUID.'),
            401: error('PROOF_INVALID: the device proof does not verify, or names another method, path or time; UNAUTHORIZED: not an admin token.'),
            403: error('NOT_YOUR_RECEIPT: the proof is signed by another device key than the receipt.'),
            404: error('NOT_FOUND'),
          },
        },
      },
      '/.well-known/jwks.json': {
        get: {
          operationId: 'getJwks',
          summary: 'The controller\u2019s public keys',
          description: 'Every key that ever countersigned, the current one first; `kid` is the RFC 7638 thumbprint.',
          responses: { 200: json(ref('Jwks'), 'JSON Web Key Set.') },
        },
      },
      '/config': {
        get: {
          operationId: 'getConfig',
          summary: 'What the site asks shoppers for now',
          description: 'Public; `Cache-Control: no-cache`. `dissemination` is listed only while the marketers\u2019 switch is on.',
          responses: { 200: json(ref('Config'), 'Requested purposes in order, and the policy they rest on.') },
        },
      },
      '/otp/send': {
        post: {
          operationId: 'sendOtp',
          summary: 'Send a one-time code',
          description: 'Six digits, valid 5 minutes, at most 5 attempts; at most 5 sends per address per hour. Only a keyed hash of the address is stored.',
          requestBody: jsonBody(ref('OtpSend')),
          responses: {
            200: json({ type: 'object', required: ['challengeId'], properties: { challengeId: { type: 'string', format: 'uuid' } } }, 'The code was sent.'),
            400: error('MALFORMED_JSON, INVALID_REQUEST or OTP_ADDRESS_INVALID.'),
            413: error('PAYLOAD_TOO_LARGE'),
            415: error('UNSUPPORTED_MEDIA_TYPE'),
            429: error('OTP_RATE_LIMITED or RATE_LIMITED (the client\u2019s requests per minute), with Retry-After.'),
            502: error('OTP_DELIVERY_FAILED'),
            503: error('OTP_UNAVAILABLE: no delivery adapter configured.'),
          },
        },
      },
      '/otp/verify': {
        post: {
          operationId: 'verifyOtp',
          summary: 'Exchange the right code for a confirmation token',
          description:
            'The token is an ES256 JWS by the controller key (`typ` artgrad-otp+jwt) with `{ challengeId, kid, channel, iat, exp: iat + 600, jti }`. Put it in a receipt as `confirmation: { method: "otp", token }`; the receiver accepts the receipt when the token is the controller\u2019s, names the receipt\u2019s device key, the receipt\u2019s consentTimestamp lies in [iat, exp], and no other receipt used the token.',
          requestBody: jsonBody(ref('OtpVerify')),
          responses: {
            200: json({ type: 'object', required: ['token'], properties: { token: { type: 'string' } } }, 'The code was right.'),
            400: error('MALFORMED_JSON, INVALID_REQUEST or OTP_CODE_WRONG.'),
            404: error('OTP_CHALLENGE_UNKNOWN'),
            409: error('OTP_CHALLENGE_USED'),
            410: error('OTP_CODE_EXPIRED'),
            413: error('PAYLOAD_TOO_LARGE'),
            415: error('UNSUPPORTED_MEDIA_TYPE'),
            429: error('OTP_TOO_MANY_ATTEMPTS, or RATE_LIMITED with Retry-After'),
            503: error('OTP_UNAVAILABLE'),
          },
        },
      },
      '/admin/session': {
        get: {
          operationId: 'getAdminSession',
          summary: 'Whose token this is',
          description: 'For a console to check a token at sign-in and show who is signed in: the name recorded with every change made with it.',
          security: admin,
          responses: {
            200: json({ type: 'object', required: ['name'], properties: { name: { type: 'string' } } }, 'The token\u2019s name.'),
            401: unauthorized,
          },
        },
      },
      '/admin/requests/{purpose}': {
        get: {
          operationId: 'getPurposeRequest',
          summary: 'Whether the site asks for a purpose',
          security: admin,
          parameters: [purposePath],
          responses: { 200: json(ref('PurposeRequest'), 'The switch.'), 401: unauthorized, 404: error('UNKNOWN_PURPOSE') },
        },
        put: {
          operationId: 'putPurposeRequest',
          summary: 'Switch asking for a purpose on or off',
          description: 'Recorded with the token\u2019s name and the time. Shoppers who granted the purpose keep their consent; the banner stops asking new ones.',
          security: admin,
          parameters: [purposePath],
          requestBody: jsonBody({ type: 'object', required: ['requested'], properties: { requested: { type: 'boolean' } } }),
          responses: {
            200: json(ref('PurposeRequest'), 'The switch as now set.'),
            400: error('MALFORMED_JSON or INVALID_REQUEST.'),
            401: unauthorized,
            404: error('UNKNOWN_PURPOSE'),
            409: error('PURPOSE_ESSENTIAL: an essential purpose cannot be switched off.'),
            413: error('PAYLOAD_TOO_LARGE'),
            415: error('UNSUPPORTED_MEDIA_TYPE'),
          },
        },
      },
      '/admin/requests/{purpose}/history': {
        get: {
          operationId: 'getPurposeRequestHistory',
          summary: 'Every change of the switch, newest first',
          security: admin,
          parameters: [purposePath, pagingQuery[1]!, { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } }],
          responses: { 200: json(ref('RequestHistory'), 'Who changed it, and when.'), 401: unauthorized, 404: error('UNKNOWN_PURPOSE') },
        },
      },
      '/admin/holders': {
        get: {
          operationId: 'getHolders',
          summary: 'Principals whose current consent to a purpose is granted',
          description:
            'Read by index from the current state, which the receiver keeps in the same transaction as each receipt it stores, so a withdrawal removes a holder at once. A principal is one shopper: every device the shop identified with the same subjectId, or one device it never identified. Its last decision about the purpose wins: each device\u2019s receipts in chain order, devices interleaved by consentTimestamp; an identified receipt decides only where it changes its own device\u2019s decision. Each item carries the receipt of that decision and its countersignature.',
          security: admin,
          parameters: [purposeQuery, ...pagingQuery],
          responses: {
            200: json(ref('HolderPage'), 'One page, newest grants first.'),
            ...listErrors,
          },
        },
      },
      '/admin/holders.csv': {
        get: {
          operationId: 'getHoldersCsv',
          summary: 'The holders as CSV',
          description: 'UTF-8 with BOM, CRLF. Cells starting with = + - @ tab or CR, and those characters after a ; (the list separator of Excel in kk/ru locales), get an apostrophe before them (no formula injection). Unpaged unless limit/offset/cursor are given; written as it is read, 250 rows at a time, so a million rows take constant memory.',
          security: admin,
          parameters: [purposeQuery, ...csvPagingQuery],
          responses: {
            200: { description: 'CSV: principal, subjectId, piiPrincipalId, kid, receiptId, consentTimestamp, receivedAt, countersignature.', content: { 'text/csv': { schema: { type: 'string' } } } },
            ...listErrors,
          },
        },
      },
      '/admin/holders/count': {
        get: {
          operationId: 'getHolderCount',
          summary: 'How many principals hold a purpose now',
          description: 'Derived from the receipts at request time, like /admin/holders: a withdrawal lowers it at once.',
          security: admin,
          parameters: [purposeQuery],
          responses: {
            200: json(ref('HolderCount'), 'The live count.'),
            400: error('INVALID_REQUEST'),
            401: unauthorized,
            404: error('UNKNOWN_PURPOSE'),
          },
        },
      },
      '/admin/withdrawals': {
        get: {
          operationId: 'getWithdrawals',
          summary: 'Principals who withdrew a purpose since a date and have not granted it again',
          description:
            'Principals as in /admin/holders. Each item is the receipt that withdrew it (an on\u2192off transition of the purpose in the principal\u2019s decisions, on whichever device, dated by its consentTimestamp) with its countersignature. Newest first.',
          security: admin,
          parameters: [purposeQuery, sinceQuery, tzOffsetQuery, ...pagingQuery],
          responses: {
            200: json(ref('WithdrawalPage'), 'One page, newest withdrawals first.'),
            ...listErrors,
          },
        },
      },
      '/admin/withdrawals.csv': {
        get: {
          operationId: 'getWithdrawalsCsv',
          summary: 'The withdrawals as CSV',
          description: 'The same rows as /admin/withdrawals with the same parameters; UTF-8 with BOM, CRLF, formula cells neutralised. Unpaged unless limit/offset/cursor are given; streamed.',
          security: admin,
          parameters: [purposeQuery, sinceQuery, tzOffsetQuery, ...csvPagingQuery],
          responses: {
            200: { description: 'CSV: principal, subjectId, piiPrincipalId, kid, receiptId, withdrawnAt, receivedAt, countersignature.', content: { 'text/csv': { schema: { type: 'string' } } } },
            ...listErrors,
          },
        },
      },
      '/admin/stats/daily': {
        get: {
          operationId: 'getDailyStats',
          summary: 'Decisions per day, by purpose and event',
          description:
            'Each receipt\u2019s decision about a purpose counts once, on the day of its consentTimestamp at tzOffset, classified by what it did to that purpose for its principal (as in /admin/holders): given (off\u2192on), updated (on\u2192on), withdrawn (on\u2192off), refused (off\u2192off). An identified receipt counts only where it changes a decision. Every day of the period is listed, zeros included.',
          security: admin,
          parameters: [
            { name: 'from', in: 'query', schema: { type: 'string', format: 'date' }, description: 'First day, inclusive. Default: 29 days before `to`.' },
            { name: 'to', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Last day, inclusive. Default: today at tzOffset. At most 366 days in all.' },
            tzOffsetQuery,
            { name: 'purpose', in: 'query', schema: { type: 'string', maxLength: 64 }, description: 'Only this purpose. Default: the configured ones, plus any other decided in the period.' },
          ],
          responses: {
            200: json(ref('DailyStats'), 'One series per purpose.'),
            400: error('INVALID_REQUEST: a bad date or offset, from after to, or a period over 366 days.'),
            401: unauthorized,
            404: error('UNKNOWN_PURPOSE'),
          },
        },
      },
      '/admin/principals/{kid}/chain': {
        get: {
          operationId: 'getChain',
          summary: 'One device\u2019s receipts in chain order, its current state, gaps and forks',
          description:
            'Each receipt comes with the shopper\u2019s signed JWS and the controller\u2019s countersignature JWS, so a client can verify both itself (verifyReceipt, verifyChain, verifyCountersignature with /.well-known/jwks.json) instead of trusting the fields beside them.',
          security: admin,
          parameters: [{ name: 'kid', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' } }],
          responses: { 200: json(ref('Chain'), 'The chain of this device key (each key is its own history).'), 400: error('INVALID_REQUEST'), 401: unauthorized, 404: error('NOT_FOUND') },
        },
      },
      '/openapi.json': { get: { operationId: 'getOpenApi', summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': {} } } } } },
      '/health': {
        get: {
          operationId: 'getHealth',
          summary: 'Liveness',
          responses: { 200: json({ type: 'object', properties: { ok: { const: true }, store: { enum: ['sqlite', 'postgres'] } } }, 'Up.') },
        },
      },
    },
    components: {
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'One of ADMIN_TOKENS; its name is recorded with each change.' },
        deviceProof: {
          type: 'http',
          scheme: 'DeviceProof',
          description: 'A JWS signed by a device key for one request (`signDeviceProof` of @artgrad/receipt): `typ` device-proof+jws, payload `{ htm, htp, iat, jti }`.',
        },
      },
      schemas: {
        ...rightsSchemas,
        Error: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } },
        },
        ReceiptBatch: {
          type: 'object',
          required: ['receipts'],
          description: `At most ${MAX_BATCH_BYTES} bytes of JSON.`,
          properties: {
            receipts: {
              type: 'array',
              maxItems: MAX_BATCH_RECEIPTS,
              items: { type: 'string', maxLength: MAX_RECEIPT_JWS_LENGTH, description: 'ES256 compact JWS, typ consent-receipt+jws.' },
            },
          },
        },
        ReceiptResults: { type: 'object', required: ['results'], properties: { results: { type: 'array', items: ref('ReceiptResult') } } },
        ReceiptResult: {
          type: 'object',
          required: ['id', 'status'],
          properties: {
            id: { type: ['string', 'null'], description: 'consentReceiptID; null when the JWS is too broken to name one.' },
            status: { enum: ['stored', 'duplicate', 'rejected'] },
            error: {
              type: 'string',
              description:
                '"CODE: message". Codes: RECEIPT_MALFORMED, RECEIPT_TOO_LARGE, RECEIPT_ALG, RECEIPT_JWK, RECEIPT_KID, RECEIPT_SIGNATURE, RECEIPT_SCHEMA, RECEIPT_FUTURE, RECEIPT_PURPOSE, RECEIPT_CONFLICT, OTP_TOKEN_FORGED, OTP_TOKEN_MISMATCH, OTP_TOKEN_EXPIRED, OTP_TOKEN_REUSED.',
            },
            receipt: { type: 'string', description: 'The controller\u2019s countersignature (typ consent-countersignature+jws), when stored or duplicate.' },
          },
        },
        StoredReceipt: { type: 'object', required: ['receipt', 'countersignature'], properties: { receipt: { type: 'string' }, countersignature: { type: 'string' } } },
        ReceiptStatus: {
          type: 'object',
          required: ['id', 'countersigned'],
          properties: { id: { type: 'string', format: 'uuid' }, countersigned: { type: 'boolean', const: true } },
        },
        Jwks: {
          type: 'object',
          required: ['keys'],
          properties: {
            keys: {
              type: 'array',
              items: {
                type: 'object',
                required: ['kty', 'crv', 'x', 'y', 'kid'],
                properties: { kty: { const: 'EC' }, crv: { const: 'P-256' }, x: { type: 'string' }, y: { type: 'string' }, kid: { type: 'string' }, alg: { const: 'ES256' }, use: { const: 'sig' } },
              },
            },
          },
        },
        Config: {
          type: 'object',
          required: ['purposes', 'policy'],
          properties: {
            purposes: { type: 'array', items: { type: 'string' } },
            policy: { type: 'object', required: ['version', 'sha256'], properties: { version: { type: 'string' }, sha256: { type: 'string' } } },
            clear: {
              type: 'object',
              description: 'When CLEAR_RULES is set: per purpose, the cookies, localStorage and sessionStorage keys (names or * globs), and the cookie domains and paths, that the SDK deletes when the purpose is refused or withdrawn, beside the site\u2019s own data-clear-* rules.',
              additionalProperties: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
            },
          },
        },
        OtpSend: {
          type: 'object',
          required: ['channel', 'to'],
          properties: { channel: { enum: ['sms', 'email'] }, to: { type: 'string', maxLength: 254 } },
        },
        OtpVerify: {
          type: 'object',
          required: ['challengeId', 'code', 'kid'],
          properties: {
            challengeId: { type: 'string', format: 'uuid' },
            code: { type: 'string', pattern: '^\\d{6}$' },
            kid: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$', description: 'The device key the token is for.' },
          },
        },
        PurposeRequest: { type: 'object', required: ['purpose', 'requested'], properties: { purpose: { type: 'string' }, requested: { type: 'boolean' } } },
        RequestHistory: {
          type: 'object',
          required: ['purpose', 'total', 'items'],
          properties: {
            purpose: { type: 'string' },
            total: { type: 'integer' },
            items: {
              type: 'array',
              items: { type: 'object', properties: { requested: { type: 'boolean' }, changedBy: { type: 'string' }, changedAt: { type: 'string', format: 'date-time' } } },
            },
          },
        },
        Holder: proofRow('The receipt that granted the purpose.', 'Seconds.'),
        HolderPage: {
          type: 'object',
          required: ['purpose', 'total', 'items', 'nextCursor'],
          properties: { purpose: { type: 'string' }, total: { type: 'integer' }, items: { type: 'array', items: ref('Holder') }, nextCursor },
        },
        HolderCount: {
          type: 'object',
          required: ['purpose', 'holders', 'asOf'],
          properties: { purpose: { type: 'string' }, holders: { type: 'integer', minimum: 0 }, asOf: { type: 'string', format: 'date-time' } },
        },
        Withdrawal: proofRow('The receipt that withdrew the purpose.', 'When the shopper withdrew, seconds.'),
        WithdrawalPage: {
          type: 'object',
          required: ['purpose', 'since', 'total', 'items', 'nextCursor'],
          properties: {
            purpose: { type: 'string' },
            since: { type: 'string', format: 'date-time' },
            total: { type: 'integer' },
            items: { type: 'array', items: ref('Withdrawal') },
            nextCursor,
          },
        },
        EventCounts: {
          type: 'object',
          required: ['given', 'refused', 'updated', 'withdrawn'],
          properties: { given: { type: 'integer' }, refused: { type: 'integer' }, updated: { type: 'integer' }, withdrawn: { type: 'integer' } },
        },
        DailyStats: {
          type: 'object',
          required: ['from', 'to', 'tzOffsetMinutes', 'events', 'purposes'],
          properties: {
            from: { type: 'string', format: 'date' },
            to: { type: 'string', format: 'date' },
            tzOffsetMinutes: { type: 'integer' },
            events: { type: 'array', items: { enum: ['given', 'refused', 'updated', 'withdrawn'] } },
            purposes: {
              type: 'array',
              items: {
                type: 'object',
                required: ['purpose', 'days', 'totals'],
                properties: {
                  purpose: { type: 'string' },
                  days: { type: 'array', items: { allOf: [ref('EventCounts'), { type: 'object', required: ['date'], properties: { date: { type: 'string', format: 'date' } } }] } },
                  totals: ref('EventCounts'),
                },
              },
            },
          },
        },
        ChainReceipt: {
          type: 'object',
          required: ['id', 'kid', 'jws', 'event', 'decisions', 'consentTimestamp', 'receivedAt', 'chainHash', 'prev', 'countersignature'],
          properties: {
            id: { type: 'string' },
            kid: { type: 'string' },
            jws: { type: 'string', description: 'The shopper\u2019s receipt as signed (ES256 compact JWS).' },
            event: { type: 'string' },
            decisions: { type: 'object', additionalProperties: { type: 'boolean' } },
            consentTimestamp: { type: 'integer' },
            receivedAt: { type: 'string', format: 'date-time' },
            chainHash: { type: 'string' },
            prev: { type: ['string', 'null'] },
            countersignature: { type: 'string', description: 'The controller\u2019s countersignature JWS of `jws`.' },
          },
        },
        Chain: {
          type: 'object',
          required: ['kids', 'principal', 'devices', 'state', 'receipts', 'gaps', 'forks'],
          properties: {
            kids: { type: 'array', items: { type: 'string' }, description: 'Device keys, oldest first.' },
            devices: {
              type: 'array',
              items: { type: 'string' },
              description: 'The keys of the same shopper\u2019s other devices: those the shop identified with this subjectId (as their latest), each a chain of its own; at most 100, in key order. Empty for a device never identified.',
            },
            principal: { type: 'string' },
            subjectId: { type: ['string', 'null'] },
            piiPrincipalId: { type: 'string' },
            state: { type: 'object', additionalProperties: { type: 'object', properties: { granted: { type: 'boolean' }, receiptId: { type: 'string' } } } },
            receipts: { type: 'array', items: ref('ChainReceipt') },
            gaps: { type: 'array', items: { type: 'object', properties: { kid: { type: 'string' }, receiptId: { type: 'string' }, missingPrev: { type: 'string' }, afterId: { type: 'string' } } } },
            forks: { type: 'array', items: { type: 'object', properties: { kid: { type: 'string' }, prev: { type: ['string', 'null'] }, receiptIds: { type: 'array', items: { type: 'string' } } } } },
          },
        },
      },
    },
  };
}
