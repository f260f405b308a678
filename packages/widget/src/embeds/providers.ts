/** The service an embed loads, by its URL's host: the name the placeholder says it will contact. */
export function providerOf(src: URL): string {
  const host = src.hostname.replace(/^www\./, '');
  if (/(^|\.)(youtube(-nocookie)?\.com|youtu\.be)$/.test(host)) return 'YouTube';
  if (/(^|\.)vimeo\.com$/.test(host)) return 'Vimeo';
  if (/(^|\.)2gis\.[a-z.]+$/.test(host)) return '2GIS';
  if (/(^|\.)yandex\.[a-z.]+$/.test(host) && /map/.test(src.pathname + src.hostname)) return 'Yandex Maps';
  return host;
}
