// This package compiles without the DOM library (it runs on servers), so WebCrypto's types come
// from Node's declarations of the same global `crypto`.
import type { webcrypto } from 'node:crypto';

export type CryptoKey = webcrypto.CryptoKey;
export type JsonWebKey = webcrypto.JsonWebKey;
