/** @jsxImportSource preact */
import { useState } from 'preact/hooks';
import type { ApiClient } from './api-client.js';
import { HolderCount } from './holder-count.js';
import { useLocale } from './i18n/i18n.js';
import { RequestSwitch } from './request-switch.js';
import { SwitchHistory } from './switch-history.js';

export function DashboardScreen({ client }: { client: ApiClient }) {
  const { t } = useLocale();
  // Bumped after each confirmed change, so the history shows it.
  const [version, setVersion] = useState(0);
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {t.dashboard.title}
      </h1>
      <div class="grid">
        <RequestSwitch client={client} onChanged={() => setVersion((v) => v + 1)} />
        <HolderCount client={client} />
      </div>
      <SwitchHistory client={client} version={version} />
    </>
  );
}
