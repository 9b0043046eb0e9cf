/**
 * Namespaces are PostgreSQL schemas under KalamDB's name:
 *
 *   CREATE NAMESPACE [IF NOT EXISTS] app        (= CREATE SCHEMA)
 *   DROP NAMESPACE [IF EXISTS] app [CASCADE]    (= DROP SCHEMA)
 *   SHOW NAMESPACES
 *   USE app | USE NAMESPACE app                 (= SET search_path TO app)
 */
import type { TokenCursor } from './cursor.js';

export interface CreateNamespace {
  readonly kind: 'CreateNamespace';
  readonly name: string;
  readonly ifNotExists: boolean;
}

export interface DropNamespace {
  readonly kind: 'DropNamespace';
  readonly name: string;
  readonly ifExists: boolean;
  readonly cascade: boolean;
}

export interface ShowNamespaces {
  readonly kind: 'ShowNamespaces';
}

export interface UseNamespace {
  readonly kind: 'UseNamespace';
  readonly namespace: string;
}

/** After CREATE NAMESPACE. */
export function parseCreateNamespace(c: TokenCursor): CreateNamespace {
  const ifNotExists = c.acceptWords('if', 'not', 'exists');
  const name = c.expectIdentifier('namespace name');
  c.expectEnd();
  return { kind: 'CreateNamespace', name, ifNotExists };
}

/** After DROP NAMESPACE. */
export function parseDropNamespace(c: TokenCursor): DropNamespace {
  const ifExists = c.acceptWords('if', 'exists');
  const name = c.expectIdentifier('namespace name');
  const cascade = c.acceptWord('cascade');
  if (!cascade) c.acceptWord('restrict');
  c.expectEnd();
  return { kind: 'DropNamespace', name, ifExists, cascade };
}

/** After SHOW NAMESPACES. */
export function parseShowNamespaces(c: TokenCursor): ShowNamespaces {
  c.expectEnd();
  return { kind: 'ShowNamespaces' };
}

/** After USE. */
export function parseUse(c: TokenCursor): UseNamespace {
  // USE NAMESPACE app; but a namespace may itself be called "namespace": USE namespace.
  if (c.isWord('namespace') && c.peek(1)) c.next();
  const namespace = c.expectIdentifier('namespace name');
  c.expectEnd();
  return { kind: 'UseNamespace', namespace };
}
