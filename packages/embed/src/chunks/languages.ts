// Chunk: the interface strings in Russian and English, "Менің деректерім" among them (Kazakh is in the core and the later screens).
export * from '@artgrad/widget/languages';
