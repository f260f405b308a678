// Chunk: <artgrad-embed>, click-to-load embeds, fetched only by pages that have one.
export { defineEmbedElement } from '@artgrad/widget/embeds';
