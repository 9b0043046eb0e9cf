/**
 * The id generators behind SNOWFLAKE_ID(), UUID_V7(), ULID(), gen_random_uuid() and `_seq`.
 * One file per scheme; this module is the place to import them from.
 */
export { SnowflakeGenerator, parseSnowflake, SNOWFLAKE_EPOCH_MS } from './snowflake.js';
export { UuidV7Generator, uuidV7, randomUuid } from './uuid.js';
export { UlidGenerator, ulid } from './ulid.js';
