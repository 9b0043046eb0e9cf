import { describe, expect, it } from 'vitest';
import { addInterval, isNegativeInterval, parseFrameInterval } from '../../../src/executor/window/frame-interval.js';

const US = 1_000_000n;

describe('frame interval literals', () => {
  it('reads PostgreSQL-style interval text', () => {
    expect(parseFrameInterval('1 day')).toEqual({ months: 0, days: 1, micros: 0n });
    expect(parseFrameInterval('2 hours 30 minutes')).toEqual({ months: 0, days: 0, micros: 9000n * US });
    expect(parseFrameInterval('1 year 2 mons')).toEqual({ months: 14, days: 0, micros: 0n });
    expect(parseFrameInterval('1 day 02:00:00')).toEqual({ months: 0, days: 1, micros: 7200n * US });
    expect(parseFrameInterval('1.5 days')).toEqual({ months: 0, days: 1, micros: 43_200n * US });
    expect(parseFrameInterval('3 days ago')).toEqual({ months: 0, days: -3, micros: 0n });
    expect(parseFrameInterval('3', 8)).toEqual({ months: 0, days: 3, micros: 0n });
    expect(() => parseFrameInterval('soon')).toThrow(/invalid input syntax for type interval/);
  });

  it('tells negative spans', () => {
    expect(isNegativeInterval(parseFrameInterval('-1 day'))).toBe(true);
    expect(isNegativeInterval(parseFrameInterval('1 mon -29 days'))).toBe(false);
  });

  it('adds months clamping to the end of the month, then days and time', () => {
    const jan31 = BigInt(Date.UTC(2024, 0, 31)) * 1000n;
    expect(addInterval(jan31, parseFrameInterval('1 mon'), 1)).toBe(BigInt(Date.UTC(2024, 1, 29)) * 1000n);
    expect(addInterval(jan31, parseFrameInterval('1 day 1 hour'), -1)).toBe(BigInt(Date.UTC(2024, 0, 29, 23)) * 1000n);
  });
});
