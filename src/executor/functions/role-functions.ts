/**
 * pg_has_role([user,] role, 'MEMBER' | 'USAGE' [WITH ADMIN OPTION]), answered from the one
 * membership there is: each role is a member of the group role of its KalamDB role
 * (catalog/group-roles.ts), and a superuser (system) is a member of every role, as in PostgreSQL.
 * Roles inherit, so USAGE and MEMBER agree. ADMIN OPTION: what may grant the role (role-rules.ts).
 */
import { T } from '../../binder/expr/expr-types.js';
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import { groupRoleOf, RANK } from '../../catalog/group-roles.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import type { RoleEntry } from '../../system/catalog-model.js';
import type { Value } from '../../types/kalam-type.js';
import { catalogOf } from './catalog-functions.js';
import { overload, registerFunction } from './function-registry.js';

const stable = { volatility: 'stable' as const };

function role(ctx: EvalContext, v: Value): RoleEntry {
  const model = catalogOf(ctx).model();
  const r = typeof v === 'number' ? model.roleByOid(v) : model.roleByName(String(v));
  if (!r) throw Errors.undefinedObject(typeof v === 'number' ? `role with OID ${v} does not exist` : `role "${String(v)}" does not exist`);
  return r;
}

function hasRole(ctx: EvalContext, user: RoleEntry, target: RoleEntry, privilege: Value): boolean {
  const p = String(privilege).trim().toLowerCase().replace(/\s+/g, ' ');
  const admin = p.endsWith(' with admin option') || p.endsWith(' with grant option');
  const base = admin ? p.slice(0, p.lastIndexOf(' with ')) : p;
  if (base !== 'member' && base !== 'usage' && base !== 'set') throw new SqlError('22023', `unrecognized privilege type: "${String(privilege)}"`);
  const u = user.user;
  if (admin) return u.role === 'system' || (RANK[u.role] >= RANK.dba && target.user.role !== 'system');
  return u.role === 'system' || user.oid === target.oid || (u.id !== '' && groupRoleOf(u.role).oid === target.oid);
}

const self = (ctx: EvalContext): Value => ctx.currentUser;
const both = (a: readonly Value[], ctx: EvalContext) => hasRole(ctx, role(ctx, a[0]!), role(ctx, a[1]!), a[2]!);
const one = (a: readonly Value[], ctx: EvalContext) => hasRole(ctx, role(ctx, self(ctx)), role(ctx, a[0]!), a[1]!);

registerFunction('pg_has_role',
  overload([T.name, T.text], T.bool, one, stable),
  overload([T.oid, T.text], T.bool, one, stable),
  overload([T.name, T.name, T.text], T.bool, both, stable),
  overload([T.name, T.oid, T.text], T.bool, both, stable),
  overload([T.oid, T.name, T.text], T.bool, both, stable),
  overload([T.oid, T.oid, T.text], T.bool, both, stable));
