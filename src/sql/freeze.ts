/**
 * Parses are cached and shared by every session, so a binder that mutated an AST would corrupt
 * the next query's parse. Freezing makes such a bug throw at once instead (ES modules are strict
 * mode, so writing to a frozen object is a TypeError).
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
