import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import { openApiDocument } from '../../src/http/openapi.js';

/**
 * Checks a real answer of the receiver against its OpenAPI document: the operation must be
 * documented, the status must be one it lists, and a JSON body must match that status's schema.
 * The document is written by hand (it says why, not only what), so this is what keeps it true:
 * every answer the receiver's tests provoke goes through here (`setup.ts`).
 */
type Operation = { responses: Record<string, { content?: Record<string, { schema?: object }> }> };
type Doc = { paths: Record<string, Record<string, Operation>>; components: object };

let compiled: { doc: Doc; routes: { path: string; pattern: RegExp; literal: number }[]; ajv: Ajv2020 } | null = null;
const validators = new Map<string, ValidateFunction>();

function load() {
  if (compiled) return compiled;
  const doc = JSON.parse(JSON.stringify(openApiDocument())) as Doc;
  // `example` and `description` are OpenAPI's annotations, not JSON Schema assertions.
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });
  ajv.addSchema({ $id: 'openapi', components: doc.components }, 'openapi');
  const routes = Object.keys(doc.paths).map((path) => ({
    path,
    pattern: new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    // `/admin/holders.csv` before `/admin/{anything}`: the most literal template wins.
    literal: path.replace(/\{[^}]+\}/g, '').length,
  }));
  routes.sort((a, b) => b.literal - a.literal);
  return (compiled = { doc, routes, ajv });
}

/** What is wrong with this answer, or null. Paths the document does not know (404s of typos) pass. */
export async function contractProblem(method: string, url: string, response: Response): Promise<string | null> {
  const { doc, routes, ajv } = load();
  const pathname = new URL(url, 'http://receiver').pathname;
  const route = routes.find((r) => r.pattern.test(pathname));
  const operation = route && doc.paths[route.path]![method.toLowerCase()];
  if (!route || !operation) return null;
  const status = String(response.status);
  const documented = operation.responses[status] ?? operation.responses[`${status[0]}XX`] ?? operation.responses.default;
  const where = `${method} ${route.path} → ${status}`;
  if (!documented) return `${where}: status not in the OpenAPI document (it lists ${Object.keys(operation.responses).join(', ')})`;
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('application/json')) return null;
  const schema = documented.content?.['application/json']?.schema;
  if (!schema) return null;
  const key = `${route.path} ${method} ${status}`;
  let validate = validators.get(key);
  if (!validate) {
    // `#/components/…` references resolve against the document registered above.
    const rebased = JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"openapi#/components/')) as object;
    validate = ajv.compile(rebased);
    validators.set(key, validate);
  }
  const body: unknown = await response.clone().json().catch(() => undefined);
  if (body === undefined) return `${where}: not JSON although labelled ${type}`;
  if (validate(body)) return null;
  const [first] = validate.errors ?? [];
  return `${where}: body${first?.instancePath ?? ''} ${first?.message ?? 'does not match'} (${JSON.stringify(first?.params ?? {})})`;
}
