/**
 * pgvector's distances, computed as pgvector computes them: sums accumulated in single precision
 * (float), the final step in double, so results match its digits.
 */
import { SqlError } from '../../errors/sql-error.js';
import type { Value } from '../../types/kalam-type.js';

function checkDims(a: Float32Array, b: Float32Array): void {
  if (a.length !== b.length) throw new SqlError('22000', `different vector dimensions ${a.length} and ${b.length}`);
}

export function l2Distance(a: Float32Array, b: Float32Array): number {
  checkDims(a, b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.fround(a[i]! - b[i]!);
    sum = Math.fround(sum + Math.fround(d * d));
  }
  return Math.sqrt(sum);
}

export function innerProduct(a: Float32Array, b: Float32Array): number {
  checkDims(a, b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum = Math.fround(sum + Math.fround(a[i]! * b[i]!));
  return sum;
}

export function cosineDistance(a: Float32Array, b: Float32Array): number {
  checkDims(a, b);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot = Math.fround(dot + Math.fround(a[i]! * b[i]!));
    na = Math.fround(na + Math.fround(a[i]! * a[i]!));
    nb = Math.fround(nb + Math.fround(b[i]! * b[i]!));
  }
  const similarity = dot / Math.sqrt(na * nb);
  if (Number.isNaN(similarity)) return NaN;
  return 1 - Math.max(-1, Math.min(1, similarity));
}

export function vectorNorm(a: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * a[i]!;
  return Math.sqrt(sum);
}

export function vectorOperator(op: '<->' | '<=>' | '<#>'): (a: Value, b: Value) => Value {
  switch (op) {
    case '<->': return (a, b) => l2Distance(a as Float32Array, b as Float32Array);
    case '<=>': return (a, b) => cosineDistance(a as Float32Array, b as Float32Array);
    case '<#>': return (a, b) => -innerProduct(a as Float32Array, b as Float32Array);
  }
}
