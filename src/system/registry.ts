/** Every virtual table by schema and name. */
import { INFORMATION_SCHEMA } from './information-schema.js';
import { PG_CATALOG } from './pg-catalog/index.js';
import { SYSTEM_TABLES } from './system-tables.js';
import type { VirtualTable } from './virtual-table.js';

const BY_NAME = new Map<string, VirtualTable>(
  [...INFORMATION_SCHEMA, ...SYSTEM_TABLES, ...PG_CATALOG].map((t) => [`${t.namespace}.${t.name}`, t]),
);

export function virtualTable(namespace: string, name: string): VirtualTable | undefined {
  return BY_NAME.get(`${namespace}.${name}`);
}

export function allVirtualTables(): readonly VirtualTable[] {
  return [...BY_NAME.values()];
}
