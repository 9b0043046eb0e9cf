/** SET / RESET / SHOW, and SET TRANSACTION / SESSION CHARACTERISTICS. */
import { Errors } from '../../errors/sql-error.js';
import type { Node } from '../../binder/ast.js';
import { bodyOf, kindOf } from '../../binder/ast.js';
import { constValue } from '../../sql/ast-util.js';
import { timeZoneForOffset } from '../../types/time-zone.js';
import type { PreparedStatement } from '../prepared-statement.js';
import type { SessionContext } from '../session-context.js';
import { rowsStatement, textColumns, utility } from './utility-statement.js';
import { applyCharacteristics } from './transaction-characteristics.js';
import { settingDescription } from '../../system/pg-catalog/pg-settings.js';

interface VariableSetNode {
  kind: string;
  name?: string;
  args?: Node[];
  is_local?: boolean;
}

/** SET's argument list as the setting's text ('a, b' for lists, as PostgreSQL stores them). */
function argText(args: Node[] | undefined, name: string): string {
  return (args ?? [])
    .map((a) => {
      if (kindOf(a) === 'A_Const') {
        const c = constValue(a);
        if (c.type === 'string') return name === 'search_path' && !/^[a-z_][a-z0-9_$]*$/.test(c.value) ? `"${c.value}"` : c.value;
        // SET TIME ZONE 5: hours east of UTC (ISO sign), unlike the POSIX string '5'.
        if (name === 'timezone' && (c.type === 'integer' || c.type === 'numeric')) {
          return timeZoneForOffset(Math.round(Number(c.type === 'integer' ? c.value : c.text) * 3600));
        }
        if (c.type === 'integer') return String(c.value);
        if (c.type === 'bigint') return String(c.value);
        if (c.type === 'numeric') return c.text;
        if (c.type === 'boolean') return c.value ? 'on' : 'off';
      }
      if (kindOf(a) === 'TypeCast') {
        // SET TIME ZONE INTERVAL '+05:00' HOUR TO MINUTE and friends
        const arg = bodyOf<{ arg: Node }>(a).arg;
        return argText([arg], name);
      }
      throw Errors.syntax(`invalid value for parameter "${name}"`);
    })
    .join(', ');
}

const TRANSACTION_SETTINGS = new Set(['transaction_isolation', 'transaction_read_only', 'transaction_deferrable']);

export function prepareSet(ctx: SessionContext, node: Node): PreparedStatement {
  const s = node as unknown as VariableSetNode;
  if (s.name === 'role') {
    // SET ROLE would change whom privilege checks ask about; not built yet. RESET ROLE and SET ROLE
    // NONE (what poolers send) change nothing, since no role can have been set.
    const none = s.kind !== 'VAR_SET_VALUE' || argText(s.args, s.name).toLowerCase() === 'none';
    if (!none) throw Errors.featureNotSupported('SET ROLE is not supported yet: connect as that role, or use EXECUTE AS USER');
    return utility(ctx, async () => ({ tag: s.kind === 'VAR_RESET' ? 'RESET' : 'SET' }));
  }
  return utility(ctx, async (ctx) => {
    const settings = ctx.settings;
    const apply = (name: string, value: string) => {
      const reported = settings.set(name, value, !!s.is_local);
      if (reported) ctx.report(reported[0], reported[1]);
    };
    if (s.is_local && !ctx.inTransactionBlock) ctx.notice('25P01', 'SET LOCAL can only be used in transaction blocks');
    switch (s.kind) {
      case 'VAR_SET_VALUE':
        apply(s.name!, argText(s.args, s.name!));
        break;
      case 'VAR_SET_DEFAULT':
      case 'VAR_RESET': {
        const r = settings.reset(s.name!);
        if (r) ctx.report(r[0], r[1]);
        break;
      }
      case 'VAR_RESET_ALL':
        for (const r of settings.resetAll()) ctx.report(r[0], r[1]);
        break;
      case 'VAR_SET_MULTI':
        // SET TRANSACTION … / SET SESSION CHARACTERISTICS AS TRANSACTION …
        applyCharacteristics(ctx, s.args, s.name === 'TRANSACTION' ? 'transaction' : 'session');
        break;
      default:
        throw Errors.featureNotSupported(`SET ${s.kind} is not supported`);
    }
    if (s.name && (TRANSACTION_SETTINGS.has(s.name) || (s.kind === 'VAR_SET_MULTI' && s.name === 'TRANSACTION')) && !ctx.inTransactionBlock) {
      ctx.notice('25P01', 'SET TRANSACTION can only be used in transaction blocks');
    }
    ctx.settingsChanged();
    return { tag: s.kind === 'VAR_RESET' || s.kind === 'VAR_RESET_ALL' ? 'RESET' : 'SET' };
  });
}

export function prepareShow(ctx: SessionContext, name: string): PreparedStatement {
  const lower = name.toLowerCase();
  if (lower === 'all') {
    return rowsStatement(ctx, textColumns('name', 'setting', 'description'), () => 'SHOW', (c) =>
      c.settings.describe().filter((s) => !s.hidden).map((s) => [s.name, s.value, settingDescription(s.name)]),
    );
  }
  const column = ctx.settings.canonicalName(lower);
  ctx.settings.get(lower); // unknown → 42704 at Parse time, as PostgreSQL does
  return rowsStatement(ctx, textColumns(column), () => 'SHOW', (c) => [[c.settings.get(lower)]]);
}
