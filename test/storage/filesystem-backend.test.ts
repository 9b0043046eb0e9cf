import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FilesystemBackend } from '../../src/storage/filesystem-backend.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function backend(): FilesystemBackend {
  const d = mkdtempSync(join(tmpdir(), 'fs-backend-'));
  dirs.push(d);
  return new FilesystemBackend(join(d, 'base'));
}

describe('FilesystemBackend', () => {
  it('puts a file under directories it creates, and reads, stats, lists and deletes it', async () => {
    const b = backend();
    const dir = b.join(b.base, 'app', 'messages', 'u1');
    const file = b.join(dir, 'seg-1.parquet');
    expect(await b.put(file, Buffer.from('hello segment'))).toBe(13);
    expect((await b.read(file)).toString()).toBe('hello segment');
    expect((await b.readRange(file, 6, 3)).toString()).toBe('seg');
    expect((await b.readRange(file, 10, 100)).toString()).toBe('ent');
    expect(await b.stat(file)).toEqual({ name: 'seg-1.parquet', size: 13 });
    expect(await b.list(dir)).toEqual([{ name: 'seg-1.parquet', size: 13 }]);
    await b.delete(file);
    await b.delete(file); // gone already: not an error
    expect(await b.stat(file)).toBeUndefined();
    expect(await b.list(dir)).toEqual([]);
  });

  it('writes chunks from an iterable or an async iterable, replacing a file of the same name', async () => {
    const b = backend();
    const file = b.join(b.base, 'a', 'x.bin');
    expect(await b.put(file, [Buffer.from('ab'), Buffer.from('cd')])).toBe(4);
    async function* chunks() {
      for (const s of ['one', '-', 'two']) yield Buffer.from(s);
    }
    expect(await b.put(file, chunks())).toBe(7);
    expect((await b.read(file)).toString()).toBe('one-two');
    expect(await b.list(b.join(b.base, 'a'))).toEqual([{ name: 'x.bin', size: 7 }]);
  });

  it('leaves nothing under the final name when the data fails midway, and lists no temporaries', async () => {
    const b = backend();
    const dir = b.join(b.base, 't');
    await b.put(b.join(dir, 'keep'), Buffer.from('k'));
    async function* failing() {
      yield Buffer.from('partial');
      throw new Error('encoder failed');
    }
    await expect(b.put(b.join(dir, 'seg'), failing())).rejects.toThrow('encoder failed');
    expect(await b.stat(b.join(dir, 'seg'))).toBeUndefined();
    expect(readdirSync(dir)).toEqual(['keep']);
    // What a crash between write and rename leaves: a temporary, hidden from list, removed by sweep.
    writeFileSync(join(dir, '.seg.0123456789abcdef.tmp'), 'half');
    expect((await b.list(dir)).map((f) => f.name)).toEqual(['keep']);
    expect(await b.sweep(dir)).toBe(1);
    expect(readdirSync(dir)).toEqual(['keep']);
    expect(await b.sweep(b.join(b.base, 'nowhere'))).toBe(0);
  });

  it('refuses locations outside its base', async () => {
    const b = backend();
    await expect(b.put(join(b.base, '..', 'escape'), Buffer.from('x'))).rejects.toThrow(/outside the storage's base/);
    expect(() => b.join('/etc', 'passwd')).toThrow(/outside/);
    expect(existsSync(join(b.base, '..', 'escape'))).toBe(false);
  });
});
