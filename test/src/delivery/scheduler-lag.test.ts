import { afterEach, describe, expect, it } from 'vitest';
import { observePoster } from '../../../src/delivery/observed-poster.js';
import { DEFAULT_DIGEST_SETTINGS } from '../../../src/model.js';
import { silentLogger } from '../../../src/ports/logger.js';
import { noMetrics, type Metrics } from '../../../src/ports/metrics.js';
import { backendCases } from '../../support/backends.js';
import { channel, startInstance } from '../../support/delivery-rig.js';
import { createFakeChannels } from '../../support/fake-channels.js';
import { createFakeClock } from '../../support/fake-clock.js';

const { open, cleanup } = backendCases()[0]!; // memory
afterEach(() => cleanup());

describe('scheduler lag: the due time travels with the post', () => {
  it("measures a scheduled digest once, on its first landed message, and an admin's digest not at all", async () => {
    const clock = createFakeClock('2026-06-12T07:00:30Z');
    const lags: number[] = [];
    const metrics: Metrics = { ...noMetrics, schedulerLag: (_platform, ms) => void lags.push(ms) };
    const chat = createFakeChannels();
    const poster = observePoster(chat.poster('a'), 'discord', { metrics, logger: silentLogger, clock });
    const { delivery } = startInstance(await open(undefined, { clock }), { clock, poster });
    const request = { channel: channel('c1'), settings: DEFAULT_DIGEST_SETTINGS };
    const dueAt = Date.parse('2026-06-12T07:00:00Z');
    await delivery.postDigest({ ...request, day: '2026-06-11', by: 'schedule', dueAt });
    expect(chat.in('c1').length).toBeGreaterThan(1);
    expect(lags).toEqual([30_000]);
    await delivery.postDigest({ ...request, day: '2026-06-10', by: 'discord:admin' });
    expect(lags).toEqual([30_000]);
  });
});
