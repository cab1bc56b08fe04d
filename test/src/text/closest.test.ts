import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../../src/text/closest.js';

describe('did you mean', () => {
  it.each([
    ['wekly', 'weekly', 1],
    ['tiem', 'time', 1],
    ['berlin', 'berlin', 0],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('counts %j → %j as %i edits (a swap of neighbours is one)', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it('suggests the close candidate, ignoring case, and nothing when none is close', () => {
    expect(closest('wekly', ['daily', 'weekly', 'monthly'])).toBe('weekly');
    expect(closest('LAYOT', ['layout', 'count'])).toBe('layout');
    expect(closest('xyz', ['daily', 'weekly'])).toBeUndefined();
    // One mistake in a short word, not two: "ab" is not "id".
    expect(closest('ab', ['id'])).toBeUndefined();
  });

  it('compares a part of each candidate when asked, such as a time zone’s city', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    const city = (z: string) => z.slice(z.lastIndexOf('/') + 1).replace(/_/g, ' ');
    expect(closest('berlin', zones, city)).toBe('Europe/Berlin');
    expect(closest('new yrok', zones, city)).toBe('America/New_York');
  });

  it('is quick enough to run on every mistake: all time zones in well under a millisecond', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    const started = performance.now();
    for (let i = 0; i < 200; i++) closest('berlni', zones);
    const perCall = (performance.now() - started) / 200;
    expect(perCall).toBeLessThan(2); // about 0.04 ms on the 2-core test machine
  });
});
