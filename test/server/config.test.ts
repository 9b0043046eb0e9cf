import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/server/config.js';

describe('--stream-eviction-interval', () => {
  const at = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
    const c = parseConfig(argv, env);
    if (c === 'help') throw new Error('help');
    return c.streamEvictionInterval;
  };

  it('defaults to 60 s and reads the flag or KALAM_STREAM_EVICTION_INTERVAL, 0 meaning never', () => {
    expect(at([])).toBe(60);
    expect(at(['--stream-eviction-interval', '5'])).toBe(5);
    expect(at(['--stream-eviction-interval=0.5'])).toBe(0.5);
    expect(at([], { KALAM_STREAM_EVICTION_INTERVAL: '0' })).toBe(0);
  });

  it('refuses what is not a number of seconds', () => {
    for (const bad of ['soon', '-1', '1e3', '']) expect(() => at(['--stream-eviction-interval', bad])).toThrow(ConfigError);
  });
});
