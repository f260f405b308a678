// Chunk: the confirmation step, the preferences and the full-text screen.
export { renderConfirmStep, renderPreferences, renderFullText } from '@artgrad/widget/later';
