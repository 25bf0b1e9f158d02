/**
 * `compute` remembered by its string key, for at most `max` keys: when full, every key is forgotten
 * at once (the keys a hot path asks for come straight back, and a clear costs less than an LRU's
 * bookkeeping). For values that are the same for the same key for the life of the process, such as
 * what a text says or its hash; never undefined.
 */
export function rememberedByKey<Value>(max: number, compute: (key: string) => Value): (key: string) => Value {
  const kept = new Map<string, Value>();
  return (key) => {
    let value = kept.get(key);
    if (value === undefined) {
      if (kept.size >= max) kept.clear();
      value = compute(key);
      kept.set(key, value);
    }
    return value;
  };
}
