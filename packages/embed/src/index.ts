/**
 * The script-tag build most sites use. One file, no further fetches, any origin:
 *   <script src="artgrad-consent.js" data-endpoint="…" data-lang="kk" async></script>
 */
import { boot } from './boot.js';

boot();
