/**
 * has_table_privilege and its family, answered from the ACLs the way PostgreSQL's acl.c does:
 * the privilege text is a comma-separated list ("SELECT, UPDATE WITH GRANT OPTION") and the answer
 * is true when any one is held; a name that does not exist is an error, an OID that does not is NULL.
 */
import type { PrivilegeLookup } from '../../binder/expr/bound-expr.js';
import { aclMask, PRIVILEGE_LETTER } from '../../catalog/acl.js';
import type { UserDefinition } from '../../catalog/table-definition.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import { parseQualifiedName } from '../../types/qualified-name.js';
import type { SessionContext } from '../session-context.js';
import { groupRoleDefinition, groupRoleNamed } from '../../catalog/group-roles.js';
import {
  isSuperuser, rolesOf, schemaObject, sequenceObject, tableObject, viewObject, type SecuredObject,
} from './privilege-check.js';

/** Privilege words each function accepts (PostgreSQL's convert_*_priv_string). */
const ACCEPTED: Record<string, readonly string[]> = {
  table: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'],
  column: ['SELECT', 'INSERT', 'UPDATE', 'REFERENCES'],
  any_column: ['SELECT', 'INSERT', 'UPDATE', 'REFERENCES'],
  sequence: ['USAGE', 'SELECT', 'UPDATE'],
  schema: ['CREATE', 'USAGE'],
  database: ['CREATE', 'CONNECT', 'TEMPORARY', 'TEMP'],
};

function parsePrivileges(kind: string, text: string): { word: string; grantOption: boolean }[] {
  return text.split(',').map((part) => {
    const m = /^\s*([a-z]+)(\s+with\s+grant\s+option)?\s*$/i.exec(part);
    const word = m?.[1]?.toUpperCase() ?? '';
    if (!m || !ACCEPTED[kind]!.includes(word)) throw new SqlError('22023', `unrecognized privilege type: "${part.trim()}"`);
    return { word, grantOption: m[2] !== undefined };
  });
}

/** A group role (kalam_dba, …) asked about as a user: holds its own grants and PUBLIC's. */
function groupAsUser(name: string): UserDefinition | undefined {
  const g = groupRoleNamed(name);
  return g && groupRoleDefinition(g);
}

/** pg_catalog's, information_schema's and system's relations: everyone reads them (PUBLIC=r). */
function catalogRelation(name: string): SecuredObject {
  return { kind: 'table', label: 'table', name, owner: '', acl: [{ grantee: '', grantor: '', privileges: 'r', grantable: '' }] };
}

export function privilegeLookup(ctx: SessionContext): PrivilegeLookup {
  const schema = ctx.db.schema;
  const userOf = (u: string | number | null): UserDefinition | null => {
    if (u === null) return ctx.user;
    if (typeof u === 'string') {
      const found = schema.user(u) ?? groupAsUser(u);
      if (!found) throw Errors.undefinedObject(`role "${u}" does not exist`);
      return found;
    }
    return schema.listUsers().find((x) => x.oid === Number(u)) ?? null;
  };
  const relationByName = (name: string, kind: string): SecuredObject => {
    const parts = parseQualifiedName(name);
    const rel = parts[parts.length - 1]!;
    const namespaces = parts.length > 1 ? [parts[parts.length - 2]!] : ctx.searchPath();
    for (const ns of namespaces) {
      const t = schema.table(ns, rel);
      if (t) return tableObject(t);
      const v = schema.view(ns, rel);
      if (v) return viewObject(v);
      const s = schema.sequence(ns, rel);
      if (s) return sequenceObject(schema, s);
    }
    // A catalog relation (pg_catalog, information_schema, system): readable by everyone.
    const spaces = parts.length > 1 ? namespaces : ['pg_catalog', ...namespaces];
    const builtin = ctx.catalog().model().relations.find((r) => r.name === rel && spaces.includes(r.namespace.name) && schema.isBuiltinNamespace(r.namespace.name));
    if (kind === 'sequence' || !builtin) throw Errors.undefinedTable(name);
    return catalogRelation(rel);
  };
  const relationByOid = (oid: number): SecuredObject | null => {
    const r = ctx.catalog().model().relationByOid(oid);
    if (!r) return null;
    if (schema.isBuiltinNamespace(r.namespace.name)) return catalogRelation(r.name);
    if (r.table) return tableObject(r.table);
    if (r.view) return viewObject(r.view);
    if (r.sequence) return sequenceObject(schema, r.sequence);
    return catalogRelation(r.name);
  };
  const schemaByName = (name: string | number): SecuredObject | null => {
    if (typeof name !== 'string') {
      const n = ctx.catalog().model().namespaceByOid(Number(name));
      if (!n) return null;
      name = n.name;
    }
    if (!schema.namespace(name) && !schema.isBuiltinNamespace(name)) throw Errors.undefinedSchema(name);
    return schemaObject(schema, name, schema.namespace(name));
  };
  return {
    has(kind, user, object, privilege) {
      const u = userOf(user);
      if (u === null) return null;
      const wanted = parsePrivileges(kind, privilege);
      if (kind === 'database') {
        // pg_database lists the session's database and the two templates.
        if (typeof object === 'string' && ![ctx.database, 'template0', 'template1'].includes(object)) {
          throw new SqlError('3D000', `database "${object}" does not exist`);
        }
        // CREATE on the database: superusers and dba (DESIGN.md section 7); CONNECT and TEMP: everyone.
        return wanted.some((w) => w.word !== 'CREATE' || isSuperuser(u) || u.role === 'dba');
      }
      let obj: SecuredObject | null;
      if (kind === 'schema') obj = schemaByName(object);
      else obj = typeof object === 'string' ? relationByName(object, kind) : relationByOid(Number(object));
      if (obj === null) return null;
      if (kind === 'sequence' && obj.kind !== 'sequence') throw new SqlError('42809', `"${obj.name}" is not a sequence`);
      if (isSuperuser(u)) return true;
      const mask = aclMask(obj.acl, rolesOf(u));
      return wanted.some((w) => {
        const letter = PRIVILEGE_LETTER[w.word === 'TEMP' || w.word === 'TEMPORARY' ? 'USAGE' : w.word]!;
        return (w.grantOption ? mask.grantable : mask.privileges).includes(letter);
      });
    },
  };
}
