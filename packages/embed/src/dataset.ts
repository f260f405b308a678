import type { ConsentConfig } from '@artgrad/sdk';

/** The script tag's `data-*` attributes. */
export interface EmbedDataset {
  endpoint?: string;
  lang?: string;
  purposes?: string;
  db?: string;
}

/** The attribute a page author wrote for each configuration field, for error messages. */
export const ATTRIBUTE: Readonly<Record<string, string>> = { language: 'data-lang', purposes: 'data-purposes', endpoint: 'data-endpoint', catalogue: 'data-purposes' };

/** `data-*` as the SDK's configuration; the SDK validates it and reports each bad field. */
export function configFromDataset(dataset: EmbedDataset): ConsentConfig {
  const config: ConsentConfig = {};
  if (dataset.endpoint !== undefined) config.endpoint = dataset.endpoint;
  if (dataset.lang !== undefined) config.language = dataset.lang as ConsentConfig['language'];
  if (dataset.purposes !== undefined) config.purposes = dataset.purposes.split(/[\s,]+/).filter(Boolean);
  if (dataset.db !== undefined) config.dbName = dataset.db;
  return config;
}
