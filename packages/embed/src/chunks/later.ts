// Chunk: the confirmation step, the preferences and the full-text screen, and the presses only they offer.
export * from '@artgrad/widget/later';
