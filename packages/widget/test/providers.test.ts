import { describe, expect, it } from 'vitest';
import { providerOf } from '../src/embeds/providers.js';

describe('the provider an embed names', () => {
  it.each([
    ['https://www.youtube-nocookie.com/embed/abc', 'YouTube'],
    ['https://www.youtube.com/embed/abc', 'YouTube'],
    ['https://player.vimeo.com/video/1', 'Vimeo'],
    ['https://widgets.2gis.com/widget?type=firmsonmap', '2GIS'],
    ['https://yandex.kz/map-widget/v1/?ll=76.9', 'Yandex Maps'],
    ['https://maps.example.org/embed', 'maps.example.org'],
    ['https://notyoutube.com.evil.test/embed', 'notyoutube.com.evil.test'],
  ])('%s → %s', (src, name) => expect(providerOf(new URL(src))).toBe(name));
});
