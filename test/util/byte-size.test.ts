import { describe, expect, it } from 'vitest';
import { formatByteSize, parseByteSize } from '../../src/util/byte-size.js';
import { ConfigError, parseConfig } from '../../src/server/config.js';

describe('byte sizes', () => {
  it('reads plain bytes and binary units, case-insensitively', () => {
    expect(parseByteSize('1073741824')).toBe(1024 ** 3);
    expect(parseByteSize('512MB')).toBe(512 * 1024 ** 2);
    expect(parseByteSize('1GiB')).toBe(1024 ** 3);
    expect(parseByteSize('64 kB')).toBe(64 * 1024);
    expect(parseByteSize('2g')).toBe(2 * 1024 ** 3);
    expect(parseByteSize('1.5GB')).toBe(1.5 * 1024 ** 3);
  });

  it('rejects what names no byte count', () => {
    for (const bad of ['', 'MB', '-1', '1 PB', '1.5', 'ten', '1e9']) expect(parseByteSize(bad)).toBeNull();
  });

  it('writes sizes in the largest whole-ish unit', () => {
    expect(formatByteSize(1024 ** 3)).toBe('1 GiB');
    expect(formatByteSize(8 * 1024 ** 2)).toBe('8 MiB');
    expect(formatByteSize(1536)).toBe('1.5 KiB');
    expect(formatByteSize(100)).toBe('100 bytes');
  });
});

describe('--max-query-memory', () => {
  it('defaults to 1 GiB and reads the flag or KALAM_MAX_QUERY_MEMORY', () => {
    const at = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
      const c = parseConfig(argv, env);
      if (c === 'help') throw new Error('help');
      return c.maxQueryMemory;
    };
    expect(at([])).toBe(1024 ** 3);
    expect(at(['--max-query-memory', '512MB'])).toBe(512 * 1024 ** 2);
    expect(at(['--max-query-memory=2GiB'])).toBe(2 * 1024 ** 3);
    expect(at([], { KALAM_MAX_QUERY_MEMORY: '8388608' })).toBe(8 * 1024 ** 2);
    expect(() => at(['--max-query-memory', 'lots'])).toThrow(ConfigError);
    expect(() => at(['--max-query-memory', '0'])).toThrow(ConfigError);
  });
});

describe('query memory against the heap', () => {
  it('warns when the limit is more than half the heap', async () => {
    const { queryMemoryHeapWarning } = await import('../../src/server/server.js');
    expect(queryMemoryHeapWarning(1024 ** 3, 4 * 1024 ** 3)).toBeNull();
    expect(queryMemoryHeapWarning(1024 ** 3, 1.5 * 1024 ** 3)).toContain('more than half of Node');
  });
});
