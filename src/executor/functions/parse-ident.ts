/**
 * parse_ident(qualified_identifier [, strict]): `' A . "Bc""d" '` → {a,"Bc\"d"}. Unquoted names
 * fold ASCII letters to lower case; quoted ones keep their text with `""` undoubled. With strict
 * false, text after the last identifier is ignored. Grafana's query editor splits a table name
 * typed as `schema.table` with it. Errors are PostgreSQL's 22023 with its DETAILs.
 */
import { T } from '../../binder/expr/expr-types.js';
import { SqlError } from '../../errors/sql-error.js';
import { KalamDataType } from '../../types/kalam-type.js';
import { PgArray } from '../../types/pg-array.js';
import { overload, registerFunction } from './function-registry.js';

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
const isIdentStart = (c: string) => /[A-Za-z_]/.test(c) || c.charCodeAt(0) >= 0x80;
const isIdentCont = (c: string) => isIdentStart(c) || /[0-9$]/.test(c);

function invalid(text: string, detail?: string): SqlError {
  return new SqlError('22023', `string is not a valid identifier: "${text}"`, detail === undefined ? {} : { detail });
}

/** One identifier starting at `i`: its name and where it ends, or null if none starts there. */
function identifierAt(text: string, i: number): { name: string; end: number } | null {
  if (text[i] === '"') {
    let name = '';
    let j = i + 1;
    for (;;) {
      const close = text.indexOf('"', j);
      if (close < 0) throw invalid(text, 'String has unclosed double quotes.');
      name += text.slice(j, close);
      if (text[close + 1] !== '"') {
        if (name === '') throw invalid(text, 'Quoted identifier must not be empty.');
        return { name, end: close + 1 };
      }
      name += '"';
      j = close + 2;
    }
  }
  if (i >= text.length || !isIdentStart(text[i]!)) return null;
  let end = i + 1;
  while (end < text.length && isIdentCont(text[end]!)) end++;
  return { name: text.slice(i, end).replace(/[A-Z]/g, (c) => c.toLowerCase()), end };
}

export function parseIdent(text: string, strict: boolean): string[] {
  const names: string[] = [];
  let i = 0;
  let afterDot = false;
  for (;;) {
    while (i < text.length && isSpace(text[i]!)) i++;
    const ident = identifierAt(text, i);
    if (ident === null) {
      if (text[i] === '.') throw invalid(text, 'No valid identifier before ".".');
      throw afterDot ? invalid(text, 'No valid identifier after ".".') : invalid(text);
    }
    names.push(ident.name);
    i = ident.end;
    while (i < text.length && isSpace(text[i]!)) i++;
    if (text[i] === '.') {
      afterDot = true;
      i++;
      continue;
    }
    if (i < text.length && strict) throw invalid(text);
    return names;
  }
}

const parse = (text: string, strict: boolean) => PgArray.of(KalamDataType.TEXT, parseIdent(text, strict));

registerFunction(
  'parse_ident',
  overload([T.text], T.textArray, (a) => parse(a[0] as string, true)),
  overload([T.text, T.bool], T.textArray, (a) => parse(a[0] as string, a[1] as boolean)),
);
