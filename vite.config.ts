/// <reference types="vitest/config" />
// One Vitest run, three projects:
//  - unit:    pure logic in Node (policy parsing, derived state, config errors, receipts);
//  - browser: IndexedDB, WebCrypto, shadow DOM, focus and layout in real Chromium (Debian's);
//  - e2e:     whole pages through a playwright-core harness (built script tag, reloads, tabs, CSP).
import { defineConfig } from 'vite';
import { playwright } from '@vitest/browser-playwright';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/chromium.js';

const src = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));
// Tests run against the sources; the e2e project runs against the built script-tag file.
const file = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));
// Subpaths first: an alias matches by prefix.
const alias = {
  '@artgrad/policy/document': file('policy/src/document.ts'),
  '@artgrad/sdk/front': file('sdk/src/front.ts'),
  '@artgrad/sdk/engine': file('sdk/src/engine.ts'),
  '@artgrad/widget/languages-types': file('widget/src/strings/load-languages.ts'),
  '@artgrad/widget/languages': file('widget/src/strings/languages.ts'),
  '@artgrad/widget/later-types': file('widget/src/later/later-types.ts'),
  '@artgrad/widget/later': file('widget/src/later/later-screens.ts'),
  '@artgrad/widget/otp': file('widget/src/otp-confirmation.ts'),
  '@artgrad/widget/embeds': file('widget/src/embeds/artgrad-embed.ts'),
  '@artgrad/policy': src('policy'),
  '@artgrad/receipt': src('receipt'),
  '@artgrad/sdk': src('sdk'),
  '@artgrad/widget/define': fileURLToPath(new URL('./packages/widget/src/define.ts', import.meta.url)),
  '@artgrad/widget': src('widget'),
  '@artgrad/preact': src('preact'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          environment: 'node',
          // The receiver's answers are checked against its OpenAPI document in every unit test.
          setupFiles: ['packages/receiver/test/contract/setup.ts'],
          include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'examples/*/test/**/*.test.tsx'],
          exclude: ['**/*.browser.test.ts', '**/*.browser.test.tsx', '**/node_modules/**'],
        },
      },
      {
        resolve: { alias },
        // Pre-bundled up front: a mid-run optimisation reloads the page under a running test.
        optimizeDeps: { include: ['idb', 'lit', 'lit/directives/ref.js', 'axe-core', '@testing-library/preact', 'preact', 'preact/hooks', 'jose'] },
        test: {
          name: 'browser',
          include: ['packages/*/test/**/*.browser.test.ts', 'packages/*/test/**/*.browser.test.tsx'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } }),
            instances: [{ browser: 'chromium' }],
            screenshotFailures: false,
          },
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Each file starts its own servers and browser; two cores, so keep it modest, and run
          // after the other projects (their own worker pools) are done.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
