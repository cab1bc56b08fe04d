import { describe, expect, it } from 'vitest';
import { createSpacedLane } from '../../../src/upstream/paced-queue.js';
import { createFakeClock } from '../../support/fake-clock.js';

describe('spaced lane (arXiv requests, posts to one Slack channel)', () => {
  it('starts the next task only once the gap has passed on the clock after the previous one ended', async () => {
    const clock = createFakeClock('2026-06-12T12:00:00Z');
    const lane = createSpacedLane(3000, clock);
    const started: number[] = [];
    const task = (n: number) => lane(async () => void started.push(n));
    const all = Promise.all([task(1), task(2), task(3)]);
    await clock.advance(0);
    expect(started).toEqual([1]);
    await clock.advance(2999);
    expect(started).toEqual([1]);
    await clock.advance(1);
    expect(started).toEqual([1, 2]);
    await clock.advance(3000);
    await all;
    expect(started).toEqual([1, 2, 3]);
  });

  it('keeps the gap after a task that failed, and passes the failure to its caller', async () => {
    const clock = createFakeClock('2026-06-12T12:00:00Z');
    const lane = createSpacedLane(1000, clock);
    const failed = lane(async () => Promise.reject(new Error('arXiv answered 503')));
    const next = lane(async () => 'second');
    await expect(failed).rejects.toThrow('arXiv answered 503');
    expect(clock.pending()).toBe(1);
    await clock.advance(1000);
    await expect(next).resolves.toBe('second');
  });
});
