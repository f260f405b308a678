import { MAX_REQUEST_DETAILS_LENGTH, MAX_RIGHTS_REQUEST_JWS_LENGTH, normaliseReplyTo, ReceiptError } from '@artgrad/receipt';
import { HttpError } from '../http/http-error.js';
import { CONTROL_IN_TEXT, requireObject } from '../http/request-input.js';

/** What `POST /rights-requests` carries: the signed request, and beside it what may be erased later. */
export interface RequestEnvelope {
  request: string;
  details: string | null;
  replyTo: string | null;
  subjectId: string | null;
}

const FIELDS = ['request', 'details', 'replyTo', 'subjectId'];
const SUBJECT_ID = /^[\w.:-]{1,128}$/;

function invalid(code: string, message: string): never {
  throw new HttpError(400, code, message);
}

/** Reads and bounds the body; the signed request itself is verified by the caller. */
export function parseEnvelope(body: unknown): RequestEnvelope {
  const fields = requireObject(body);
  const unknown = Object.keys(fields).find((k) => !FIELDS.includes(k));
  if (unknown !== undefined) invalid('INVALID_REQUEST', `unknown member ${JSON.stringify(unknown.slice(0, 64))}`);
  const { request, details, replyTo, subjectId } = fields;
  if (typeof request !== 'string' || request.length === 0 || request.length > MAX_RIGHTS_REQUEST_JWS_LENGTH) {
    invalid('INVALID_REQUEST', `request must be a signed request (a JWS of at most ${MAX_RIGHTS_REQUEST_JWS_LENGTH} characters)`);
  }
  const optional = (value: unknown, name: string): string | null => {
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string') invalid('INVALID_REQUEST', `${name} must be a string`);
    return value;
  };
  const text = optional(details, 'details');
  if (text !== null && (text.length > MAX_REQUEST_DETAILS_LENGTH || CONTROL_IN_TEXT.test(text))) {
    invalid('DETAILS_INVALID', `details must be at most ${MAX_REQUEST_DETAILS_LENGTH} characters of text`);
  }
  const address = optional(replyTo, 'replyTo');
  const subject = optional(subjectId, 'subjectId');
  if (subject !== null && !SUBJECT_ID.test(subject)) invalid('INVALID_REQUEST', 'subjectId must be an opaque customer id: 1–128 letters, digits or . _ : -');
  let reply: string | null = null;
  try {
    reply = address === null ? null : normaliseReplyTo(address);
  } catch (error) {
    if (error instanceof ReceiptError) invalid('REPLY_TO_INVALID', error.message);
    throw error;
  }
  return { request, details: text, replyTo: reply, subjectId: subject };
}
