/**
 * Calls `load` once and keeps its result; after a rejection the next call loads again, so a
 * throttled or denied call is retried by the next request instead of poisoning the container.
 */
export function cachedOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= load().catch((error: unknown) => {
      value = undefined;
      throw error;
    });
    return value;
  };
}
