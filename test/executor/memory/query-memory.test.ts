import { describe, expect, it } from 'vitest';
import { QueryMemory } from '../../../src/executor/memory/query-memory.js';
import { ROW_OVERHEAD, SLOT_BYTES, rowBytes, rowOfReferencesBytes, valueBytes } from '../../../src/executor/memory/value-size.js';
import { SqlError } from '../../../src/errors/sql-error.js';
import { PgArray } from '../../../src/types/pg-array.js';
import { KalamDataType } from '../../../src/types/kalam-type.js';

describe('value size estimate', () => {
  it('costs numbers a slot, strings two bytes a character, buffers their length', () => {
    expect(valueBytes(42)).toBe(SLOT_BYTES);
    expect(valueBytes(null)).toBe(SLOT_BYTES);
    expect(valueBytes(true)).toBe(SLOT_BYTES);
    expect(valueBytes('abcd') - valueBytes('')).toBe(8);
    expect(valueBytes(new Uint8Array(1000))).toBeGreaterThanOrEqual(1000);
    expect(valueBytes(new Float32Array(256))).toBeGreaterThanOrEqual(1024);
    expect(valueBytes(12n)).toBeGreaterThan(SLOT_BYTES);
  });

  it('costs an array its items', () => {
    const a = PgArray.of(KalamDataType.TEXT, ['x'.repeat(100), 'y']);
    expect(valueBytes(a)).toBeGreaterThan(valueBytes('x'.repeat(100)) + valueBytes('y'));
  });

  it('costs a row its overhead plus a slot and the value per column', () => {
    expect(rowBytes([])).toBe(ROW_OVERHEAD);
    expect(rowBytes([1, 'ab'])).toBe(ROW_OVERHEAD + 2 * SLOT_BYTES + valueBytes(1) + valueBytes('ab'));
    expect(rowOfReferencesBytes(3)).toBe(ROW_OVERHEAD + 3 * SLOT_BYTES);
  });
});

describe('QueryMemory', () => {
  it('adds charges and throws 53200 once past the limit', () => {
    const m = new QueryMemory(1000);
    m.charge(600);
    m.chargeRow([1, 2]);
    expect(m.used).toBe(600 + rowBytes([1, 2]));
    let error: unknown;
    try {
      m.chargeReferences(10, 4);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SqlError);
    expect((error as SqlError).code).toBe('53200');
    expect((error as SqlError).message).toBe('out of memory');
    expect((error as SqlError).detail).toBe('The query needed more than max_query_memory (1000 bytes) to hold its rows.');
  });

  it('allows exactly the limit', () => {
    const m = new QueryMemory(100);
    m.charge(100);
    expect(() => m.charge(1)).toThrow('out of memory');
  });

  it('charges rows and keys by their estimates', () => {
    const m = new QueryMemory(1 << 20);
    m.chargeRows([[1], ['abc']]);
    expect(m.used).toBe(rowBytes([1]) + rowBytes(['abc']));
    const before = m.used;
    m.chargeKey('k'.repeat(10));
    expect(m.used - before).toBeGreaterThan(20);
  });

  it('credits back what a transient run charged, and still stops one that passes the limit', () => {
    const m = new QueryMemory(1000);
    m.charge(100);
    for (let i = 0; i < 50; i++) expect(m.transient(() => { m.charge(500); return i; })).toBe(i);
    expect(m.used).toBe(100);
    expect(() => m.transient(() => m.charge(950))).toThrow('out of memory');
    expect(m.used).toBe(100);
  });
});
