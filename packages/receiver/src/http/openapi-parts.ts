// The small builders every part of the OpenAPI document uses (`openapi.ts`, `rights-openapi.ts`).

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
export const error = (description: string) => json(ref('Error'), description);
export const admin = [{ adminToken: [] }];
export const jsonBody = (schema: object) => ({
  required: true,
  content: { 'application/json': { schema }, 'text/plain': { schema: { type: 'string', description: 'The same JSON, sent as text/plain.' } } },
});
