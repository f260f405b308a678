// Chunk: the interface strings in Russian and English (Kazakh is in the core).
export { LANGUAGE_STRINGS } from '@artgrad/widget/languages';
