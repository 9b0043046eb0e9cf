/** Every pg_catalog relation served as a computed table (the SQL-defined views are in system-views.ts). */
import type { VirtualTable } from '../virtual-table.js';
import { emptyCatalogTable } from './catalog-table.js';
import { pgAttrdef, pgAttribute } from './pg-attribute.js';
import { pgAuthid, pgAuthMembers, pgRoles, pgUser } from './pg-authid.js';
import { pgAm, pgCollation, pgDatabase, pgExtension, pgLanguage, pgOpclass, pgOpfamily, pgTablespace } from './pg-builtin-rows.js';
import { pgClass, pgNamespace } from './pg-class.js';
import { pgDepend, pgDescription, pgSequence } from './pg-depend.js';
import { pgConstraint, pgIndex } from './pg-index.js';
import { pgSettings } from './pg-settings.js';
import { pgStatActivity } from './pg-stat-activity.js';
import { pgStatSsl } from './pg-stat-ssl.js';
import { pgEnum, pgType } from './pg-type.js';

/**
 * Relations PostgreSQL 15 has that hold nothing here: no triggers, rules, policies, publications,
 * inheritance, foreign data, user functions, … psql's `\d NAME` runs ~13 queries over these
 * and prints nothing if any of them fails, so each exists with all its columns.
 */
const EMPTY = [
  'pg_aggregate', 'pg_amop', 'pg_amproc', 'pg_cast', 'pg_conversion', 'pg_db_role_setting',
  'pg_default_acl', 'pg_event_trigger', 'pg_foreign_data_wrapper', 'pg_foreign_server',
  'pg_foreign_table', 'pg_inherits', 'pg_init_privs', 'pg_largeobject_metadata', 'pg_operator',
  'pg_partitioned_table', 'pg_policy', 'pg_proc', 'pg_publication', 'pg_publication_namespace',
  'pg_publication_rel', 'pg_range', 'pg_rewrite', 'pg_seclabel', 'pg_shdepend', 'pg_shdescription',
  'pg_shseclabel', 'pg_statistic', 'pg_statistic_ext', 'pg_statistic_ext_data', 'pg_subscription',
  'pg_subscription_rel', 'pg_transform', 'pg_trigger', 'pg_ts_config', 'pg_ts_dict', 'pg_ts_parser',
  'pg_ts_template', 'pg_user_mapping', 'pg_locks', 'pg_prepared_xacts',
];

export const PG_CATALOG: readonly VirtualTable[] = [
  pgNamespace, pgClass, pgAttribute, pgAttrdef, pgType, pgIndex, pgConstraint, pgDepend, pgSequence,
  pgDescription, pgAuthid, pgAm, pgOpclass, pgOpfamily, pgCollation, pgLanguage, pgExtension, pgTablespace, pgDatabase,
  pgSettings, pgStatActivity, pgStatSsl, pgEnum, pgRoles, pgUser, pgAuthMembers, ...EMPTY.map((name) => emptyCatalogTable(name)),
];
