/**
 * Literal templates for the simple-query protocol (see sql/literal-shape.ts). The first text of a
 * shape is parsed and planned as usual; from its tree we build a template whose literals are
 * parameters ($n typed as the literal was: int4, int8, numeric, or unknown for strings). Later
 * texts of the same shape skip the parse and reuse the template's plan with their own literal
 * values. A literal whose value shapes the plan (a type modifier, `ORDER BY 1`) stays a literal
 * and must match exactly.
 */
import type { ParsedStatement } from '../sql/statement.js';
import type { LiteralToken, QueryShape } from '../sql/literal-shape.js';
import { PgOid } from '../types/pg-oids.js';
import type { OutputColumn } from '../executor/prepared-statement.js';

type Node = Record<string, unknown>;

export interface LiteralTemplate {
  readonly parsed: ParsedStatement;
  /** Declared parameter types, one per parameter slot. */
  readonly paramOids: readonly number[];
  /** For each literal token of the shape: its parameter number (1-based), or 0 if it stays literal. */
  readonly slots: readonly number[];
  /** Values of the literals that stay literal (slot 0), by token index. */
  readonly fixed: ReadonlyMap<number, string>;
  /** The first text's literal tokens, to map error positions onto another text of the shape. */
  readonly origin: readonly LiteralToken[];
  /** False when the template's plan differed from the literal plan: never use it. */
  usable: boolean;
}

const DML = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt']);
const OID_OF: Record<LiteralToken['kind'], number> = {
  int4: PgOid.INT4,
  int8: PgOid.INT8,
  numeric: PgOid.NUMERIC,
  string: 0,
};

/** A_Const nodes that may become parameters, by location. */
function eligibleConstants(root: unknown): Map<number, Node> {
  const out = new Map<number, Node>();
  const walk = (v: unknown, excluded: boolean): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x, excluded);
      return;
    }
    if (v === null || typeof v !== 'object') return;
    const node = v as Node;
    const c = node.A_Const as { location?: number } | undefined;
    if (c) {
      if (!excluded && c.location !== undefined) out.set(c.location, node);
      return;
    }
    if (isIntervalWithFields(node)) {
      walk(node.TypeCast, true);
      return;
    }
    for (const [k, child] of Object.entries(node)) {
      if (k === 'typeName' || k === 'typmods') walk(child, true);
      else if (k === 'SortBy' || k === 'groupClause' || k === 'distinctClause') {
        // A bare constant here is a position (ORDER BY 1) or an error, never a value.
        const items = k === 'SortBy' ? [(child as { node?: Node }).node] : (child as Node[]);
        for (const it of items ?? []) if (it && !('A_Const' in it)) walk(it, excluded);
        if (k === 'SortBy') walk({ ...(child as Node), node: undefined }, excluded);
      } else walk(child, excluded);
    }
  };
  walk(root, false);
  return out;
}

/**
 * `INTERVAL '3' DAY`: the field list decides what the text means ('3' is 3 days, not 3 seconds),
 * which a parameter's input function would not know; such a literal stays literal.
 */
function isIntervalWithFields(node: Node): boolean {
  const cast = node.TypeCast as { typeName?: { names?: { String?: { sval?: string } }[]; typmods?: unknown[] } } | undefined;
  const names = cast?.typeName?.names;
  return names !== undefined && names[names.length - 1]?.String?.sval === 'interval' && (cast?.typeName?.typmods?.length ?? 0) > 0;
}

function matches(token: LiteralToken, constant: Node): boolean {
  const c = constant.A_Const as { ival?: { ival?: number }; fval?: { fval?: string }; sval?: { sval?: string } };
  switch (token.kind) {
    case 'int4':
      return c.ival !== undefined && String(c.ival.ival ?? 0) === String(Number(token.value));
    case 'int8':
    case 'numeric':
      return c.fval !== undefined && c.fval.fval === token.value;
    case 'string':
      return c.sval !== undefined && (c.sval.sval ?? '') === token.value;
  }
}

function replace(v: unknown, swaps: Map<Node, Node>): unknown {
  if (Array.isArray(v)) return v.map((x) => replace(x, swaps));
  if (v === null || typeof v !== 'object') return v;
  const swapped = swaps.get(v as Node);
  if (swapped) return swapped;
  const out: Node = {};
  for (const [k, child] of Object.entries(v)) out[k] = replace(child, swaps);
  return out;
}

/** A template from the first parse of a shape, or null when the statement is not a candidate. */
export function buildTemplate(parsed: ParsedStatement, shape: QueryShape): LiteralTemplate | null {
  if (parsed.kind !== 'pg' || !DML.has(Object.keys(parsed.ast)[0]!)) return null;
  if (shape.literals.length === 0) return null;
  const constants = eligibleConstants(parsed.ast);
  const swaps = new Map<Node, Node>();
  const slots: number[] = [];
  const fixed = new Map<number, string>();
  const paramOids: number[] = [];
  shape.literals.forEach((token, i) => {
    const constant = constants.get(token.byteStart);
    if (constant && matches(token, constant)) {
      paramOids.push(OID_OF[token.kind]);
      slots.push(paramOids.length);
      swaps.set(constant, { ParamRef: { number: paramOids.length, location: token.byteStart } });
    } else {
      slots.push(0);
      fixed.set(i, token.value);
    }
  });
  if (paramOids.length === 0) return null;
  return {
    parsed: { ...parsed, ast: replace(parsed.ast, swaps) as Node },
    paramOids,
    slots,
    fixed,
    origin: shape.literals,
    usable: true,
  };
}

/** Whether a text of the template's shape has the same values where literals stay literal. */
export function fitsTemplate(t: LiteralTemplate, shape: QueryShape): boolean {
  for (const [i, v] of t.fixed) if (shape.literals[i]!.value !== v) return false;
  return true;
}

/** An error position in the template's first text, moved onto `shape`'s text. */
export function mapPosition(t: LiteralTemplate, shape: QueryShape, position: number): number {
  let delta = 0;
  t.origin.forEach((tok, i) => {
    if (tok.end < position) delta += shape.literals[i]!.end - shape.literals[i]!.start - (tok.end - tok.start);
  });
  return position + delta;
}

/** A template is used only if its plan answers with exactly the literal plan's columns. */
export function sameColumns(a: readonly OutputColumn[] | null, b: readonly OutputColumn[] | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.length === b.length &&
    a.every((c, i) => c.name === b[i]!.name && c.type.oid === b[i]!.type.oid && c.type.typmod === b[i]!.type.typmod)
  );
}

/** Shapes seen, bounded: oldest first out. */
export class TemplateCache {
  private readonly map = new Map<string, LiteralTemplate | null>();
  constructor(private readonly capacity = 2000) {}

  get(key: string): LiteralTemplate | null | undefined {
    return this.map.get(key);
  }

  set(key: string, t: LiteralTemplate | null): void {
    if (this.map.size >= this.capacity) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, t);
  }
}
