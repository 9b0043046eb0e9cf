/**
 * Frontend frames → messages. Canonical frames come from pg-protocol's serializer (the real
 * node-postgres client) or are written by hand; each is fed whole, split at every byte boundary,
 * and one byte at a time.
 */
import { serialize } from 'pg-protocol';
import { describe, expect, it } from 'vitest';
import { ProtocolError, SqlError } from '../../src/errors/sql-error.js';
import type { FrontendMessage } from '../../src/wire/frontend-messages.js';
import { FrontendParser } from '../../src/wire/frontend-parser.js';
import { frame, startupPacket, startupParams } from './raw-client.js';

/** A parser already past the startup packet. */
function regularParser(): FrontendParser {
  const p = new FrontendParser();
  p.parse(serialize.startup({ user: 'u' }), () => undefined);
  return p;
}

function parseChunks(chunks: Buffer[], regular: boolean): FrontendMessage[] {
  const p = regular ? regularParser() : new FrontendParser();
  const out: FrontendMessage[] = [];
  for (const c of chunks) p.parse(c, (m) => out.push(m));
  expect(p.pendingBytes).toBe(0);
  return out;
}

/** Whole, split at every boundary, and byte by byte: always the same messages. */
function expectFrames(bytes: Buffer, expected: unknown[], regular = true): void {
  expect(parseChunks([bytes], regular)).toEqual(expected);
  for (let i = 1; i < bytes.length; i++) {
    // Fresh copies: the parser must not depend on chunks staying untouched after parse().
    const a = Buffer.from(bytes.subarray(0, i));
    const b = Buffer.from(bytes.subarray(i));
    expect(parseChunks([a, b], regular), `split at ${i}`).toEqual(expected);
  }
  const single = [...bytes].map((x) => Buffer.from([x]));
  expect(parseChunks(single, regular)).toEqual(expected);
}

const CANONICAL: Array<[string, Buffer, unknown]> = [
  ['Query', serialize.query('select 1'), { kind: 'query', sql: 'select 1' }],
  ['Query with UTF-8', serialize.query("select 'é✓𝄞'"), { kind: 'query', sql: "select 'é✓𝄞'" }],
  ['empty Query', serialize.query(''), { kind: 'query', sql: '' }],
  [
    'Parse',
    serialize.parse({ name: 's1', text: 'select $1, $2', types: [23, 0] }),
    { kind: 'parse', statement: 's1', sql: 'select $1, $2', paramTypes: [23, 0] },
  ],
  [
    'Parse with an OID above 2^31',
    serialize.parse({ text: 'x', types: [0xfffffffe] }),
    { kind: 'parse', statement: '', sql: 'x', paramTypes: [0xfffffffe] },
  ],
  [
    'Bind with text, null and binary parameters',
    serialize.bind({ portal: 'p', statement: 's', values: ['abc', null, Buffer.from([0, 1, 2])], binary: true }),
    {
      kind: 'bind',
      portal: 'p',
      statement: 's',
      paramFormats: [0, 0, 1],
      params: [Buffer.from('abc'), null, Buffer.from([0, 1, 2])],
      resultFormats: [1],
    },
  ],
  [
    'Bind without parameters',
    serialize.bind({}),
    { kind: 'bind', portal: '', statement: '', paramFormats: [], params: [], resultFormats: [0] },
  ],
  ['Describe statement', serialize.describe({ type: 'S', name: 's1' }), { kind: 'describe', target: 'S', name: 's1' }],
  ['Describe portal', serialize.describe({ type: 'P' }), { kind: 'describe', target: 'P', name: '' }],
  ['Execute', serialize.execute({ portal: 'c', rows: 10 }), { kind: 'execute', portal: 'c', maxRows: 10 }],
  ['Execute all', serialize.execute({}), { kind: 'execute', portal: '', maxRows: 0 }],
  ['Close statement', serialize.close({ type: 'S', name: 's1' }), { kind: 'close', target: 'S', name: 's1' }],
  ['Close portal', serialize.close({ type: 'P', name: 'c' }), { kind: 'close', target: 'P', name: 'c' }],
  ['Sync', serialize.sync(), { kind: 'sync' }],
  ['Flush', serialize.flush(), { kind: 'flush' }],
  ['Terminate', serialize.end(), { kind: 'terminate' }],
  ['CopyData', serialize.copyData(Buffer.from('1\tx\n')), { kind: 'copyData', data: Buffer.from('1\tx\n') }],
  ['CopyDone', serialize.copyDone(), { kind: 'copyDone' }],
  ['CopyFail', serialize.copyFail('stop'), { kind: 'copyFail', message: 'stop' }],
  ['PasswordMessage', serialize.password('secret'), { kind: 'password', data: Buffer.from('secret\0') }],
  [
    'SASLInitialResponse',
    serialize.sendSASLInitialResponseMessage('SCRAM-SHA-256', 'n,,n=*,r=abc'),
    { kind: 'password', data: Buffer.concat([Buffer.from('SCRAM-SHA-256\0'), Buffer.from([0, 0, 0, 12]), Buffer.from('n,,n=*,r=abc')]) },
  ],
  [
    'SASLResponse',
    serialize.sendSCRAMClientFinalMessage('c=biws,r=abc,p=xyz'),
    { kind: 'password', data: Buffer.from('c=biws,r=abc,p=xyz') },
  ],
  ['FunctionCall', frame('F', [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]), { kind: 'functionCall' }],
];

describe('regular frames', () => {
  it.each(CANONICAL)('%s', (_name, bytes, expected) => {
    expectFrames(bytes, [expected]);
  });

  it('all canonical frames back to back, split everywhere', () => {
    expectFrames(
      Buffer.concat(CANONICAL.map(([, b]) => b)),
      CANONICAL.map(([, , m]) => m),
    );
  });

  it('hand-written bytes of a Query', () => {
    expectFrames(Buffer.from([0x51, 0, 0, 0, 6, 0x78, 0]), [{ kind: 'query', sql: 'x' }]);
  });

  it('payload bytes are copies, safe after the parser reuses its buffer', () => {
    const p = regularParser();
    const got: FrontendMessage[] = [];
    const bind = serialize.bind({ values: [Buffer.from([7, 7, 7])] });
    const chunk = Buffer.from(bind);
    p.parse(chunk.subarray(0, 10), (m) => got.push(m));
    p.parse(chunk.subarray(10), (m) => got.push(m));
    chunk.fill(0);
    p.parse(Buffer.from(serialize.query('overwrite the tail buffer please')), (m) => got.push(m));
    expect((got[0] as unknown as { params: Uint8Array[] }).params[0]).toEqual(Buffer.from([7, 7, 7]));
  });

  it('a large message arriving in many chunks', () => {
    const sql = 'select ' + 'x'.repeat(300_000);
    const bytes = serialize.query(sql);
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 1000) chunks.push(Buffer.from(bytes.subarray(i, i + 1000)));
    expect(parseChunks(chunks, true)).toEqual([{ kind: 'query', sql }]);
  });
});

describe('startup frames', () => {
  it('StartupMessage', () => {
    expectFrames(
      serialize.startup({ user: 'alice', database: 'db', application_name: 'psql' }),
      [
        {
          kind: 'startup',
          majorVersion: 3,
          minorVersion: 0,
          params: new Map([['user', 'alice'], ['database', 'db'], ['application_name', 'psql'], ['client_encoding', 'UTF8']]),
          protocolOptions: new Map(),
        },
      ],
      false,
    );
  });

  it('protocol 3.2 with _pq_ options kept apart', () => {
    const bytes = startupPacket(0x00030002, startupParams({ user: 'u', '_pq_.x': '1' }));
    expectFrames(
      bytes,
      [{ kind: 'startup', majorVersion: 3, minorVersion: 2, params: new Map([['user', 'u']]), protocolOptions: new Map([['_pq_.x', '1']]) }],
      false,
    );
  });

  it('SSLRequest, GSSENCRequest, then StartupMessage, then a regular frame', () => {
    const bytes = Buffer.concat([
      serialize.requestSsl(),
      startupPacket(80877104),
      serialize.startup({ user: 'u' }),
      serialize.query('q'),
    ]);
    const msgs = parseChunks([bytes], false);
    expect(msgs.map((m) => m.kind)).toEqual(['sslRequest', 'gssEncRequest', 'startup', 'query']);
    expect(msgs[0]).toEqual({ kind: 'sslRequest', pipelined: true });
    expectFrames(serialize.requestSsl(), [{ kind: 'sslRequest', pipelined: false }], false);
  });

  it('CancelRequest', () => {
    expectFrames(serialize.cancel(1234, -5), [{ kind: 'cancelRequest', processId: 1234, secretKey: -5 }], false);
  });

  it('another major version is reported, not parsed', () => {
    const [m] = parseChunks([startupPacket(0x00020000, Buffer.from('junk'))], false);
    expect(m).toMatchObject({ kind: 'startup', majorVersion: 2, minorVersion: 0 });
  });
});

describe('framing errors: ProtocolError, parser stops', () => {
  const cases: Array<[string, Buffer, boolean, string]> = [
    ['length below 4', Buffer.from([0x51, 0, 0, 0, 3]), true, 'invalid message length'],
    ['length 2^31 (negative int32)', Buffer.from([0x51, 0x80, 0, 0, 0]), true, 'invalid message length'],
    ['length just over 1 GiB', Buffer.from([0x51, 0x40, 0, 0, 0]), true, 'invalid message length'],
    ['small message over 10000', Buffer.from([0x48, 0, 0, 0x27, 0x15]), true, 'invalid message length'],
    ['unknown type byte', Buffer.from([0x7a, 0, 0, 0, 4]), true, 'invalid frontend message type 122'],
    ['startup packet over 10000 bytes', Buffer.from([0, 0, 0x27, 0x11]), false, 'invalid length of startup packet'],
    ['startup packet under 8 bytes', Buffer.from([0, 0, 0, 7]), false, 'invalid length of startup packet'],
    ['startup without terminator', startupPacket(0x30000, Buffer.from('user\0u\0')), false, 'invalid startup packet layout: expected terminator as last byte'],
    ['SSLRequest with a body', startupPacket(80877103, Buffer.from([0])), false, 'invalid length of startup packet'],
    ['CancelRequest too short', startupPacket(80877102, Buffer.from([0, 0, 0, 1])), false, 'invalid length of startup packet'],
  ];
  it.each(cases)('%s', (_name, bytes, regular, message) => {
    const p = regular ? regularParser() : new FrontendParser();
    expect(() => p.parse(bytes, () => undefined)).toThrow(new ProtocolError(message));
    // and it stays failed
    expect(() => p.parse(serialize.sync(), () => undefined)).toThrow(ProtocolError);
  });

  it('a huge announced length fails on the header alone', () => {
    const p = regularParser();
    expect(() => p.parse(Buffer.from([0x50, 0x7f, 0xff, 0xff, 0xff]), () => undefined)).toThrow(ProtocolError);
  });

  it('a large but legal announced length waits for its body', () => {
    const p = regularParser();
    const got: FrontendMessage[] = [];
    p.parse(Buffer.from([0x51, 0x10, 0, 0, 0]), (m) => got.push(m));
    expect(got).toEqual([]);
    expect(p.pendingBytes).toBe(5);
  });
});

describe('content errors: InvalidMessage, framing intact', () => {
  function invalid(bytes: Buffer): { code: number; error: SqlError } {
    const msgs = parseChunks([Buffer.concat([bytes, serialize.sync()])], true);
    expect(msgs[1]).toEqual({ kind: 'sync' });
    expect(msgs[0]!.kind).toBe('invalid');
    return msgs[0] as unknown as { code: number; error: SqlError };
  }

  it('invalid UTF-8 is 22021 with PostgreSQL\'s wording', () => {
    const m = invalid(frame('Q', Buffer.from([0x41, 0xc3, 0x28, 0])));
    expect(m.code).toBe(0x51);
    expect(m.error.code).toBe('22021');
    expect(m.error.message).toBe('invalid byte sequence for encoding "UTF8": 0xc3 0x28');
  });

  it.each([
    ['0xff', [0xff], '0xff'],
    ['a surrogate', [0xed, 0xa0, 0x80], '0xed 0xa0 0x80'],
    ['an overlong slash', [0xc0, 0xaf], '0xc0 0xaf'],
    ['a truncated sequence', [0xe2, 0x82], '0xe2 0x82'],
  ])('invalid UTF-8: %s (texts checked against PostgreSQL 15)', (_n, bytes, shown) => {
    const m = invalid(frame('Q', Buffer.from([...bytes, 0])));
    expect(m.error.message).toBe(`invalid byte sequence for encoding "UTF8": ${shown}`);
  });

  it('bytes after the terminator: invalid message format', () => {
    expect(invalid(frame('Q', Buffer.from('a\0b\0'))).error).toMatchObject({ code: '08P01', message: 'invalid message format' });
  });

  it('a string without terminator', () => {
    expect(invalid(frame('Q', Buffer.from('abc'))).error).toMatchObject({ code: '08P01', message: 'invalid string in message' });
  });

  it('a Bind whose format count does not match its parameters', () => {
    const body = Buffer.from([0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(invalid(frame('B', body)).error).toMatchObject({ code: '08P01', message: 'bind message has 2 parameter formats but 1 parameters' });
  });

  it('a Bind parameter longer than the message', () => {
    const body = Buffer.from([0, 0, 0, 0, 0, 1, 0, 0, 0, 9, 1, 0, 0]);
    expect(invalid(frame('B', body)).error).toMatchObject({ code: '08P01', message: 'insufficient data left in message' });
  });

  it('a Describe of something that is neither S nor P', () => {
    expect(invalid(frame('D', Buffer.from('X\0'))).error.message).toBe('invalid DESCRIBE message subtype 88');
  });

  it('a Sync with a body', () => {
    expect(invalid(frame('S', [1])).code).toBe(0x53);
  });
});
