/**
 * A TypeORM migration written with the QueryRunner API, which reads the table back from the
 * catalogs before each change (getTable) — so up() and down() exercise the same introspection
 * as synchronize, plus renames, column changes and drops.
 */
import { Table, TableColumn, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class InvoiceMigration1700000000000 implements MigrationInterface {
  readonly name = 'InvoiceMigration1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'typeorm_invoice',
        columns: [
          { name: 'id', type: 'bigint', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'number', type: 'varchar', length: '20', isUnique: true },
          { name: 'amount', type: 'numeric', precision: 10, scale: 2, default: 0 },
          { name: 'author_id', type: 'int', isNullable: true },
        ],
      }),
    );
    await q.createForeignKey('typeorm_invoice', new TableForeignKey({ columnNames: ['author_id'], referencedTableName: 'typeorm_author', referencedColumnNames: ['id'], onDelete: 'SET NULL' }));
    await q.createIndex('typeorm_invoice', new TableIndex({ name: 'typeorm_invoice_amount_idx', columnNames: ['amount'] }));
    await q.addColumn('typeorm_invoice', new TableColumn({ name: 'note', type: 'text', isNullable: true }));
    await q.renameColumn('typeorm_invoice', 'note', 'memo');
    await q.changeColumn('typeorm_invoice', 'memo', new TableColumn({ name: 'memo', type: 'varchar', length: '500', isNullable: true }));
    await q.query(`INSERT INTO "typeorm_invoice" ("number", "amount", "memo") VALUES ('INV-1', 12.5, 'first')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('typeorm_invoice', 'memo');
    await q.dropIndex('typeorm_invoice', 'typeorm_invoice_amount_idx');
    const table = await q.getTable('typeorm_invoice');
    for (const fk of table!.foreignKeys) await q.dropForeignKey('typeorm_invoice', fk);
    await q.dropTable('typeorm_invoice');
  }
}
