import { describe, expect, it } from 'vitest';
import { byteToIndex, indexToPosition, locationToPosition, positionToIndex, utf8Length, Utf8Walker } from '../../src/sql/position.js';

const text = "a'é€😀'b";

describe('position conversions', () => {
  it('counts UTF-8 bytes like Buffer does', () => {
    for (const i of [0, 1, 2, 3, 4, 6, 7, 8]) {
      expect(utf8Length(text, 0, i)).toBe(Buffer.byteLength(text.slice(0, i)));
    }
  });

  it('maps byte offsets back to JS indexes', () => {
    const bytes = Buffer.from(text);
    for (const ch of ['a', 'é', '€', '😀', 'b']) {
      const byte = bytes.indexOf(Buffer.from(ch));
      expect(byteToIndex(text, byte)).toBe(text.indexOf(ch));
      expect(new Utf8Walker(text).indexAt(byte)).toBe(text.indexOf(ch));
    }
  });

  it('gives PostgreSQL positions in code points', () => {
    expect(indexToPosition(text, text.indexOf('b'))).toBe([...text].indexOf('b') + 1);
    expect(positionToIndex(text, [...text].indexOf('b') + 1)).toBe(text.indexOf('b'));
    expect(locationToPosition(text, Buffer.from(text).indexOf('b'))).toBe(7);
    expect(locationToPosition(text, -1)).toBeUndefined();
  });

  it('walks increasing offsets in one pass and restarts when asked to go back', () => {
    const w = new Utf8Walker(text);
    expect(w.indexAt(11)).toBe(text.indexOf("'", 2));
    expect(w.indexAt(1)).toBe(1);
  });
});
