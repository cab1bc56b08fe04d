import { describe, expect, it } from 'vitest';
import { runCommand } from '../../commands/index.js';
import { createMemoryBackend } from '../../src/store/memory-backend.js';
import { commandContext } from '../support/command-context.js';

describe('arXiv feeds in the commands', () => {
  it('subscribe stores the categories as arXiv spells them, sorted, and switches back with source:hf', async () => {
    const ctx = commandContext(createMemoryBackend());
    const r = await runCommand(
      'subscribe',
      { source: 'arxiv', categories: 'CS.ro, q-bio.nc cs.RO', include: 'new' },
      ctx,
    );
    expect(r.text).toMatch(/Subscribed: up to 5 new papers of each arXiv announcement in cs\.RO, q-bio\.NC/);
    expect((await ctx.stores.subscriptions.get(ctx.channel))?.arxiv).toEqual({
      categories: ['cs.RO', 'q-bio.NC'],
      include: 'new',
    });
    // Later changes keep the source; source:hf makes it a Hugging Face feed again.
    await runCommand('subscribe', { time: '10:00' }, ctx);
    expect((await ctx.stores.subscriptions.get(ctx.channel))?.arxiv?.categories).toEqual(['cs.RO', 'q-bio.NC']);
    const back = await runCommand('subscribe', { source: 'hf' }, ctx);
    expect(back.text).toMatch(/Updated: top 5 of the previous day's Daily Papers/);
    expect((await ctx.stores.subscriptions.get(ctx.channel))?.arxiv).toBeUndefined();
  });

  it('settings says an arXiv feed waits for a late listing, and on what schedule it posts', async () => {
    const ctx = commandContext(createMemoryBackend());
    await runCommand('subscribe', { source: 'arxiv', categories: 'cs.RO' }, ctx);
    await ctx.stores.subscriptions.update(
      ctx.channel,
      (s) =>
        s && { ...s, waiting: { day: '2026-06-12', since: '2026-06-12T07:00:00Z', checked: '2026-06-12T07:10:00Z' } },
    );
    const text = (await runCommand('settings', {}, ctx)).text;
    expect(text).toMatch(/arXiv announces Sunday to Thursday at 20:00 New York time/);
    expect(text).toMatch(/Waiting for arXiv's listing of cs\.RO: it still shows an older announcement/);
  });

  it('digest refuses a date for an arXiv main feed, saying where stored announcements are', async () => {
    const ctx = commandContext(createMemoryBackend());
    await runCommand('subscribe', { source: 'arxiv', categories: 'cs.RO' }, ctx);
    expect((await runCommand('digest', { date: '2026-06-11' }, ctx)).text).toMatch(
      /follows arXiv, which posts its latest announcement: leave the date out/,
    );
  });

  it('caps categories at 10 and names what is wrong', async () => {
    const ctx = commandContext(createMemoryBackend());
    const many = 'cs.AI,cs.CL,cs.CV,cs.LG,cs.RO,cs.NE,cs.IR,cs.HC,cs.MA,cs.SE,stat.ML';
    expect((await runCommand('subscribe', { source: 'arxiv', categories: many }, ctx)).text).toMatch(
      /follows at most 10 categories; 11 were given/,
    );
    expect((await runCommand('subscribe', { source: 'arxiv', categories: ' , ' }, ctx)).text).toMatch(
      /needs at least one arXiv category/,
    );
    expect((await runCommand('subscribe', { source: 'arxiv', categories: 'cs.RO', day: 'current' }, ctx)).text).toMatch(
      /an arXiv feed posts the latest arXiv announcement/,
    );
    expect(await ctx.stores.subscriptions.list()).toEqual([]);
  });
});
