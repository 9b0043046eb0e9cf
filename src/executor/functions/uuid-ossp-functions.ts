/**
 * The functions of PostgreSQL's uuid-ossp extension, which TypeORM installs for every uuid key
 * (`CREATE EXTENSION IF NOT EXISTS "uuid-ossp"`, then `DEFAULT uuid_generate_v4()`). Built in,
 * as pgvector's are: CREATE EXTENSION "uuid-ossp" is accepted and changes nothing.
 *
 *   uuid_generate_v3(ns, name) / _v5   MD5 / SHA-1 of the namespace's 16 bytes then the name,
 *                                      version and variant bits set (RFC 4122 §4.3): the same
 *                                      value PostgreSQL gives for the same arguments
 *   uuid_generate_v1() / _v1mc()       time-based; the node is a random multicast address for
 *                                      both (v1 on PostgreSQL uses the host's MAC address)
 */
import { createHash, randomBytes } from 'node:crypto';
import { T } from '../../binder/expr/expr-types.js';
import { formatUuidBytes, randomUuid } from '../../util/uuid.js';
import { overload, registerFunction } from './function-registry.js';

const volatile = { volatility: 'volatile' as const };
const immutable = { volatility: 'immutable' as const };

const NAMESPACES: Record<string, string> = {
  uuid_nil: '00000000-0000-0000-0000-000000000000',
  uuid_ns_dns: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  uuid_ns_url: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
  uuid_ns_oid: '6ba7b812-9dad-11d1-80b4-00c04fd430c8',
  uuid_ns_x500: '6ba7b814-9dad-11d1-80b4-00c04fd430c8',
};
for (const [name, value] of Object.entries(NAMESPACES)) registerFunction(name, overload([], T.uuid, () => value, immutable));

function withVersion(bytes: Uint8Array, version: number): string {
  bytes[6] = (version << 4) | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  return formatUuidBytes(bytes);
}

function hashed(algorithm: 'md5' | 'sha1', version: number) {
  return (a: readonly unknown[]): string => {
    const ns = Buffer.from((a[0] as string).replace(/-/g, ''), 'hex');
    const digest = createHash(algorithm).update(ns).update(a[1] as string, 'utf8').digest();
    return withVersion(new Uint8Array(digest.subarray(0, 16)), version);
  };
}
registerFunction('uuid_generate_v3', overload([T.uuid, T.text], T.uuid, hashed('md5', 3), immutable));
registerFunction('uuid_generate_v5', overload([T.uuid, T.text], T.uuid, hashed('sha1', 5), immutable));
registerFunction('uuid_generate_v4', overload([], T.uuid, () => randomUuid(), volatile));

/** 100 ns intervals between the Gregorian reform (1582-10-15) and the Unix epoch. */
const GREGORIAN_OFFSET = 122192928000000000n;
let lastTicks = 0n;

function timeBased(): string {
  let ticks = BigInt(Date.now()) * 10000n + GREGORIAN_OFFSET;
  if (ticks <= lastTicks) ticks = lastTicks + 1n; // strictly increasing within the process
  lastTicks = ticks;
  const b = new Uint8Array(16);
  const low = Number(ticks & 0xffffffffn);
  const mid = Number((ticks >> 32n) & 0xffffn);
  const high = Number((ticks >> 48n) & 0x0fffn);
  b.set([low >>> 24, (low >>> 16) & 0xff, (low >>> 8) & 0xff, low & 0xff, mid >> 8, mid & 0xff, high >> 8, high & 0xff]);
  const tail = randomBytes(8);
  tail[2] = tail[2]! | 0x01; // the node's multicast bit: not a real MAC address
  b.set(tail, 8);
  return withVersion(b, 1);
}
registerFunction('uuid_generate_v1', overload([], T.uuid, timeBased, volatile));
registerFunction('uuid_generate_v1mc', overload([], T.uuid, timeBased, volatile));
