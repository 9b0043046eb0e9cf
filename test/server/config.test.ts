import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/server/config.js';

/** The config a command line gives (never --help here). */
const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const c = parseConfig(argv, env);
  if (c === 'help') throw new Error('help');
  return c;
};

describe('--stream-eviction-interval', () => {
  const at = (argv: string[], env: NodeJS.ProcessEnv = {}) => parse(argv, env).streamEvictionInterval;

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

describe('--max-connections, --superuser-reserved-connections, --max-message-size', () => {
  it("default to PostgreSQL's 100 and 3, and 64 MiB", () => {
    const c = parse([]);
    expect([c.maxConnections, c.superuserReservedConnections, c.maxMessageSize]).toEqual([100, 3, 64 * 1024 * 1024]);
  });

  it('read the flags and the environment', () => {
    const c = parse(['--max-connections', '600', '--max-message-size=1GB'], { KALAM_SUPERUSER_RESERVED_CONNECTIONS: '0' });
    expect([c.maxConnections, c.superuserReservedConnections, c.maxMessageSize]).toEqual([600, 0, 1024 ** 3]);
    expect(parse(['--max-connections', '2']).superuserReservedConnections).toBe(1); // the default shrinks to fit
  });

  it('refuse what cannot work', () => {
    for (const argv of [
      ['--max-connections', '0'],
      ['--max-connections', '1.5'],
      ['--max-connections', '10', '--superuser-reserved-connections', '10'],
      ['--max-message-size', '1kB'], // would refuse ordinary statements
      ['--max-message-size', '2GB'], // past PostgreSQL's own bound
    ]) {
      expect(() => parse(argv), argv.join(' ')).toThrow(ConfigError);
    }
  });
});

describe('--slow-query-ms, --metrics-port', () => {
  it('are off unless given, from the flags or KALAM_SLOW_QUERY_MS / KALAM_METRICS_PORT', () => {
    const off = parse([]);
    expect([off.slowQueryMs, off.metricsPort]).toEqual([undefined, undefined]);
    const c = parse(['--slow-query-ms', '250', '--metrics-port=9187']);
    expect([c.slowQueryMs, c.metricsPort]).toEqual([250, 9187]);
    const e = parse([], { KALAM_SLOW_QUERY_MS: '0', KALAM_METRICS_PORT: '9188' });
    expect([e.slowQueryMs, e.metricsPort]).toEqual([0, 9188]);
  });

  it('refuse what is not a whole number in range', () => {
    for (const argv of [['--slow-query-ms', '-1'], ['--slow-query-ms', '1.5'], ['--metrics-port', '70000'], ['--metrics-port', 'x']]) {
      expect(() => parse(argv), argv.join(' ')).toThrow(ConfigError);
    }
  });
});
