/** BEGIN / START TRANSACTION / COMMIT / ROLLBACK / SAVEPOINT / RELEASE / ROLLBACK TO. */
import { Errors } from '../../errors/sql-error.js';
import type { Node } from '../../binder/ast.js';
import type { PreparedStatement } from '../prepared-statement.js';
import type { SessionContext } from '../session-context.js';
import { utility } from './utility-statement.js';
import { applyCharacteristics } from './transaction-characteristics.js';

interface TransactionNode {
  kind: string;
  options?: Node[];
  savepoint_name?: string;
  chain?: boolean;
}

export function prepareTransaction(ctx: SessionContext, node: Node): PreparedStatement {
  const t = node as unknown as TransactionNode;
  if (t.chain) throw Errors.featureNotSupported('AND CHAIN is not supported yet');
  switch (t.kind) {
    case 'TRANS_STMT_BEGIN':
    case 'TRANS_STMT_START':
      return utility(ctx, async (c) => {
        applyCharacteristics(c, t.options, 'transaction'); // first: a refused level opens no block
        c.beginBlock();
        return { tag: t.kind === 'TRANS_STMT_BEGIN' ? 'BEGIN' : 'START TRANSACTION' };
      });
    case 'TRANS_STMT_COMMIT':
      return utility(ctx, async (c) => ({ tag: await c.commitBlock() }), { allowedInFailedBlock: true });
    case 'TRANS_STMT_ROLLBACK':
      return utility(ctx, async (c) => {
        await c.rollbackBlock();
        return { tag: 'ROLLBACK' };
      }, { allowedInFailedBlock: true });
    case 'TRANS_STMT_SAVEPOINT':
      return utility(ctx, async (c) => {
        c.savepoint(t.savepoint_name!);
        return { tag: 'SAVEPOINT' };
      });
    case 'TRANS_STMT_RELEASE':
      return utility(ctx, async (c) => {
        c.releaseSavepoint(t.savepoint_name!);
        return { tag: 'RELEASE' };
      });
    case 'TRANS_STMT_ROLLBACK_TO':
      return utility(ctx, async (c) => {
        await c.rollbackToSavepoint(t.savepoint_name!);
        return { tag: 'ROLLBACK' };
      }, { allowedInFailedBlock: true });
    default:
      throw Errors.featureNotSupported(`${t.kind.replace('TRANS_STMT_', '')} (two-phase commit) is not supported`);
  }
}
