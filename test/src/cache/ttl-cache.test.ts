import { describe, expect, it } from 'vitest';
import { createTtlCache } from '../../../src/cache/ttl-cache.js';

describe('a cache of looked-up names and user facts', () => {
  it('answers a value until its time is up', () => {
    let now = 0;
    const cache = createTtlCache<string>(1000, 10, () => now);
    cache.set('a', 'Ada');
    now = 999;
    expect(cache.get('a')).toBe('Ada');
    now = 1000;
    expect(cache.get('a')).toBeUndefined();
  });

  it('forgets expired values as new ones arrive, so many people passing by are not kept for good', () => {
    let now = 0;
    const cache = createTtlCache<number>(1000, 100_000, () => now);
    for (let i = 0; i < 5000; i++) {
      now = i;
      cache.set(`user${i}`, i);
    }
    // Only the values of the last second remain.
    expect(cache.size).toBe(1000);
    expect(cache.get('user3999')).toBeUndefined();
    expect(cache.get('user4000')).toBe(4000);
  });

  it('holds at most maxEntries, dropping the oldest first; storing again makes a value young', () => {
    const cache = createTtlCache<number>(60_000, 3, () => 0);
    for (const k of ['a', 'b', 'c']) cache.set(k, 1);
    cache.set('a', 2);
    cache.set('d', 1);
    expect(cache.size).toBe(3);
    expect(['a', 'b', 'c', 'd'].map((k) => cache.get(k))).toEqual([2, undefined, 1, 1]);
  });
});
