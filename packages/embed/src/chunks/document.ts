// Chunk: the full Kazakh policy text and its structure. The core checks its hash before use.
export { kazakhPolicy } from '@artgrad/policy/document';
