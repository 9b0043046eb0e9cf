import { it } from 'vitest';
import { BackendSerializer } from '../../../src/wire/backend-serializer.js';
import { FrontendParser } from '../../../src/wire/frontend-parser.js';
import { serialize } from 'pg-protocol';
it('bench', () => {
  const s = new BackendSerializer();
  const row = ['12345', 'alice@example.com', '2024-01-01 00:00:00+00'];
  for (let k = 0; k < 3; k++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 1_000_000; i++) { s.dataRow(row); if (s.length > 65536) s.take(); }
    const t1 = process.hrtime.bigint();
    console.log('dataRow ns/row', Number(t1 - t0) / 1e6);
  }
  const p = new FrontendParser(); p.parse(serialize.startup({user:'u'}), () => {});
  const batch = Buffer.concat(Array.from({length: 1000}, () => Buffer.concat([serialize.bind({values:['1','abc']}), serialize.execute({}), serialize.sync()])));
  let n = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < 300; i++) p.parse(batch, () => n++);
  const t1 = process.hrtime.bigint();
  console.log('parse ns/msg', Number(t1 - t0) / n);
});
