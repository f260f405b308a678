import { kazakhPolicy } from '@artgrad/policy';
import type { Hono } from 'hono';
import { openApiDocument } from './openapi.js';
import { requestedPurposes } from '../server/purposes.js';
import type { ReceiverContext } from './receiver-context.js';

export function registerPublicRoutes(app: Hono, ctx: ReceiverContext): void {
  const policy = kazakhPolicy();

  // What the script tag asks for: changes the moment a marketer flips a switch, so never cached unchecked.
  app.get('/config', async (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.json({
      purposes: await requestedPurposes(ctx.store, ctx.catalogue),
      policy: { version: policy.version, sha256: policy.sha256 },
      // What the SDK clears per purpose when it is refused or withdrawn, beside the site's own rules.
      ...(ctx.clearRules && { clear: ctx.clearRules }),
    });
  });

  app.get('/.well-known/jwks.json', async (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json({ keys: await ctx.controllerJwks() });
  });

  app.get('/openapi.json', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(openApiDocument());
  });

  app.get('/health', (c) => c.json({ ok: true, store: ctx.store.kind }));
}
