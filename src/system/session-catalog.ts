/**
 * The CatalogLookup one session's statements use: the shared CatalogModel read through this
 * session's search path. Name input follows PostgreSQL's regclassin: `t`, `s.t`, `"My T"`, or an
 * OID in digits; output follows regclassout: qualified only when the name is not visible.
 */
import type { CatalogLookup } from '../binder/expr/catalog-lookup.js';
import type { SchemaStore } from '../catalog/schema-store.js';
import { Errors, SqlError } from '../errors/sql-error.js';
import type { SequenceValues } from '../storage/sequence-values.js';
import { quoteIdentifier } from '../util/sql-quote.js';
import { catalogModel } from './build-catalog-model.js';
import type { CatalogModel, RelationEntry } from './catalog-model.js';

/** Splits `a.b` / `"A"."b c"` into identifiers, folding unquoted ones to lower case. */
export function parseQualifiedName(text: string): string[] {
  const parts: string[] = [];
  let i = 0;
  const s = text.trim();
  while (i <= s.length) {
    let part = '';
    if (s[i] === '"') {
      i++;
      for (;;) {
        if (i >= s.length) throw Errors.syntax(`invalid name syntax`);
        if (s[i] === '"') {
          if (s[i + 1] === '"') { part += '"'; i += 2; continue; }
          i++;
          break;
        }
        part += s[i++];
      }
    } else {
      const start = i;
      while (i < s.length && s[i] !== '.') i++;
      part = s.slice(start, i).trim().toLowerCase();
      if (part === '') throw new SqlError('42602', 'invalid name syntax');
    }
    parts.push(part);
    if (i >= s.length) break;
    if (s[i] !== '.') throw new SqlError('42602', 'invalid name syntax');
    i++;
  }
  return parts;
}

export class SessionCatalog implements CatalogLookup {
  constructor(
    private readonly schema: SchemaStore,
    private readonly path: () => readonly string[],
    private readonly sequences: SequenceValues,
  ) {}

  sequenceLastValue(oid: number): bigint | null {
    const seq = this.model().relationByOid(oid)?.sequence;
    if (!seq) throw new SqlError('42809', `"${this.relationName(oid) ?? oid}" is not a sequence`);
    return this.sequences.lastValue(seq);
  }

  /** The shared model of the current schema version (rebuilt after DDL, never per call). */
  model(): CatalogModel {
    return catalogModel(this.schema);
  }

  searchPath(includeImplicit: boolean): readonly string[] {
    const path = this.path();
    return includeImplicit && !path.includes('pg_catalog') ? ['pg_catalog', ...path] : path;
  }

  /** The relation `name` means unqualified: pg_catalog first unless the path places it. */
  private lookupUnqualified(name: string): RelationEntry | undefined {
    const m = this.model();
    for (const ns of this.searchPath(true)) {
      const r = m.relationByName(ns, name);
      if (r) return r;
    }
    return undefined;
  }

  relationOid(text: string): number {
    if (/^\s*\d+\s*$/.test(text)) return Number(text);
    const parts = parseQualifiedName(text);
    if (parts.length > 3) throw new SqlError('42601', `improper relation name (too many dotted names): ${text}`);
    const name = parts[parts.length - 1]!;
    const schema = parts.length >= 2 ? parts[parts.length - 2]! : undefined;
    const found = schema === undefined ? this.lookupUnqualified(name) : this.model().relationByName(schema, name);
    if (!found) {
      if (schema !== undefined && !this.model().namespaceByName(schema)) throw Errors.undefinedSchema(schema);
      throw Errors.undefinedTable(text.trim());
    }
    return found.oid;
  }

  relationName(oid: number): string | null {
    const r = this.model().relationByOid(oid);
    if (!r) return null;
    const name = quoteIdentifier(r.name);
    return this.relationVisible(oid) ? name : `${quoteIdentifier(r.namespace.name)}.${name}`;
  }

  relationVisible(oid: number): boolean {
    const r = this.model().relationByOid(oid);
    return r !== undefined && this.lookupUnqualified(r.name)?.oid === oid;
  }

  namespaceOid(name: string): number | undefined {
    return this.model().namespaceByName(name)?.oid;
  }

  namespaceName(oid: number): string | undefined {
    return this.model().namespaceByOid(oid)?.name;
  }

  roleOid(name: string): number | undefined {
    return this.model().roleByName(name)?.oid;
  }

  roleName(oid: number): string | undefined {
    return this.model().roleByOid(oid)?.user.name;
  }

  userTypeOid(schema: string | undefined, name: string): number | undefined {
    const find = (n: string) => {
      for (const ns of schema !== undefined ? [schema] : this.searchPath(false)) {
        const t = this.schema.type(ns, n);
        if (t) return t;
      }
      return undefined;
    };
    const direct = find(name);
    if (direct) return direct.oid;
    return name.startsWith('_') ? find(name.slice(1))?.arrayOid : undefined;
  }
}
