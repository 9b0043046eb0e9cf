/**
 * The DefElems of BEGIN | START TRANSACTION …, SET TRANSACTION … and SET SESSION CHARACTERISTICS AS
 * TRANSACTION … (isolation level, READ ONLY/WRITE, [NOT] DEFERRABLE) applied as the settings they
 * are in PostgreSQL: transaction_* for the current transaction, default_transaction_* for the session.
 */
import type { Node } from '../../binder/ast.js';
import { bodyOf, kindOf } from '../../binder/ast.js';
import { constValue } from '../../sql/ast-util.js';
import type { SessionContext } from '../session-context.js';

export function applyCharacteristics(ctx: SessionContext, options: readonly Node[] | undefined, scope: 'transaction' | 'session'): void {
  for (const o of options ?? []) {
    const d = bodyOf<{ defname: string; arg?: Node }>(o);
    const name = scope === 'session' ? `default_${d.defname}` : d.defname;
    const reported = ctx.settings.set(name, optionText(d.arg));
    if (reported) ctx.report(reported[0], reported[1]);
  }
}

/** READ ONLY arrives as the integer 1, an isolation level as its text. */
function optionText(arg: Node | undefined): string {
  if (!arg || kindOf(arg) !== 'A_Const') return '';
  const c = constValue(arg);
  if (c.type === 'string') return c.value;
  if (c.type === 'integer') return c.value === 0 ? 'off' : 'on';
  if (c.type === 'boolean') return c.value ? 'on' : 'off';
  return '';
}
