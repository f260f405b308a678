// Every receiver app the unit tests make answers under the contract check: its answers are
// compared with the OpenAPI document (`openapi-contract.ts`), and a test whose requests got an
// undocumented status or a body off its schema fails, naming the operation.
import { afterEach, expect, vi } from 'vitest';
import { contractProblem } from './openapi-contract.js';

const problems: string[] = [];

vi.mock('../../src/http/create-app.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/http/create-app.js')>();
  return {
    ...original,
    createReceiverApp: (...args: Parameters<typeof original.createReceiverApp>) => {
      const app = original.createReceiverApp(...args);
      // `fetch` is an instance property that `app.request` and the Node server both call.
      const fetch = app.fetch;
      app.fetch = async (request: Request, ...rest: unknown[]) => {
        const response = await (fetch as (r: Request, ...x: unknown[]) => Promise<Response>)(request, ...rest);
        const problem = await contractProblem(request.method, request.url, response);
        if (problem) problems.push(problem);
        return response;
      };
      return app;
    },
  };
});

afterEach(() => {
  const found = [...new Set(problems.splice(0))];
  expect(found, 'answers that the OpenAPI document does not describe').toEqual([]);
});
