import type { ComponentChildren } from 'preact';
import { useConsent } from './use-consent.js';

export interface ConsentGateProps {
  purpose: string;
  children?: ComponentChildren;
  /** Shown while the purpose is not granted (or not yet known); nothing by default. */
  fallback?: ComponentChildren;
}

/**
 * Renders `children` only while `purpose` is granted. A withdrawal unmounts them on the `change`
 * event, which the SDK emits before `withdraw()` resolves, so a gated embed stops at once.
 */
export function ConsentGate({ purpose, children, fallback = null }: ConsentGateProps) {
  const { granted } = useConsent(purpose);
  return <>{granted ? children : fallback}</>;
}
