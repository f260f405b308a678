/**
 * The screens a shopper reaches only by pressing something: the confirmation step, the
 * preferences and the full text. They are a chunk of their own (`load-later`), fetched after
 * the banner has painted, so that the first paint carries the banner alone.
 */
export { renderConfirmStep } from '../screens/confirm-step.js';
export { renderPreferences } from '../screens/preferences.js';
export { renderFullText } from '../screens/full-text.js';
export { pressConfirm, pressSave, pressWithdrawAll, pressDownload, openGrant } from './step-presses.js';
export { renderRequestStep } from '../screens/request-step.js';
export { pressRequestConfirm, pressAnswer, readRequests, openRequest, typeRequest } from './request-presses.js';
