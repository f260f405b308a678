/**
 * Runs `load` once and keeps its promise; a failure is forgotten, so that the next call tries
 * again. What fetches a part of the script (the engine, a screen, a language) shares.
 */
export function retrying<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () =>
    (pending ??= load().catch((error: unknown) => {
      pending = null;
      throw error;
    }));
}
