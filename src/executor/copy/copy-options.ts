/**
 * COPY's options, as PostgreSQL reads them (ProcessCopyOptions): `WITH (FORMAT csv, HEADER, …)`
 * or the old `CSV HEADER DELIMITER ';'` spelling, which the parser turns into the same list.
 */
import type { Node } from '../../binder/ast.js';
import { bodyOf, kindOf } from '../../binder/ast.js';
import { Errors, SqlError } from '../../errors/sql-error.js';

export interface CopyOptions {
  readonly format: 'text' | 'csv' | 'binary';
  readonly header: boolean;
  readonly delimiter: string;
  /** The text that stands for NULL (compared before any unescaping). */
  readonly null: string;
  readonly quote: string;
  readonly escape: string;
  /** CSV output: quote every non-NULL value of these columns ('all': of every column). */
  readonly forceQuote: 'all' | readonly string[] | null;
}

interface DefElem {
  defname: string;
  arg?: Node;
  location?: number;
}

function text(d: DefElem): string {
  if (!d.arg) throw new SqlError('42601', `${d.defname} requires a parameter`);
  const k = kindOf(d.arg);
  if (k === 'String') return bodyOf<{ sval: string }>(d.arg).sval;
  if (k === 'Integer') return String(bodyOf<{ ival?: number }>(d.arg).ival ?? 0);
  if (k === 'Boolean') return bodyOf<{ boolval?: boolean }>(d.arg).boolval ? 'true' : 'false';
  throw new SqlError('42601', `${d.defname} requires a string value`);
}

function bool(d: DefElem): boolean {
  if (!d.arg) return true;
  const v = text(d).toLowerCase();
  if (['true', 'on', '1', 'yes'].includes(v)) return true;
  if (['false', 'off', '0', 'no'].includes(v)) return false;
  if (v === 'match') throw Errors.featureNotSupported('COPY … HEADER MATCH is not supported yet');
  throw new SqlError('22023', `${d.defname} requires a Boolean value`);
}

function oneByte(name: string, value: string): string {
  if (Buffer.byteLength(value) !== 1) throw new SqlError('22023', `COPY ${name} must be a single one-byte character`);
  return value;
}

export function copyOptions(options: readonly Node[] | undefined, direction: 'from' | 'to'): CopyOptions {
  const seen = new Set<string>();
  let format: 'text' | 'csv' | 'binary' = 'text';
  let header = false;
  let delimiter: string | undefined;
  let nullText: string | undefined;
  let quote: string | undefined;
  let escape: string | undefined;
  let forceQuote: 'all' | string[] | null = null;
  for (const o of options ?? []) {
    const d = bodyOf<DefElem>(o);
    if (seen.has(d.defname)) throw new SqlError('42601', 'conflicting or redundant options');
    seen.add(d.defname);
    switch (d.defname) {
      case 'format': {
        const f = text(d).toLowerCase();
        if (f !== 'text' && f !== 'csv' && f !== 'binary') throw new SqlError('22023', `COPY format "${f}" not recognized`);
        format = f;
        break;
      }
      case 'header': header = bool(d); break;
      case 'delimiter': delimiter = oneByte('delimiter', text(d)); break;
      case 'null': nullText = text(d); break;
      case 'quote': quote = oneByte('quote', text(d)); break;
      case 'escape': escape = oneByte('escape', text(d)); break;
      case 'force_quote':
        forceQuote = d.arg && kindOf(d.arg) === 'A_Star' ? 'all'
          : ((d.arg as { List?: { items: Node[] } } | undefined)?.List?.items ?? []).map((n) => bodyOf<{ sval: string }>(n).sval);
        break;
      case 'force_not_null': case 'force_null': case 'encoding': case 'freeze':
        throw Errors.featureNotSupported(`COPY option "${d.defname}" is not supported yet`);
      default:
        throw new SqlError('42601', `option "${d.defname}" not recognized`);
    }
  }
  const csv = format === 'csv';
  if (format === 'binary') {
    if (delimiter !== undefined) throw new SqlError('42601', 'cannot specify DELIMITER in BINARY mode');
    if (nullText !== undefined) throw new SqlError('42601', 'cannot specify NULL in BINARY mode');
    if (header) throw Errors.featureNotSupported('cannot specify HEADER in BINARY mode');
  }
  if (!csv && quote !== undefined) throw Errors.featureNotSupported('COPY quote available only in CSV mode');
  if (!csv && escape !== undefined) throw Errors.featureNotSupported('COPY escape available only in CSV mode');
  if (forceQuote !== null && (!csv || direction === 'from')) {
    throw Errors.featureNotSupported(csv ? 'COPY force quote only available using COPY TO' : 'COPY force quote available only in CSV mode');
  }
  const delim = delimiter ?? (csv ? ',' : '\t');
  if (delim === '\r' || delim === '\n') throw new SqlError('22023', 'COPY delimiter cannot be newline or carriage return');
  if (!csv && '\\.abcdefghijklmnopqrstuvwxyz0123456789'.includes(delim)) {
    throw new SqlError('22023', `COPY delimiter cannot be "${delim}"`);
  }
  const q = quote ?? '"';
  if (csv && delim === q) throw new SqlError('22023', 'COPY delimiter and quote must be different');
  const n = nullText ?? (csv ? '' : '\\N');
  if (n.includes('\r') || n.includes('\n')) throw new SqlError('22023', 'COPY null representation cannot use newline or carriage return');
  if (n.includes(delim)) throw new SqlError('22023', 'COPY delimiter must not appear in the NULL specification');
  return { format, header, delimiter: delim, null: n, quote: q, escape: escape ?? q, forceQuote };
}
