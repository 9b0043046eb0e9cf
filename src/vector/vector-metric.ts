/**
 * The three distances an hnsw index can serve, by every name they go by: pgvector's operator
 * class and ORDER BY operator, KalamDB's `USING L2|COSINE|DOT`, and hnswlib's space. Each index
 * answers exactly one operator; a query ordering by another one runs exact.
 */
import type { VectorOpclass } from '../catalog/table-definition.js';

export type HnswSpace = 'l2' | 'cosine' | 'ip';
export type DistanceOperator = '<->' | '<=>' | '<#>';

interface Metric {
  readonly opclass: VectorOpclass;
  readonly operator: DistanceOperator;
  readonly space: HnswSpace;
  readonly kalam: 'L2' | 'COSINE' | 'DOT';
}

const METRICS: readonly Metric[] = [
  { opclass: 'vector_l2_ops', operator: '<->', space: 'l2', kalam: 'L2' },
  { opclass: 'vector_cosine_ops', operator: '<=>', space: 'cosine', kalam: 'COSINE' },
  { opclass: 'vector_ip_ops', operator: '<#>', space: 'ip', kalam: 'DOT' },
];

export function metricOf(opclass: VectorOpclass): Metric {
  return METRICS.find((m) => m.opclass === opclass)!;
}

export function opclassNamed(name: string): VectorOpclass | undefined {
  return METRICS.find((m) => m.opclass === name)?.opclass;
}

/** KalamDB's ALTER TABLE … CREATE VECTOR INDEX … USING COSINE|L2|DOT. */
export function opclassOfKalam(word: string): VectorOpclass | undefined {
  return METRICS.find((m) => m.kalam === word.toUpperCase())?.opclass;
}

export function opclassOfOperator(op: string): VectorOpclass | undefined {
  return METRICS.find((m) => m.operator === op)?.opclass;
}

/**
 * Whether a vector can be in the index: cosine distance to a zero vector is NaN, so pgvector
 * leaves such vectors out of a cosine index (they sort after every number in an exact scan).
 */
export function indexable(opclass: VectorOpclass, v: Float32Array): boolean {
  if (opclass !== 'vector_cosine_ops') return true;
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return true;
  return false;
}
