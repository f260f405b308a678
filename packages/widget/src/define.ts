// Side-effect entry: `import '@artgrad/widget/define'` registers the element once.
import { defineConsentElement } from './define-element.js';

defineConsentElement();
