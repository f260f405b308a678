import { isLanguage } from '@artgrad/policy';
import { resolveConfig, type ConfigProblem, type ConsentConfig, type ResolvedConfig } from '@artgrad/sdk';

/** The script tag's `data-*` attributes, as the SDK's configuration. */
export interface EmbedDataset {
  endpoint?: string;
  lang?: string;
  purposes?: string;
  db?: string;
}

/**
 * Maps `data-*` to `ConsentConfig` and names each bad attribute as the page author wrote it
 * (`data-lang`, not `language`), so a console error points at the line to fix.
 */
export function configFromDataset(dataset: EmbedDataset): { config: ConsentConfig; problems: ConfigProblem[] } {
  const config: ConsentConfig = {};
  const problems: ConfigProblem[] = [];
  if (dataset.endpoint !== undefined) config.endpoint = dataset.endpoint;
  if (dataset.lang !== undefined) {
    if (isLanguage(dataset.lang)) config.language = dataset.lang;
    else problems.push({ field: 'data-lang', message: `unknown language ${JSON.stringify(dataset.lang)}; use kk, ru or en. Using kk.` });
  }
  if (dataset.purposes !== undefined) config.purposes = dataset.purposes.split(/[\s,]+/).filter(Boolean);
  if (dataset.db !== undefined) config.dbName = dataset.db;
  const resolved: { config: ResolvedConfig; problems: ConfigProblem[] } = resolveConfig(config);
  for (const problem of resolved.problems) problems.push({ field: `data-${problem.field === 'language' ? 'lang' : problem.field}`, message: problem.message });
  // Unknown purposes are dropped by resolveConfig; keep the ones that are valid.
  config.purposes = resolved.config.requested;
  if (!resolved.config.endpoint) delete config.endpoint;
  return { config, problems };
}
