/** @jsxImportSource preact */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { createApiClient, type ApiClient } from './api-client.js';
import type { SessionInfo } from './api-types.js';
import { DashboardScreen } from './dashboard-screen.js';
import { LocaleContext, MESSAGES, savedLanguage, saveLanguage, useLocale } from './i18n/i18n.js';
import type { ConsoleLanguage } from './i18n/messages.js';
import { LanguageSelect } from './language-select.js';
import { PeopleScreen } from './people-screen.js';
import { ProofScreen } from './proof-screen.js';
import { RequestScreen } from './request-screen.js';
import { RequestsScreen } from './requests-screen.js';
import { parseRoute, routeHref, type Route } from './routes.js';
import { clearToken, readToken, saveToken } from './session.js';
import { SignInScreen, type SignInReason } from './sign-in-screen.js';
import { StatsScreen } from './stats-screen.js';

export interface AppProps {
  /** The receiver on this origin, e.g. `/api`. */
  apiBase: string;
  fetch?: typeof fetch;
  storage?: Storage;
}

/** Moves focus to the new screen's heading, so keyboard and screen-reader users start there. */
function useFocusHeading(key: string) {
  useEffect(() => {
    document.getElementById('page-title')?.focus();
  }, [key]);
}

function Screen({ client, route, navigate }: { client: ApiClient; route: Route; navigate: (route: Route, options?: { replace?: boolean }) => void }) {
  switch (route.name) {
    case 'dashboard':
      return <DashboardScreen client={client} />;
    case 'holders':
    case 'withdrawals':
      return <PeopleScreen client={client} route={route} navigate={navigate} />;
    case 'proof':
      return <ProofScreen client={client} route={route} />;
    case 'stats':
      return <StatsScreen client={client} route={route} navigate={navigate} />;
    case 'requests':
      return <RequestsScreen client={client} route={route} navigate={navigate} />;
    case 'request':
      return <RequestScreen client={client} route={route} />;
  }
}

function Navigation({ route }: { route: Route }) {
  const { t } = useLocale();
  const links: [Route['name'], string, string][] = [
    ['dashboard', routeHref({ name: 'dashboard' }), t.nav.dashboard],
    ['holders', routeHref({ name: 'holders', q: '', page: 1 }), t.nav.holders],
    ['withdrawals', routeHref({ name: 'withdrawals', q: '', page: 1, since: '' }), t.nav.withdrawals],
    ['stats', routeHref({ name: 'stats', purpose: 'dissemination', from: '', to: '' }), t.nav.stats],
    ['requests', routeHref({ name: 'requests', kind: '', status: 'open' }), t.nav.requests],
  ];
  return (
    <nav class="nav" aria-label={t.nav.label}>
      <ul>
        {links.map(([name, href, label]) => (
          <li key={name}>
            <a href={href} aria-current={route.name === name || (name === 'requests' && route.name === 'request') ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * The console: sign-in until a token is accepted, then the screens. The token sits in
 * sessionStorage only; any 401 clears it and brings the sign-in back saying why.
 */
export function App({ apiBase, fetch, storage }: AppProps) {
  const [language, setLanguage] = useState<ConsoleLanguage>(savedLanguage);
  const [token, setToken] = useState<string | null>(() => readToken(storage));
  const [name, setName] = useState<string | null>(null);
  const [reason, setReason] = useState<SignInReason>('start');
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  const t = MESSAGES[language];

  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t.appTitle;
  }, [language, t]);

  const signOut = (why: SignInReason) => {
    clearToken(storage);
    setToken(null);
    setName(null);
    setReason(why);
  };
  const client = useMemo(
    () => (token ? createApiClient({ base: apiBase, token, onUnauthorized: () => signOut('expired'), ...(fetch ? { fetch } : {}) }) : null),
    [token, apiBase, fetch],
  );
  // After a reload the token is still in this tab: ask whose it is (a 401 signs out).
  useEffect(() => {
    if (!client || name) return;
    const controller = new AbortController();
    client.json<SessionInfo>('/admin/session', { signal: controller.signal }).then(
      (session) => setName(session.name),
      () => {},
    );
    return () => controller.abort();
  }, [client]);

  const navigate = (next: Route, options: { replace?: boolean } = {}) => {
    // A replace still changes the hash, so hashchange brings the new screen as usual.
    if (options.replace) location.replace(routeHref(next));
    else location.hash = routeHref(next);
  };
  const chooseLanguage = (next: ConsoleLanguage) => {
    saveLanguage(next);
    setLanguage(next);
  };
  useFocusHeading(client ? routeHref(route) : `sign-in:${reason}`);
  // The hash is the router's: following `#main` would read as the dashboard and lose the screen.
  const skipToMain = (event: MouseEvent) => {
    event.preventDefault();
    document.getElementById('main')?.focus();
  };

  return (
    <LocaleContext.Provider value={{ language, t }}>
      <a class="skip-link" href="#main" onClick={skipToMain}>
        {t.skipToContent}
      </a>
      <header class="header">
        <p class="brand">{t.appTitle}</p>
        <div class="header-tools">
          <LanguageSelect onChange={chooseLanguage} />
          {client && (
            <>
              {name && <p class="who">{t.signedInAs(name)}</p>}
              <button type="button" class="button" onClick={() => signOut('signedOut')}>
                {t.signOut}
              </button>
            </>
          )}
        </div>
        {client && <Navigation route={route} />}
      </header>
      <main id="main" tabIndex={-1}>
        {client ? (
          <Screen client={client} route={route} navigate={navigate} />
        ) : (
          <SignInScreen
            apiBase={apiBase}
            reason={reason}
            {...(fetch ? { fetch } : {})}
            onSignedIn={(accepted, who) => {
              saveToken(accepted, storage);
              setName(who);
              setReason('start');
              setToken(accepted);
            }}
          />
        )}
      </main>
    </LocaleContext.Provider>
  );
}
