/**
 * The script-tag build most sites use: a first-paint core that fetches its other parts from its
 * own URL once the banner has painted (`chunk-loader.ts`), from any origin:
 *   <script src="artgrad-consent.js" data-endpoint="…" data-lang="kk" async></script>
 */
import { boot } from './boot.js';

boot();
