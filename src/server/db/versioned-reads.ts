/**
 * Reads of the database kept while its change version (version.ts) stays the same, for the
 * process's caches: a read is made once per version and key. Memory is bounded: the reads of one
 * version only, at most `capacity` of them, the oldest dropped first.
 *
 * A read made while a later version was seen is not kept: it may have happened before the write
 * that moved the version, and would then be kept under a version it does not match.
 */
export interface VersionedReads<T> {
  /** `load()`'s value, made at most once per key while the database's version is `version`. */
  read(key: string, version: string, load: () => Promise<T>): Promise<T>;
}

export function createVersionedReads<T>(capacity: number): VersionedReads<T> {
  let keptVersion = '';
  const kept = new Map<string, T>();
  return {
    read: async (key, version, load) => {
      if (version !== keptVersion) {
        kept.clear();
        keptVersion = version;
      }
      if (kept.has(key)) return kept.get(key)!;
      const value = await load();
      if (keptVersion === version) {
        if (kept.size >= capacity) kept.delete(kept.keys().next().value!);
        kept.set(key, value);
      }
      return value;
    },
  };
}
