/**
 * Backend messages → bytes. Golden bytes where PostgreSQL's are known (captured from PostgreSQL 15
 * with a raw socket), and every message read back by pg-protocol's parser (the one node-postgres
 * uses), whole and split at every byte boundary.
 */
import { Parser } from 'pg-protocol/dist/parser.js';
import type { BackendMessage } from 'pg-protocol/dist/messages.js';
import { describe, expect, it } from 'vitest';
import { SqlError } from '../../src/errors/sql-error.js';
import { BackendSerializer } from '../../src/wire/backend-serializer.js';
import { BufferWriter } from '../../src/wire/buffer-writer.js';
import type { FieldDescription } from '../../src/wire/engine-port.js';

function bytesOf(write: (s: BackendSerializer) => void): Buffer {
  const s = new BackendSerializer();
  write(s);
  return Buffer.from(s.take());
}

function readBack(bytes: Buffer): BackendMessage[] {
  const whole: BackendMessage[] = [];
  new Parser().parse(Buffer.from(bytes), (m) => whole.push(m));
  for (let i = 1; i < bytes.length; i++) {
    const split: BackendMessage[] = [];
    const p = new Parser();
    p.parse(Buffer.from(bytes.subarray(0, i)), (m) => split.push(m));
    p.parse(Buffer.from(bytes.subarray(i)), (m) => split.push(m));
    expect(split, `split at ${i}`).toEqual(whole);
  }
  return whole;
}

const INT4: FieldDescription = { name: 'id', tableOid: 16384, columnId: 1, typeOid: 23, typeSize: 4, typeModifier: -1, format: 0 };
const TEXT: FieldDescription = { name: 'näme', tableOid: 0, columnId: 0, typeOid: 25, typeSize: -1, typeModifier: -1, format: 1 };

describe('golden bytes (as PostgreSQL 15 sends them)', () => {
  it.each<[string, (s: BackendSerializer) => void, string]>([
    ['AuthenticationOk', (s) => s.authenticationOk(), 'R\0\0\0\x08\0\0\0\0'],
    ['ParameterStatus', (s) => s.parameterStatus('client_encoding', 'UTF8'), 'S\0\0\0\x19client_encoding\0UTF8\0'],
    ['ReadyForQuery I', (s) => s.readyForQuery('I'), 'Z\0\0\0\x05I'],
    ['ReadyForQuery T', (s) => s.readyForQuery('T'), 'Z\0\0\0\x05T'],
    ['ReadyForQuery E', (s) => s.readyForQuery('E'), 'Z\0\0\0\x05E'],
    ['BackendKeyData', (s) => s.backendKeyData(6654, 0x7e34005a), 'K\0\0\0\x0c\0\0\x19\xfe\x7e\x34\x00\x5a'],
    ['CommandComplete', (s) => s.commandComplete('SELECT 1'), 'C\0\0\0\x0dSELECT 1\0'],
    [
      'NegotiateProtocolVersion',
      (s) => s.negotiateProtocolVersion(0, ['_pq_.foo']),
      'v\0\0\0\x15\0\0\0\0\0\0\0\x01_pq_.foo\0',
    ],
    ['AuthenticationCleartextPassword', (s) => s.authenticationCleartextPassword(), 'R\0\0\0\x08\0\0\0\x03'],
    ['AuthenticationMD5Password', (s) => s.authenticationMD5Password(Buffer.from([1, 2, 3, 4])), 'R\0\0\0\x0c\0\0\0\x05\x01\x02\x03\x04'],
    ['AuthenticationSASL', (s) => s.authenticationSASL(['SCRAM-SHA-256']), 'R\0\0\0\x17\0\0\0\x0aSCRAM-SHA-256\0\0'],
    ['EmptyQueryResponse', (s) => s.emptyQueryResponse(), 'I\0\0\0\x04'],
    ['PortalSuspended', (s) => s.portalSuspended(), 's\0\0\0\x04'],
    ['NoData', (s) => s.noData(), 'n\0\0\0\x04'],
    ['ParseComplete', (s) => s.parseComplete(), '1\0\0\0\x04'],
    ['BindComplete', (s) => s.bindComplete(), '2\0\0\0\x04'],
    ['CloseComplete', (s) => s.closeComplete(), '3\0\0\0\x04'],
    [
      'ErrorResponse field order S V C M',
      (s) => s.errorResponse(new SqlError('08P01', 'invalid message format')),
      'E\0\0\0\x32SERROR\0VERROR\0C08P01\0Minvalid message format\0\0',
    ],
    ['DataRow with NULL and text', (s) => s.dataRow([null, '1']), 'D\0\0\0\x0f\0\x02\xff\xff\xff\xff\0\0\0\x011'],
  ])('%s', (_n, write, expected) => {
    expect(bytesOf(write)).toEqual(Buffer.from(expected, 'latin1'));
  });
});

describe('read back by pg-protocol, split everywhere', () => {
  it('the whole vocabulary in one stream', () => {
    const bytes = bytesOf((s) => {
      s.authenticationSASLContinue('r=abc,s=c2FsdA==,i=4096');
      s.authenticationSASLFinal('v=xyz');
      s.authenticationOk();
      s.parameterStatus('TimeZone', 'Europe/Zürich');
      s.backendKeyData(42, -7);
      s.rowDescription([INT4, TEXT]);
      s.dataRow(['1', 'ü✓𝄞', null, Buffer.from([0, 255]), '']);
      s.commandComplete('SELECT 1');
      s.parameterDescription([23, 25, 0xfffffffe]);
      s.noticeResponse({ severity: 'NOTICE', code: '00000', message: 'hi', detail: 'd', hint: 'h' });
      s.errorResponse(
        new SqlError('23505', 'duplicate key', { detail: 'Key (id)=(1) exists.', position: 7, schema: 's', table: 't', column: 'c', constraint: 'pk', hint: 'h' }),
      );
      s.notificationResponse(9, 'chan', 'payload');
      s.readyForQuery('T');
    });
    const msgs = readBack(bytes);
    expect(msgs.map((m) => m.name)).toEqual([
      'authenticationSASLContinue',
      'authenticationSASLFinal',
      'authenticationOk',
      'parameterStatus',
      'backendKeyData',
      'rowDescription',
      'dataRow',
      'commandComplete',
      'parameterDescription',
      'notice',
      'error',
      'notification',
      'readyForQuery',
    ]);
    expect(msgs[3]).toMatchObject({ parameterName: 'TimeZone', parameterValue: 'Europe/Zürich' });
    expect(msgs[4]).toMatchObject({ processID: 42, secretKey: -7 });
    expect((msgs[5] as unknown as { fields: unknown[] }).fields).toEqual([
      { name: 'id', tableID: 16384, columnID: 1, dataTypeID: 23, dataTypeSize: 4, dataTypeModifier: -1, format: 'text' },
      { name: 'näme', tableID: 0, columnID: 0, dataTypeID: 25, dataTypeSize: -1, dataTypeModifier: -1, format: 'binary' },
    ]);
    expect((msgs[6] as unknown as { fields: unknown[] }).fields).toEqual(['1', 'ü✓𝄞', null, '\0\xff'.replace('\xff', '\ufffd'), '']);
    expect((msgs[8] as unknown as { dataTypeIDs: number[] }).dataTypeIDs).toEqual([23, 25, 0xfffffffe]);
    expect(msgs[9]).toMatchObject({ severity: 'NOTICE', code: '00000', message: 'hi', detail: 'd', hint: 'h' });
    expect(msgs[10]).toMatchObject({
      severity: 'ERROR',
      code: '23505',
      message: 'duplicate key',
      detail: 'Key (id)=(1) exists.',
      position: '7',
      schema: 's',
      table: 't',
      column: 'c',
      constraint: 'pk',
      hint: 'h',
    });
    expect(msgs[11]).toMatchObject({ processId: 9, channel: 'chan', payload: 'payload' });
    expect(msgs[12]).toMatchObject({ status: 'T' });
  });

  it('a NUL inside a cstring field is dropped rather than breaking the frame', () => {
    const msgs = readBack(bytesOf((s) => s.commandComplete('SEL\0ECT')));
    expect(msgs[0]).toMatchObject({ text: 'SELECT' });
  });
});

describe('BufferWriter', () => {
  it('bytes handed out by take() are never overwritten', () => {
    const w = new BufferWriter(64);
    w.startMessage(0x43).cstring('first').endMessage();
    const first = w.take();
    const copy = Buffer.from(first);
    for (let i = 0; i < 100; i++) w.startMessage(0x43).cstring(`message ${i}`).endMessage();
    w.take();
    expect(first).toEqual(copy);
  });

  it('grows in the middle of a message and keeps its length right', () => {
    const w = new BufferWriter(16);
    const s = new BackendSerializer(w);
    const long = 'é'.repeat(5000) + 'x'.repeat(70000);
    s.dataRow(['a', long, 'b']);
    const msgs = readBackOnce(w.take());
    expect((msgs[0] as unknown as { fields: string[] }).fields).toEqual(['a', long, 'b']);
  });

  it('lone surrogates become U+FFFD, so the bytes stay valid UTF-8', () => {
    const s = new BackendSerializer();
    s.dataRow(['a\ud800b']);
    const msgs = readBackOnce(s.take());
    expect((msgs[0] as unknown as { fields: string[] }).fields).toEqual(['a\ufffdb']);
  });

  it('refuses take() inside an open message', () => {
    const w = new BufferWriter();
    w.startMessage(0x44);
    expect(() => w.take()).toThrow();
  });
});

function readBackOnce(bytes: Buffer): BackendMessage[] {
  const out: BackendMessage[] = [];
  new Parser().parse(Buffer.from(bytes), (m) => out.push(m));
  return out;
}
