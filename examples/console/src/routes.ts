// Hash routes: the console is static files under /console/, so the state that a marketer may
// want to bookmark or go back to (search, page, period, whose proof) lives after the `#`.
import { RIGHTS_KINDS } from '@artgrad/receipt';

export type Route =
  | { name: 'dashboard' }
  /** `after`: the receiver's cursor for this page (the previous page's nextCursor), when it was reached by Next. */
  | { name: 'holders'; q: string; page: number; after?: string }
  | { name: 'withdrawals'; q: string; page: number; since: string; after?: string }
  /**
   * `receipt`, `list` and `customer` are what the row claimed (the receipt, granted or withdrawn,
   * the customer id shown): the proof checks them against the signed receipt.
   */
  | { name: 'proof'; kid: string; receipt: string; list: ProofList; customer: string; back: string }
  | { name: 'stats'; purpose: string; from: string; to: string }
  /** The rights-request queue (item 23), filtered; `after`: the receiver's cursor for this page. */
  | { name: 'requests'; kind: string; status: string; after?: string }
  | { name: 'request'; id: string };

export type ProofList = '' | 'holders' | 'withdrawals';

const KID = /^[A-Za-z0-9_-]{43}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const PURPOSE = /^[a-z][a-z0-9-]{0,63}$/;
const MAX_QUERY = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KINDS = Object.keys(RIGHTS_KINDS);
const STATUSES = ['received', 'answered', 'refused', 'done', 'open', 'overdue', 'due-today'];

const page = (value: string | null) => {
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 1 && n <= 1e6 ? n : 1;
};
const text = (value: string | null) => (value ?? '').slice(0, MAX_QUERY);
const CURSOR = /^[A-Za-z0-9_-]{1,400}$/;
/** The cursor, when there is a well-formed one (and a page after the first for it to lead to). */
const after = (value: string | null, onPage: number) => (value && CURSOR.test(value) && onPage > 1 ? { after: value } : {});
const day = (value: string | null) => (value && DAY.test(value) ? value : '');

/** Anything unknown or malformed falls back to the dashboard (or to defaults for its parameters). */
export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?', 2);
  const params = new URLSearchParams(search);
  const parts = path.split('/').filter(Boolean);
  switch (parts[0]) {
    case 'holders':
    case 'withdrawals': {
      const onPage = page(params.get('page'));
      const common = { q: text(params.get('q')), page: onPage, ...after(params.get('after'), onPage) };
      return parts[0] === 'holders' ? { name: 'holders', ...common } : { name: 'withdrawals', ...common, since: day(params.get('since')) };
    }
    case 'proof': {
      const kid = parts[1] ?? '';
      if (!KID.test(kid)) return { name: 'dashboard' };
      const back = params.get('back') ?? '';
      const list = params.get('list');
      return {
        name: 'proof',
        kid,
        receipt: text(params.get('receipt')),
        list: list === 'holders' || list === 'withdrawals' ? list : '',
        customer: text(params.get('customer')),
        // Only a route of ours, never an arbitrary URL: "back" is put into a link.
        back: back.startsWith('#/') && !back.includes('//') ? back.slice(0, 600) : '#/holders',
      };
    }
    case 'stats': {
      const purpose = params.get('purpose') ?? '';
      return { name: 'stats', purpose: PURPOSE.test(purpose) ? purpose : 'dissemination', from: day(params.get('from')), to: day(params.get('to')) };
    }
    case 'requests': {
      const kind = params.get('kind') ?? '';
      const status = params.get('status') ?? 'open';
      const cursor = params.get('after');
      return { name: 'requests', kind: KINDS.includes(kind) ? kind : '', status: STATUSES.includes(status) || status === '' ? status : 'open', ...(cursor && CURSOR.test(cursor) ? { after: cursor } : {}) };
    }
    case 'request':
      return UUID.test(parts[1] ?? '') ? { name: 'request', id: parts[1]! } : { name: 'requests', kind: '', status: 'open' };
    default:
      return { name: 'dashboard' };
  }
}

export function routeHref(route: Route): string {
  const query = (entries: Record<string, string | number>) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(entries)) if (value !== '' && !(key === 'page' && value === 1)) params.set(key, String(value));
    const s = params.toString();
    return s ? `?${s}` : '';
  };
  switch (route.name) {
    case 'dashboard':
      return '#/';
    case 'holders':
      return `#/holders${query({ q: route.q, page: route.page, after: route.after ?? '' })}`;
    case 'withdrawals':
      return `#/withdrawals${query({ since: route.since, q: route.q, page: route.page, after: route.after ?? '' })}`;
    case 'proof':
      return `#/proof/${route.kid}${query({ receipt: route.receipt, list: route.list, customer: route.customer, back: route.back })}`;
    case 'stats':
      return `#/stats${query({ purpose: route.purpose, from: route.from, to: route.to })}`;
    case 'requests':
      // `status=` (all) is kept in the link: without it the queue opens on the open requests.
      return `#/requests?status=${encodeURIComponent(route.status)}${route.kind ? `&kind=${route.kind}` : ''}${route.after ? `&after=${route.after}` : ''}`;
    case 'request':
      return `#/request/${route.id}`;
  }
}

/** The marketer's local date `days` from today, `YYYY-MM-DD`. */
export function localDay(offsetDays = 0, now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + offsetDays);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Minutes east of UTC in this browser now: the receiver reads dates at this offset. */
export const browserTzOffset = (now = new Date()): number => -now.getTimezoneOffset();
