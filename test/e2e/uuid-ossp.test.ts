/** uuid-ossp's functions against PostgreSQL 15 (with the extension created on both sides). */
import { describe, it } from 'vitest';
import { differentialPair } from '../support/differential.js';
import { expectSameFullSteps } from '../support/full-answer.js';

const pair = differentialPair();

describe('uuid-ossp', () => {
  it('is created as on PostgreSQL and names and hashes the same UUIDs', async () => {
    await expectSameFullSteps(pair, [
      'CREATE EXTENSION IF NOT EXISTS "uuid-ossp"',
      "SELECT uuid_generate_v5(uuid_ns_dns(), 'example.com'), uuid_generate_v3(uuid_ns_url(), 'https://example.com/ü')",
      'SELECT uuid_nil(), uuid_ns_dns(), uuid_ns_url(), uuid_ns_oid(), uuid_ns_x500()',
      "SELECT uuid_generate_v5(uuid_nil(), '')",
      "SELECT uuid_generate_v5(NULL, 'x'), uuid_generate_v3(uuid_ns_oid(), NULL)",
      "SELECT substr(uuid_generate_v4()::text, 15, 1), substr(uuid_generate_v1()::text, 15, 1), substr(uuid_generate_v1mc()::text, 15, 1), substr(uuid_generate_v4()::text, 20, 1) IN ('8', '9', 'a', 'b')",
      'SELECT uuid_generate_v4() = uuid_generate_v4(), uuid_generate_v1() = uuid_generate_v1()',
      'CREATE TABLE ut (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(), n int)',
      'INSERT INTO ut (n) VALUES (1), (2)',
      'SELECT count(DISTINCT id) FROM ut',
      "SELECT uuid_generate_v5('not a uuid', 'x')",
    ]);
  });
});
