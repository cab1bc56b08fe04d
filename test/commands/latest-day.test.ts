import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../commands/index.js';
import type { ArxivClient } from '../../src/upstream/arxiv/client.js';
import { createManualClock } from '../../src/ports/clock.js';
import type { Delivery, DeliveryRequest } from '../../src/delivery/delivery.js';
import { createFeed } from '../../src/papers/feed.js';
import { createHfClient } from '../../src/upstream/hf/client.js';
import { silentLogger } from '../../src/ports/logger.js';
import { createMemoryBackend } from '../../src/store/memory-backend.js';
import { createHfFake, fixtureDay, type HfFake } from '../fakes/hf-fake.js';
import { commandContext } from '../support/command-context.js';

let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());
beforeEach(() => {
  hf.requests.length = 0;
  hf.days.clear();
});

const noArxiv: ArxivClient = { paper: async () => undefined, papers: async () => [], search: async () => [] };

/** `today` and `digest` as a channel admin at `now`, over a real feed reading the HF fake. */
function rig(now: string) {
  const backend = createMemoryBackend();
  const clock = createManualClock(now);
  const ctx = commandContext(backend, { clock });
  const feed = createFeed({
    hf: createHfClient({ baseUrl: hf.url, logger: silentLogger, retries: 0 }),
    arxiv: noArxiv,
    papers: ctx.stores.papers,
    clock,
    logger: silentLogger,
  });
  const posted: DeliveryRequest[] = [];
  const delivery = {
    postDigest: async (req: DeliveryRequest) => (posted.push(req), { status: 'posted', papers: 5, resumed: false }),
  } as unknown as Delivery;
  Object.assign(ctx, { feed, delivery });
  return { ctx, posted };
}

const askedDays = () => hf.requests.filter((r) => r.path === '/api/daily_papers').map((r) => r.query.get('date'));

describe('today and digest without a date', () => {
  it("show Friday's papers on a Monday morning, walking back over the weekend", async () => {
    hf.days.set('2026-06-12', fixtureDay());
    const { ctx, posted } = rig('2026-06-15T12:00:00Z'); // 08:00 in New York: Monday's list is still empty
    expect((await runCommand('today', {}, ctx)).text).toBe('Top 5 of 30 papers on 2026-06-12:');
    expect(askedDays()).toEqual(['2026-06-15', '2026-06-14', '2026-06-13', '2026-06-12']);
    expect((await runCommand('digest', {}, ctx)).text).toBe('Posted the 2026-06-12 digest here: 5 papers.');
    expect(posted.map((r) => r.day)).toEqual(['2026-06-12']);
  });

  it('skip an empty Friday before a weekend (a holiday) and show Thursday', async () => {
    hf.days.set('2026-06-11', fixtureDay());
    const { ctx } = rig('2026-06-14T15:00:00Z'); // Sunday
    expect((await runCommand('today', {}, ctx)).text).toBe('Top 5 of 30 papers on 2026-06-11:');
  });

  it('skip an empty Tuesday evening and show Monday', async () => {
    hf.days.set('2026-06-15', fixtureDay());
    const { ctx } = rig('2026-06-16T23:00:00Z'); // 19:00 in New York, nothing featured on Tuesday
    expect((await runCommand('today', {}, ctx)).text).toBe('Top 5 of 30 papers on 2026-06-15:');
  });

  it("show today's papers once today's list has some, without looking further back", async () => {
    hf.days.set('2026-06-12', fixtureDay());
    const { ctx } = rig('2026-06-12T20:00:00Z');
    expect((await runCommand('today', {}, ctx)).text).toBe('Top 5 of 30 papers on 2026-06-12:');
    expect(askedDays()).toEqual(['2026-06-12']);
  });

  it('look back at most a week, then say that today has no papers', async () => {
    hf.days.set('2026-06-12', fixtureDay());
    const { ctx } = rig('2026-06-22T12:00:00Z'); // ten days later
    expect((await runCommand('today', {}, ctx)).text).toMatch(
      /^No papers were featured on Hugging Face Daily Papers for 2026-06-22/,
    );
    expect(askedDays()).toHaveLength(8);
  });

  it('show the date asked for, even when it is empty', async () => {
    hf.days.set('2026-06-12', fixtureDay());
    const { ctx } = rig('2026-06-15T12:00:00Z');
    expect((await runCommand('today', { date: '2026-06-13' }, ctx)).text).toMatch(
      /^No papers were featured .* for 2026-06-13/,
    );
  });
});
