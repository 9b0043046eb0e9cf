/** pgvector's `vector` text form '[1,2,3]': its input checks and messages, float4 shortest output. */
import { Errors, SqlError } from '../errors/sql-error.js';
import { formatFloat4 } from './float-format.js';
import { MAX_VECTOR_DIM } from './typmod.js';

const ELEMENT_RE = /\s*([+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan))\s*([,\]])?/iy;

export function checkVectorElement(v: number): void {
  if (Number.isNaN(v)) throw Errors.dataException('NaN not allowed in vector');
  if (!Number.isFinite(v)) throw Errors.dataException('infinite value not allowed in vector');
}

export function checkVectorDimensions(dim: number, typmod: number): void {
  if (dim < 1) throw Errors.dataException('vector must have at least 1 dimension');
  if (dim > MAX_VECTOR_DIM) throw new SqlError('54000', `vector cannot have more than ${MAX_VECTOR_DIM} dimensions`);
  if (typmod > 0 && dim !== typmod) throw Errors.dataException(`expected ${typmod} dimensions, not ${dim}`);
}

export function parseVector(text: string, typmod: number): Float32Array {
  const syntax = (detail?: string) => new SqlError('22P02', `invalid input syntax for type vector: "${text}"`, { detail });
  let i = 0;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  if (text[i] !== '[') throw syntax('Vector contents must start with "[".');
  i++;
  if (/^\s*\]/.test(text.slice(i))) throw Errors.dataException('vector must have at least 1 dimension');
  const values: number[] = [];
  for (;;) {
    if (values.length === MAX_VECTOR_DIM) {
      throw new SqlError('54000', `vector cannot have more than ${MAX_VECTOR_DIM} dimensions`);
    }
    ELEMENT_RE.lastIndex = i;
    const m = ELEMENT_RE.exec(text);
    if (m === null) throw syntax();
    const raw = Number(/^[+-]?inf/i.test(m[1]!) ? (m[1]![0] === '-' ? -Infinity : Infinity) : m[1]!.toLowerCase() === 'nan' ? NaN : m[1]);
    const value = Math.fround(raw);
    if (Number.isFinite(raw) && !Number.isFinite(value)) throw Errors.numericOutOfRange(`"${m[1]}" is out of range for type vector`);
    checkVectorElement(value);
    values.push(value);
    i = ELEMENT_RE.lastIndex;
    if (m[2] === ']') break;
    if (m[2] !== ',') throw syntax();
  }
  if (text.slice(i).trim() !== '') throw syntax('Junk after closing right brace.');
  checkVectorDimensions(values.length, typmod);
  return Float32Array.from(values);
}

export function formatVector(v: Float32Array): string {
  let out = '[';
  for (let i = 0; i < v.length; i++) {
    if (i > 0) out += ',';
    out += formatFloat4(v[i]!);
  }
  return `${out}]`;
}
