/**
 * The catalog names in a statement's expressions are resolved against while the statement is
 * planned: the session's, so that `'red'::color` finds the `color` its search_path finds first.
 * Planning is synchronous, so the planner sets it around one statement (withBindingCatalog) and
 * no other statement's planning can interleave. Outside planning (defaults and CHECKs bound by DDL
 * as it runs) there is none, and type names fall back to the type registry's own look-up.
 */
import type { CatalogNames } from '../../types/catalog-names.js';

let current: CatalogNames | undefined;

export function withBindingCatalog<T>(catalog: CatalogNames, plan: () => T): T {
  const outer = current;
  current = catalog;
  try {
    return plan();
  } finally {
    current = outer;
  }
}

export function bindingCatalog(): CatalogNames | undefined {
  return current;
}
