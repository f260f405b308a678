import type { ConsentConfig } from '@artgrad/sdk';

/** The script tag's `data-*` attributes (`dataset` keys). */
export type EmbedDataset = Partial<
  Record<'endpoint' | 'lang' | 'purposes' | 'db' | 'mode' | 'policyUrl' | 'confirm' | `controller${'Name' | 'Bin' | 'Address' | 'Email' | 'Phone' | 'Url'}`, string>
>;

/** The attribute a page author wrote for a configuration field, for error messages. */
export function attributeOf(field: string): string {
  const name = field === 'language' ? 'lang' : field === 'catalogue' ? 'purposes' : field === 'confirmation' ? 'confirm' : field.replace('.', '-').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return `data-${name}`;
}

/** `data-*` as the SDK's configuration; the SDK validates it and reports each bad field. */
export function configFromDataset(d: EmbedDataset & Readonly<Record<string, string | undefined>>): ConsentConfig {
  // `data-clear-dissemination="cookie:_vk cookie:_vk_* local:vk_*"` → clear.dissemination, as
  // written: the engine reads and checks it (the first paint has no use for it).
  const clear = Object.fromEntries(
    Object.keys(d)
      .filter((key) => /^clear[A-Z]/.test(key))
      .map((key) => [key.slice(5).replace(/[A-Z]/g, (c, i: number) => `${i ? '-' : ''}${c.toLowerCase()}`), d[key]]),
  );
  const controller = Object.fromEntries(
    (['name', 'bin', 'address', 'email', 'phone', 'url'] as const).flatMap((k) => {
      const value = d[`controller${k[0]!.toUpperCase()}${k.slice(1)}` as keyof EmbedDataset];
      return value === undefined ? [] : [[k, value]];
    }),
  );
  return {
    ...(d.endpoint !== undefined && { endpoint: d.endpoint }),
    ...(d.lang !== undefined && { language: d.lang as ConsentConfig['language'] }),
    ...(d.purposes !== undefined && { purposes: d.purposes.split(/[\s,]+/).filter(Boolean) }),
    ...(d.db !== undefined && { dbName: d.db }),
    ...(d.mode !== undefined && { mode: d.mode as ConsentConfig['mode'] }),
    ...(d.policyUrl !== undefined && { policyUrl: d.policyUrl }),
    ...(d.confirm !== undefined && { confirmation: d.confirm as ConsentConfig['confirmation'] }),
    ...(Object.keys(clear).length && { clear }),
    controller,
  };
}
