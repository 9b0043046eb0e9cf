// Commits on their way to RocksDB: readers see the newest value of a key whether it came with an
// ordinary commit (copied key by key) or a bulk one (kept whole), and the row cache is told only
// of entries no later commit has overwritten.
import { describe, expect, it } from 'vitest';
import { InFlightRows } from '../../src/storage/in-flight-rows.js';

const v = (s: string): Buffer => Buffer.from(s);
const text = (b: Buffer | null | undefined): string | null | undefined => (b ? b.toString() : b);

describe('InFlightRows', () => {
  it('a bulk commit over an ordinary one wins, and an ordinary one after it wins again', () => {
    const f = new InFlightRows();
    const small = new Map([['a', v('a1')], ['b', v('b1')]]);
    const bulk = new Map([['a', v('a2')], ['c', v('c2')]]);
    const later = new Map([['c', v('c3')]]);
    f.publish(small, false);
    f.publish(bulk, true);
    expect([text(f.get('a')), text(f.get('b')), text(f.get('c'))]).toEqual(['a2', 'b1', 'c2']);
    f.publish(later, false);
    expect(text(f.get('c'))).toBe('c3');
    const landed: string[] = [];
    const note = (id: string, value: Buffer | null) => landed.push(`${id}=${text(value)}`);
    f.landed(small, note);
    f.landed(bulk, note);
    expect(landed).toEqual(['b=b1', 'a=a2']); // c2 was overwritten by c3, a1 by a2
    expect(text(f.get('c'))).toBe('c3');
    expect(f.get('a')).toBeUndefined();
    f.landed(later, note);
    expect(landed).toEqual(['b=b1', 'a=a2', 'c=c3']);
    expect(f.has('c')).toBe(false);
  });

  it('withdrawing a bulk commit whose log write failed brings back what it took over', () => {
    const f = new InFlightRows();
    f.publish(new Map([['a', v('a1')]]), false);
    const withdraw = f.publish(new Map([['a', v('a2')], ['d', null]]), true);
    expect(f.get('d')).toBeNull();
    withdraw();
    expect(text(f.get('a'))).toBe('a1');
    expect(f.has('d')).toBe(false);
  });

  it('overlays a key range with later commits over earlier ones', () => {
    const f = new InFlightRows();
    f.publish(new Map([['k1', v('old')], ['k2', v('x')], ['z', v('out')]]), true);
    f.publish(new Map([['k1', v('new')]]), false);
    const into = new Map<string, Buffer | null>();
    f.overlay('k', 'l', into);
    expect([...into].map(([k, b]) => `${k}=${text(b)}`).sort()).toEqual(['k1=new', 'k2=x']);
  });
});
