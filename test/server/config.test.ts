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

describe('TLS flags', () => {
  const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
    const c = parseConfig(argv, env);
    if (c === 'help') throw new Error('help');
    return c;
  };

  it('--tls-cert/--tls-key take files, from the flags or KALAM_TLS_CERT/KALAM_TLS_KEY', () => {
    expect(parse(['--tls-cert', 'c.pem', '--tls-key=k.pem'])).toMatchObject({ tlsCert: 'c.pem', tlsKey: 'k.pem', tlsRequired: false });
    expect(parse([], { KALAM_TLS_CERT: 'a', KALAM_TLS_KEY: 'b' })).toMatchObject({ tlsCert: 'a', tlsKey: 'b' });
  });

  it('--tls-required is a switch that takes no value; KALAM_TLS_REQUIRED takes a boolean', () => {
    expect(parse(['--tls-required', '--port', '6000'])).toMatchObject({ tlsRequired: true, port: 6000 });
    expect(parse(['--tls-required=false']).tlsRequired).toBe(false);
    expect(parse([], { KALAM_TLS_REQUIRED: '1' }).tlsRequired).toBe(true);
    expect(parse([], { KALAM_TLS_REQUIRED: 'off' }).tlsRequired).toBe(false);
    expect(() => parse([], { KALAM_TLS_REQUIRED: 'maybe' })).toThrow(ConfigError);
  });
});
