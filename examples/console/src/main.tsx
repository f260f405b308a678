/** @jsxImportSource preact */
import { render } from 'preact';
import { App } from './app.js';
import './styles.css';

// The receiver sits behind the shop's /api on this origin; a deployment can say otherwise in
// <meta name="artgrad-api">, never in a query string a link could set.
const apiBase = document.querySelector<HTMLMetaElement>('meta[name="artgrad-api"]')?.content || '/api';
render(<App apiBase={apiBase} />, document.getElementById('app')!);
