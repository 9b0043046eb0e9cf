/**
 * Builds the CatalogModel from the schema store and the built-in relations, once per schema
 * version: every session's catalog queries between two DDL statements share one model.
 */
import type { SchemaStore } from '../catalog/schema-store.js';
import type { TableDefinition } from '../catalog/table-definition.js';
import { KalamDataType } from '../types/kalam-type.js';
import { PgOid } from '../types/pg-oids.js';
import {
  BOOTSTRAP_SUPERUSER_OID, BUILTIN_NAMESPACE_OIDS, type AttributeEntry, type CatalogModel, type ConstraintEntry,
  sequenceOwner, type NamespaceEntry, type RelationEntry, type RoleEntry, type TypeEntry,
} from './catalog-model.js';
import { allBuiltinRelations } from './builtin-relations.js';
import { systemView } from './system-view-definition.js';
import { GROUP_ROLES, groupRoleDefinition } from '../catalog/group-roles.js';

const cache = new WeakMap<SchemaStore, { version: number; model: CatalogModel }>();

export function catalogModel(schema: SchemaStore): CatalogModel {
  const hit = cache.get(schema);
  if (hit && hit.version === schema.version) return hit.model;
  const model = build(schema);
  cache.set(schema, { version: schema.version, model });
  return model;
}

const SEQUENCE_COLUMNS: readonly AttributeEntry[] = [
  { name: 'last_value', num: 1, type: { kalam: KalamDataType.BIGINT, oid: PgOid.INT8, typmod: -1 }, notNull: true },
  { name: 'log_cnt', num: 2, type: { kalam: KalamDataType.BIGINT, oid: PgOid.INT8, typmod: -1 }, notNull: true },
  { name: 'is_called', num: 3, type: { kalam: KalamDataType.BOOLEAN, oid: PgOid.BOOL, typmod: -1 }, notNull: true },
];

/** PostgreSQL 15's predefined role that owns public: whoever owns the database. */
const PG_DATABASE_OWNER: RoleEntry = {
  oid: 6171,
  user: {
    id: '', oid: 6171, name: 'pg_database_owner', role: 'user', canLogin: false, authMethod: 'scram-sha-256',
    password: null, createdAt: '1970-01-01T00:00:00.000Z',
  },
};

function build(schema: SchemaStore): CatalogModel {
  const roles: RoleEntry[] = [
    PG_DATABASE_OWNER,
    ...GROUP_ROLES.map((g) => ({ oid: g.oid, user: groupRoleDefinition(g) })),
    ...schema.listUsers().map((user) => ({ oid: user.oid, user })),
  ];
  const roleByName = new Map(roles.map((r) => [r.user.name, r]));
  const roleByOid = new Map(roles.map((r) => [r.oid, r]));
  const ownerOid = (name: string) => roleByName.get(name)?.oid ?? BOOTSTRAP_SUPERUSER_OID;

  const namespaces: NamespaceEntry[] = [];
  for (const [name, oid] of Object.entries(BUILTIN_NAMESPACE_OIDS)) {
    if (name !== 'public') namespaces.push({ oid, name, ownerOid: BOOTSTRAP_SUPERUSER_OID });
  }
  for (const ns of schema.listNamespaces()) {
    // public belongs to pg_database_owner, as in PostgreSQL 15.
    const owner = ns.name === 'public' ? PG_DATABASE_OWNER.oid : ownerOid(ns.owner);
    namespaces.push({ oid: BUILTIN_NAMESPACE_OIDS[ns.name] ?? ns.oid, name: ns.name, ownerOid: owner });
  }
  namespaces.sort((a, b) => a.oid - b.oid);
  const nsByName = new Map(namespaces.map((n) => [n.name, n]));
  const nsByOid = new Map(namespaces.map((n) => [n.oid, n]));
  const nsOf = (name: string): NamespaceEntry => nsByName.get(name) ?? { oid: 0, name, ownerOid: BOOTSTRAP_SUPERUSER_OID };

  const relations: RelationEntry[] = [];
  for (const b of allBuiltinRelations()) {
    relations.push({
      oid: b.oid, namespace: nsOf(b.namespace), name: b.name, kind: b.kind, ownerOid: BOOTSTRAP_SUPERUSER_OID,
      rowTypeOid: 0, arrayTypeOid: 0,
      attributes: b.columns.map((c, i) => ({ name: c.name, num: i + 1, type: c.type, notNull: false })),
      ...(b.virtual ? { virtual: b.virtual } : {}),
      ...(b.kind === 'v' && !b.virtual ? { view: systemView(b.namespace, b.name)! } : {}),
    });
  }
  const constraints: ConstraintEntry[] = [];
  for (const table of schema.listTables()) {
    relations.push({
      oid: table.oid, namespace: nsOf(table.namespace), name: table.name, kind: 'r', ownerOid: ownerOid(table.owner),
      rowTypeOid: table.rowTypeOid ?? 0, arrayTypeOid: table.arrayTypeOid ?? 0,
      attributes: table.columns.map((c) => ({ name: c.name, num: c.ordinal, type: c.type, notNull: !c.nullable, column: c })),
      table,
    });
    for (const def of table.indexes ?? []) relations.push(indexRelation(table, def, nsOf(table.namespace), ownerOid(table.owner)));
    for (const def of table.constraints ?? []) constraints.push({ def, table });
  }
  for (const view of schema.listViews()) {
    relations.push({
      oid: view.oid, namespace: nsOf(view.namespace), name: view.name, kind: 'v', ownerOid: ownerOid(view.owner),
      rowTypeOid: view.rowTypeOid ?? 0, arrayTypeOid: view.arrayTypeOid ?? 0,
      attributes: view.columns.map((c, i) => ({ name: c.name, num: i + 1, type: c.type, notNull: false })),
      view,
    });
  }
  for (const sequence of schema.listSequences()) {
    const ownedBy = sequence.ownedBy ? sequenceOwner(sequence.ownedBy) : undefined;
    const owner = ownedBy ? schema.table(ownedBy.namespace, ownedBy.table)?.owner : undefined;
    relations.push({
      oid: sequence.oid, namespace: nsOf(sequence.namespace), name: sequence.name, kind: 'S',
      ownerOid: ownerOid(owner ?? ''), rowTypeOid: 0, arrayTypeOid: 0, attributes: SEQUENCE_COLUMNS, sequence,
    });
  }
  relations.sort((a, b) => a.oid - b.oid);
  const types: TypeEntry[] = schema.listTypes().map((def) => ({ def, namespace: nsOf(def.namespace), ownerOid: ownerOid(def.owner) }));
  const relByOid = new Map(relations.map((r) => [r.oid, r]));
  const relByName = new Map(relations.map((r) => [`${r.namespace.name}.${r.name}`, r]));
  return {
    namespaces, relations, constraints, roles, types,
    namespaceByName: (name) => nsByName.get(name),
    namespaceByOid: (oid) => nsByOid.get(oid),
    relationByOid: (oid) => relByOid.get(oid),
    relationByName: (namespace, name) => relByName.get(`${namespace}.${name}`),
    roleByName: (name) => roleByName.get(name),
    roleByOid: (oid) => roleByOid.get(oid),
  };
}

function indexRelation(
  table: TableDefinition, def: NonNullable<TableDefinition['indexes']>[number], namespace: NamespaceEntry, owner: number,
): RelationEntry {
  const attributes = def.columns.map((ordinal, i): AttributeEntry => {
    const col = table.columns.find((c) => c.ordinal === ordinal);
    return { name: col?.name ?? `col${i + 1}`, num: i + 1, type: col?.type ?? { kalam: KalamDataType.INT, oid: PgOid.INT4, typmod: -1 }, notNull: false };
  });
  return { oid: def.oid, namespace, name: def.name, kind: 'i', ownerOid: owner, rowTypeOid: 0, arrayTypeOid: 0, attributes, index: { def, table } };
}
