/**
 * Memoizes `compute` by its string key, keeping the `capacity` most recently used results: the
 * drivers' caches of work done once per distinct SQL string.
 */
export function createRecentCache<T>(capacity: number, compute: (key: string) => T): (key: string) => T {
  const entries = new Map<string, T>();
  return (key) => {
    const cached = entries.get(key);
    if (cached !== undefined) {
      entries.delete(key);
      entries.set(key, cached);
      return cached;
    }
    const value = compute(key);
    entries.set(key, value);
    if (entries.size > capacity) {
      const oldest = entries.keys().next();
      if (oldest.done !== true) {
        entries.delete(oldest.value);
      }
    }
    return value;
  };
}
