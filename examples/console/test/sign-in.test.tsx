// @vitest-environment happy-dom
/** @jsxImportSource preact */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { App } from '../src/app.js';
import { fakeApi, json, unauthorized } from './fake-api.js';

afterEach(cleanup);
beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  location.hash = '';
});

const TOKEN = 'alice-console-token-0123456789';
/** The receiver as the console sees it: accepts TOKEN only. */
const receiver = () =>
  fakeApi({
    'GET /api/admin/session': (r) => (r.headers.get('authorization') === `Bearer ${TOKEN}` ? json({ name: 'alice' }) : unauthorized()),
    'GET /api/admin/requests/dissemination': (r) => (r.headers.get('authorization') === `Bearer ${TOKEN}` ? json({ purpose: 'dissemination', requested: true }) : unauthorized()),
    'GET /api/admin/requests/dissemination/history': (r) => (r.headers.get('authorization') === `Bearer ${TOKEN}` ? json({ purpose: 'dissemination', total: 0, items: [] }) : unauthorized()),
    'GET /api/admin/holders/count': (r) =>
      r.headers.get('authorization') === `Bearer ${TOKEN}` ? json({ purpose: 'dissemination', holders: 3, asOf: '2026-11-20T09:00:00.000Z' }) : unauthorized(),
  });

const submitToken = (value: string) => {
  fireEvent.input(screen.getByLabelText('Әкімші токені'), { target: { value } });
  (screen.getByLabelText('Әкімші токені') as HTMLInputElement).value = value;
  fireEvent.submit(screen.getByRole('button', { name: 'Кіру' }).closest('form')!);
};

describe('sign-in', () => {
  it('asks for the token in Kazakh, with a password field, and checks it is there and well formed before sending', async () => {
    const api = receiver();
    render(<App apiBase="/api" fetch={api.fetch} />);
    expect(screen.getByRole('heading', { level: 1, name: 'Консольге кіру' })).toBeTruthy();
    const field = screen.getByLabelText('Әкімші токені') as HTMLInputElement;
    expect(field.type).toBe('password');
    expect(field.getAttribute('autocomplete')).toBe('off');
    submitToken('');
    await screen.findByText('Токенді енгізіңіз.');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toContain('admin-token-error');
    submitToken('two words');
    await screen.findByText(/бос орын/);
    expect(api.calls).toEqual([]);
  });

  it('a token the receiver refuses (401) is not kept, and says so', async () => {
    const api = receiver();
    render(<App apiBase="/api" fetch={api.fetch} />);
    submitToken('wrong-token-wrong-token');
    await screen.findByText('Бұл токен қабылданбады. Оны тексеріп, қайта енгізіңіз.');
    expect(sessionStorage.length).toBe(0);
    expect(api.calls.map((c) => c.url.pathname)).toEqual(['/api/admin/session']);
  });

  it('the right token opens the dashboard, is kept in sessionStorage only, and sign-out clears it', async () => {
    const api = receiver();
    render(<App apiBase="/api" fetch={api.fetch} />);
    submitToken(TOKEN);
    await screen.findByText('Кірген: alice');
    await screen.findByRole('switch');
    expect(Object.values(sessionStorage)).toEqual([TOKEN]);
    expect(JSON.stringify(localStorage)).not.toContain(TOKEN);
    // Every admin call carries it as a bearer token.
    expect(api.calls.every((c) => c.headers.get('authorization') === `Bearer ${TOKEN}`)).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Шығу' }));
    await screen.findByText('Сіз шықтыңыз. Токен осы қойындыдан өшірілді.');
    expect(sessionStorage.length).toBe(0);
    expect(screen.queryByRole('switch')).toBeNull();
  });

  it('a 401 from any call brings the sign-in back with a clear message and forgets the token', async () => {
    sessionStorage.setItem('artgrad-console:token', 'revoked-token-0000000000');
    const api = receiver();
    render(<App apiBase="/api" fetch={api.fetch} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Сеанс аяқталды: сервер токенді қабылдамады (401). Қайта кіріңіз.');
    expect(screen.getByLabelText('Әкімші токені')).toBeTruthy();
    expect(sessionStorage.length).toBe(0);
  });

  it('switches language: Russian and English, html lang follows', async () => {
    render(<App apiBase="/api" fetch={receiver().fetch} />);
    fireEvent.change(screen.getByLabelText('Тіл'), { target: { value: 'ru' } });
    await screen.findByRole('heading', { name: 'Вход в консоль' });
    expect(document.documentElement.lang).toBe('ru');
    fireEvent.change(screen.getByLabelText('Язык'), { target: { value: 'en' } });
    await screen.findByRole('heading', { name: 'Sign in to the console' });
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('artgrad-console:language')).toBe('en');
  });
});
