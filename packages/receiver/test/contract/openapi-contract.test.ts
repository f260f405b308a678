import { describe, expect, it } from 'vitest';
import { contractProblem } from './openapi-contract.js';

const answer = (status: number, body: unknown, type = 'application/json') =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': type } });

describe('the OpenAPI contract check', () => {
  it('passes an answer the document describes', async () => {
    expect(await contractProblem('POST', 'http://r/receipts', answer(200, { results: [{ id: 'a', status: 'stored', receipt: 'x.y.z' }] }))).toBeNull();
    expect(await contractProblem('GET', 'http://r/admin/holders.csv?purpose=x', answer(200, 'a,b\n', 'text/csv'))).toBeNull();
  });

  it('names a status the operation does not list', async () => {
    expect(await contractProblem('GET', 'http://r/.well-known/jwks.json', answer(418, { error: 'TEAPOT', message: 'no' }))).toMatch(/^GET \/\.well-known\/jwks\.json → 418: status not in the OpenAPI document/);
  });

  it('names the first place a body leaves its schema, through a $ref', async () => {
    expect(await contractProblem('POST', 'http://r/receipts', answer(200, { results: [{ id: 'a', status: 'kept' }] }))).toMatch(/^POST \/receipts → 200: body\/results\/0\/status must be equal to one of the allowed values/);
    expect(await contractProblem('POST', 'http://r/receipts', answer(400, { message: 'no code' }))).toMatch(/→ 400: body must have required property 'error'/);
  });

  it('takes the most literal template, and lets paths the document does not know pass', async () => {
    expect(await contractProblem('GET', 'http://r/receipts/abc', answer(200, { id: 'abc', countersigned: true }))).toBeNull();
    expect(await contractProblem('GET', 'http://r/no-such-path', answer(404, 'Not Found', 'text/plain'))).toBeNull();
  });
});
