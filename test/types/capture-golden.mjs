// Regenerates golden/*.json from a real PostgreSQL 15 — never edit the JSON by hand.
//   PGPORT=55433 node test/types/capture-golden.mjs
// Each case is [pg type, input text, TimeZone?] stored into a column of that type; the golden keeps PostgreSQL's text output,
// binary (COPY BINARY field) as hex, or the error SQLSTATE and message.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const port = process.env.PGPORT ?? '55433';
const psqlArgs = ['-h', '127.0.0.1', '-p', port, '-U', 'postgres', '-X', '-q', '-At', '-v', 'VERBOSITY=verbose'];

function psql(sql, binary = false) {
  try {
    const out = execFileSync('psql', [...psqlArgs, '-c', sql], { stdio: ['ignore', 'pipe', 'pipe'], encoding: binary ? 'buffer' : 'utf8' });
    return { out };
  } catch (e) {
    const m = /ERROR:\s+([0-9A-Z]{5}):\s+(.*)/.exec(String(e.stderr));
    return { error: m ? { code: m[1], message: m[2] } : { code: '?', message: String(e.stderr) } };
  }
}

function copyField(buf) {
  // PGCOPY\n\377\r\n\0 + flags(4) + ext(4), then int16 field count, int32 length, data.
  let p = 11 + 8;
  p += 2;
  const len = buf.readInt32BE(p);
  p += 4;
  return len < 0 ? null : buf.subarray(p, p + len).toString('hex');
}

const dollar = (s) => `$q$${s}$q$`;

const cases = [
  ['bool', 't'], ['bool', 'TRUE'], ['bool', ' yes '], ['bool', 'on'], ['bool', 'of'], ['bool', '0'], ['bool', 'n'], ['bool', 'maybe'], ['bool', 'o'],
  ['int2', '123'], ['int2', '-32768'], ['int2', '32768'], ['int2', 'x'],
  ['int4', ' 12 '], ['int4', '-2147483648'], ['int4', '3000000000'], ['int4', 'abc'], ['int4', '1.5'], ['int4', '+7'],
  ['int8', '9223372036854775807'], ['int8', '-9223372036854775808'], ['int8', '99999999999999999999'], ['int8', 'abc'],
  ['float8', '0.1'], ['float8', '1e21'], ['float8', '1.5e10'], ['float8', '1e15'], ['float8', '1e-5'], ['float8', '0.0001'],
  ['float8', '123456789012345678'], ['float8', 'NaN'], ['float8', '-Infinity'], ['float8', 'inf'], ['float8', '-0'],
  ['float8', '5e-324'], ['float8', '1.7976931348623157e308'], ['float8', '1e400'], ['float8', '1e-400'], ['float8', 'x'],
  ['float8', '100'], ['float8', '123456789012345'], ['float8', '1234567890123456'], ['float8', '0.00012345'], ['float8', '-1.25'],
  ['float8', '3.141592653589793'], ['float8', '2.5e-7'],
  ['float4', '0.1'], ['float4', '1e10'], ['float4', '3.4e38'], ['float4', '123456'], ['float4', '1234567'], ['float4', '0.00001'],
  ['float4', '1.1'], ['float4', '16777217'], ['float4', '1e39'], ['float4', 'NaN'], ['float4', '3.14159265'], ['float4', '1e-45'],
  ['float4', '7.0e-39'], ['float4', '8388608'], ['float4', '0.3'], ['float4', '-2.5e-3'],
  ['numeric', '1e5'], ['numeric', '  -1.50E-3 '], ['numeric', '.5'], ['numeric', '5.'], ['numeric', 'nan'], ['numeric', '1e-5'],
  ['numeric', '0.000'], ['numeric', '-0'], ['numeric', '+3'], ['numeric', 'Infinity'], ['numeric', '-inf'], ['numeric', 'abc'],
  ['numeric', '1_000'], ['numeric', '-12345.678'], ['numeric', '100000000'], ['numeric', '0.0001'], ['numeric', '1.50'],
  ['numeric', '123456789012345678901234567890.123456789'], ['numeric', '0.00000001'], ['numeric', '-0.000123'],
  ['numeric(5,2)', '1.005'], ['numeric(5,2)', '-1.005'], ['numeric(5,2)', '99.995'], ['numeric(5,2)', '999.995'],
  ['numeric(5,2)', '12345.678'], ['numeric(5,2)', 'Infinity'], ['numeric(5,2)', 'nan'], ['numeric(3,2)', '0.00001'],
  ['numeric(38,0)', '12.5'], ['numeric(3,3)', '0.9995'], ['numeric(3,3)', '0.9994'],
  ['text', 'hello'], ['text', 'ünïcødé 😀'], ['varchar(3)', 'abc'], ['varchar(3)', 'abcd'], ['varchar(3)', 'ab   '],
  ['varchar(3)', 'ab'], ['char(5)', 'ab'], ['char(3)', 'abcd'], ['char(3)', 'abc  '], ['bpchar', 'ab  '], ['name', 'x'.repeat(70)],
  ['json', '{"b":1,"a":2}'], ['json', ' [1, 2 , {"x":null}] '], ['json', '{'], ['json', '{"a" 1}'], ['json', '[1,]'], ['json', 'tru'],
  ['json', '01'],
  ['jsonb', '{"b":1,"a":2, "aa":[1,2,{"x":null}]}'], ['jsonb', '{"a":1,"a":2}'], ['jsonb', '[1.0, 1e2, -0, 1E-2, 1.5e1]'],
  ['jsonb', '"a\\"b\\\\c\\n\\u0001é/"'], ['jsonb', 'null'], ['jsonb', '{}'], ['jsonb', '[]'], ['jsonb', '{'],
  ['jsonb', '"\\u0000"'], ['jsonb', '{"bb":1,"a":{"d":1,"c":2},"ccc":true,"é":false}'],
  ['bytea', '\\x0A0b'], ['bytea', 'abc\\000\\\\'], ['bytea', 'a\\\\b'], ['bytea', '\\x 0a 0b'], ['bytea', '\\xzz'],
  ['bytea', '\\x0'], ['bytea', 'abc\\'], ['bytea', 'é'], ['bytea', ''],
  ['uuid', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'], ['uuid', '{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}'],
  ['uuid', 'a0eebc999c0b4ef8bb6d6bb9bd380a11'], ['uuid', 'a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11'], ['uuid', 'abc'],
  ['uuid', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1'],
  ['date', '2024-01-02'], ['date', 'Jan 2 2024'], ['date', '2 January 2024'], ['date', '01/02/2024'], ['date', '20240102'],
  ['date', '2024/01/02'], ['date', 'January 8, 1999'], ['date', '1/8/99'], ['date', '2024-13-01'], ['date', 'abc'],
  ['date', '2024-02-30'], ['date', '2024-02-29'], ['date', '0001-01-01 BC'], ['date', '5874897-12-31'], ['date', '5874898-01-01'],
  ['date', '4714-11-24 BC'], ['date', '4714-11-23 BC'], ['date', 'infinity'], ['date', '-infinity'], ['date', '2024-01-02 10:00'],
  ['date', 'epoch'], ['date', '1900-02-29'], ['date', '2000-02-29'],
  ['time', '03:04:05.5'], ['time', '24:00'], ['time', '12:00 am'], ['time', '3:04pm'], ['time', '25:00'], ['time', 'abc'],
  ['time', '03:04:05.1234567'], ['time', '2024-01-02 03:04:05'], ['time', '03:04:05+02'], ['time', 'allballs'], ['time(2)', '03:04:05.125'],
  ['time', '23:59:59.999999'],
  ['timestamp', '2024-01-02 03:04:05.120'], ['timestamp', '2024-01-02T03:04:05'], ['timestamp', '2024-01-02 03:04:05.9999995'],
  ['timestamp', '2024-01-02 3:04pm'], ['timestamp', '20240102T030405'], ['timestamp', '2024-01-01 25:00'], ['timestamp', 'abc'],
  ['timestamp', '03:04'], ['timestamp', '10000-01-01'], ['timestamp', '294276-12-31 23:59:59.999999'], ['timestamp', 'infinity'],
  ['timestamp', '-infinity'], ['timestamp', '1999-12-31 23:59:59.999999'], ['timestamp', '0001-01-01 00:00:00 BC'],
  ['timestamp', '2024-01-02 03:04:05+05'], ['timestamp', 'epoch'], ['timestamp(3)', '2024-01-02 03:04:05.1235'],
  ['timestamp(0)', '2024-01-02 03:04:05.5'], ['timestamp', '1969-12-31 23:59:59.5'], ['timestamp', '1900-01-01 00:00:00.000001'],
  ['timestamptz', '2024-01-02 03:04:05.120'], ['timestamptz', '2024-01-02T03:04:05.1234567Z'],
  ['timestamptz', '2024-01-02 03:04:05 America/New_York'], ['timestamptz', '2024-01-02 03:04:05 PST'],
  ['timestamptz', '2024-01-02 03:04:05-0830'], ['timestamptz', '2024-01-02 03:04:05 +05'], ['timestamptz', '2024-01-02 03:04:05+05:30'],
  ['timestamptz', 'abc'], ['timestamptz', 'infinity'], ['timestamptz', '1850-01-01 00:00:00+00'],
  ['timestamptz', '2024-01-02 03:04:05.120', 'Asia/Kolkata'], ['timestamptz', '2024-01-02 03:04:05+00', 'America/Los_Angeles'],
  ['timestamptz', '2024-07-02 03:04:05+00', 'America/Los_Angeles'], ['timestamptz', '2024-01-02 03:04:05+00', '+05:30'],
  ['timestamptz', '2024-01-02 03:04:05', '+05:30'], ['timestamptz', '1900-01-01 00:00:00+00', 'Asia/Kathmandu'],
  ['timestamptz', '1850-01-01 00:00:00+00', 'Europe/Paris'], ['timestamptz', '2018-03-11 02:30', 'America/New_York'],
  ['timestamptz', '2018-11-04 01:30', 'America/New_York'], ['timestamptz', '2018-04-01 01:45', 'Australia/Lord_Howe'],
  ['timestamptz', '2018-10-07 02:15', 'Australia/Lord_Howe'], ['timestamptz', '2024-01-02 03:04:05', 'Europe/Berlin'],
  ['timestamptz', '0001-01-01 00:00:00+00 BC'], ['timestamptz(2)', '2024-01-02 03:04:05.125+00'],
];

const results = [];
for (const [type, input, tz] of cases) {
  const set = tz ? `set timezone = ${dollar(tz)}; ` : '';
  // Through an INSERT, so the typmod is applied with assignment semantics, as parseText does.
  const load = `${set}create temp table t (x ${type}); insert into t values (${dollar(input)}); `;
  const text = psql(`${load}select x from t`);
  const row = { type, input, ...(tz ? { timeZone: tz } : {}) };
  if (text.error) row.error = text.error;
  else {
    row.text = text.out.replace(/\n$/, '');
    const bin = psql(`${load}copy (select x from t) to stdout (format binary)`, true);
    row.binary = copyField(bin.out);
  }
  results.push(row);
}

const formats = [
  'format_type(1043, 259)', 'format_type(1043, -1)', 'format_type(1700, (10<<16|2)+4)', 'format_type(1700, -1)',
  'format_type(1184, 3)', 'format_type(1184, -1)', 'format_type(1114, -1)', 'format_type(1114, 0)', 'format_type(1083, 2)',
  'format_type(1083, -1)', 'format_type(1042, 9)', 'format_type(1042, -1)', 'format_type(19, -1)', 'format_type(25, -1)',
  'format_type(16, -1)', 'format_type(17, -1)', 'format_type(2950, -1)', 'format_type(114, -1)', 'format_type(3802, -1)',
  'format_type(1082, -1)', 'format_type(21, -1)', 'format_type(23, -1)', 'format_type(20, -1)', 'format_type(701, -1)',
  'format_type(700, -1)', 'format_type(1007, -1)', 'format_type(1015, 259)', 'format_type(26, -1)', 'format_type(18, -1)',
  'format_type(705, -1)', 'format_type(1009, -1)',
];
const formatRows = formats.map((expr) => {
  const [, oid, typmod] = /format_type\((\d+), (.*)\)/.exec(expr);
  return { oid: Number(oid), typmod: Number(psql(`select ${typmod}`).out.trim()), text: psql(`select ${expr}`).out.trim() };
});

const casts = [
  ['2.5::float8', 'int4'], ['3.5::float8', 'int4'], ['-2.5::float8', 'int4'], ['2.5::numeric', 'int4'], ['-2.5::numeric', 'int4'],
  ['2.5::float4', 'int2'], ['(1.0/3)::float8', 'numeric'], ['0.1::float4', 'numeric'], ['1e20::float8', 'numeric'],
  ['1.5e-7::float8', 'numeric'], ['123456789.123::float4', 'numeric'], ['2147483647.5::float8', 'int4'], ['\'nan\'::float8', 'numeric'],
  ['\'inf\'::float8', 'numeric'], ['\'nan\'::numeric', 'float8'], ['12.345::numeric', 'float4'], ['true', 'int4'], ['0', 'bool'],
  ['5::int4', 'bool'], ['\'nan\'::numeric', 'int4'], ['\'inf\'::numeric', 'int4'], ['99999999999::numeric', 'int4'],
  ['70000::int4', 'int2'], ['1::int8', 'bool'], ['true', 'int8'], ['true', 'numeric'], ['1::numeric', 'bool'],
  ['\'nan\'::float8', 'int8'], ['\'2024-01-02\'::date', 'timestamp'], ['\'2024-01-02 10:00\'::timestamp', 'date'],
  ['\'2024-01-02 10:00\'::timestamp', 'timestamptz'], ['\'2024-01-02 10:00+00\'::timestamptz', 'timestamp'],
  ['\'2024-01-02 10:00+00\'::timestamptz', 'date'], ['\'2024-01-02 10:00:00.5\'::timestamp', 'time'],
  ['\'2024-01-02\'::date', 'timestamptz'], ['\'2024-01-02 10:00+00\'::timestamptz', 'time'], ['\'{"b":1, "a":2}\'::json', 'jsonb'],
  ['\'{"b":1, "a":2}\'::jsonb', 'json'], ['\'{"a":1}\'::jsonb', 'text'], ['true', 'text'], ['false', 'varchar'], ['1.5::float8', 'text'],
  ['\'abcd\'::text', 'varchar(3)'], ['\'abcd\'::text', 'char(3)'], ['\'ab\'::char(4)', 'text'], ['\'ab\'::char(4)', 'varchar'],
  ['\'2024-01-02\'::date', 'text'], ['\'\\x0a\'::bytea', 'text'], ['\'abc\'::text', 'bytea'], ['\'1.5\'::text', 'numeric(5,2)'],
  ['123.456::numeric', 'numeric(4,1)'], ['123.456::numeric', 'numeric(3,1)'], ['1e39::float8', 'float4'], ['1e-50::float8', 'float4'],
  ['0.1::float4', 'float8'], ['\'1\'::jsonb', 'int4'], ['\'1.5\'::jsonb', 'numeric'], ['\'true\'::jsonb', 'bool'],
  ['\'"x"\'::jsonb', 'int4'], ['\'{}\'::jsonb', 'numeric'], ['1::int4', 'date'], ['\'2024-01-02\'::date', 'int4'],
  ['\'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\'::uuid', 'text'], ['\'03:04\'::time', 'timestamp'], ['1.5::numeric', 'float8'],
  ['32767::int2', 'int8'], ['9223372036854775807::int8', 'float8'], ['9.223372036854775807e18::float8', 'int8'],
  ['-9.223372036854775808e18::float8', 'int8'], ['1e308::float8', 'numeric'],
];
const castRows = casts.map(([expr, to]) => {
  const source = { from: psql(`select pg_typeof(${expr})`).out.trim(), source: psql(`select ${expr}`).out.replace(/\n$/, '') };
  const r = psql(`select (${expr})::${to}`);
  return r.error ? { expr, to, ...source, error: r.error } : { expr, to, ...source, text: r.out.replace(/\n$/, '') };
});

const arith = [
  ['1', '/', '3'], ['10', '/', '4'], ['1', '/', '7000000'], ['123456789', '/', '0.001'], ['2', '/', '3.000000000000000000000001'],
  ['0.5', '*', '0.25'], ['7.5', '%', '2'], ['-7.5', '%', '2'], ['1.50', '+', '2.125'], ['1.0', '/', '3.0'], ['100000000000', '/', '3'],
  ['1e-20', '/', '3'], ['0', '/', '7'], ['9999', '/', '9999'], ['1', '/', '10000'], ['5', '/', '3'], ['1', '-', '1.000'],
  ['-5', '/', '3'], ['123.45', '*', '-0.01'], ['1', '/', '0'], ['5', '%', '0'], ['7', '%', '-3'], ['-7', '%', '3'],
  ['99999999999999999999', '/', '7'], ['2', '/', '99999999'], ['12345678', '/', '1.5'], ['0.001', '-', '1000'],
  ['nan', '+', '1'], ['Infinity', '-', 'Infinity'], ['Infinity', '*', '0'], ['Infinity', '/', '-2'], ['1', '/', 'Infinity'],
];
const arithRows = arith.map(([a, op, b]) => {
  const r = psql(`select ${dollar(a)}::numeric ${op} ${dollar(b)}::numeric`);
  return r.error ? { a, op, b, error: r.error } : { a, op, b, text: r.out.trim() };
});

const dir = fileURLToPath(new URL('./golden/', import.meta.url));
writeFileSync(`${dir}values.json`, JSON.stringify(results, null, 1) + '\n');
writeFileSync(`${dir}format-type.json`, JSON.stringify(formatRows, null, 1) + '\n');
writeFileSync(`${dir}casts.json`, JSON.stringify(castRows, null, 1) + '\n');
writeFileSync(`${dir}numeric-arith.json`, JSON.stringify(arithRows, null, 1) + '\n');
console.log(`${results.length} values, ${formatRows.length} format_type, ${castRows.length} casts, ${arithRows.length} arith`);
