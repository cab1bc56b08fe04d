import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { handleReaction } from '../adapters/discord/reactions.js';
import { handleSlackReaction } from '../adapters/slack/reactions.js';
import { silentLogger } from '../src/ports/logger.js';
import { systemClock } from '../src/ports/clock.js';
import { createReceiptOrders, type ReceiptOrders } from '../src/votes/receipt-order.js';
import { createVoteIntake, type VoteIntake } from '../src/votes/vote-intake.js';
import type { Backend } from '../src/store/backend.js';
import { createStores, type Stores } from '../src/store/index.js';
import { seeded } from '../test/support/store-faults.js';
import { benchBackends } from './backends.js';
import { leaderboardBench } from './votes-board.js';

const DAY = '2026-06-11';
const PAPERS = 50;
const USERS = 2000;
const EVENTS = 20_000;
const CONCURRENCY = 32;

interface Event {
  seq: number;
  user: number;
  paper: number;
  present: boolean;
}

/** Posts the 50 papers in a Discord channel and a Slack channel, so reactions on them count. */
async function postPapers(stores: Stores) {
  for (const [platform, team, channel] of [
    ['discord', 'discord:g1', 'c1'],
    ['slack', 'slack:T1', 'C1'],
  ] as const) {
    const key = `${platform}:${channel}`;
    await stores.ledger.begin(key, DAY, {
      day: DAY,
      team,
      kind: 'digest',
      paperIds: Array.from({ length: PAPERS }, (_, p) => `p${p}`),
      header: '',
      createdAt: 1,
      by: 'schedule',
    });
    for (let p = 0; p < PAPERS; p++)
      await stores.ledger.landed(key, DAY, `p${p}`, {
        platform,
        channelId: channel,
        messageId: messageId(platform, p),
      });
  }
}
const messageId = (platform: 'discord' | 'slack', p: number) =>
  platform === 'discord' ? `9${String(p).padStart(17, '0')}` : `1781258000.${String(p).padStart(6, '0')}`;

/** One instance of the bot: its vote intake and its Discord order source (an epoch from the store). */
interface Instance {
  votes: VoteIntake;
  orders: ReceiptOrders;
}

async function instanceOn(stores: Stores): Promise<Instance> {
  return {
    votes: createVoteIntake({ stores, logger: silentLogger, clock: systemClock }),
    orders: await createReceiptOrders({ takeEpoch: () => stores.votes.nextOrderEpoch(), logger: silentLogger }),
  };
}

/** Users below 1,000 are Discord users, the rest Slack users; each event goes through its adapter's handler. */
function handle(e: Event, instance: Instance): Promise<void> {
  const deps = { votes: instance.votes, voteEmoji: '👍', now: Date.now };
  const change = e.present ? 'add' : 'remove';
  if (e.user < USERS / 2) {
    const reaction = {
      emoji: { name: '👍', id: null, toString: () => '👍' },
      message: { channelId: 'c1', id: messageId('discord', e.paper) },
    };
    return handleReaction(
      change,
      reaction as never,
      { bot: false, id: String(500000000000000000n + BigInt(e.user)) } as never,
      { ...deps, orders: instance.orders, botUserId: () => 'bot' },
    );
  }
  const eventTs = `${1781258400 + Math.floor(e.seq / 1e6)}.${String(e.seq % 1e6).padStart(6, '0')}`;
  return handleSlackReaction(
    change,
    {
      user: `U${e.user}`,
      reaction: '+1',
      item: { type: 'message', channel: 'C1', ts: messageId('slack', e.paper) },
      event_ts: eventTs,
    },
    { teamId: 'T1', botUserId: 'UBOT' },
    deps,
  );
}

/** Runs one instance's events in arrival order, `CONCURRENCY` handlers at a time (an event loop serving a busy gateway or HTTP receiver). */
async function drain(events: Event[], stores: Stores): Promise<number> {
  const instance = await instanceOn(stores);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < events.length) await handle(events[next++]!, instance);
    }),
  );
  return performance.now() - started;
}

/**
 * 20,000 adds and removes by 2,000 users on 50 papers through handleReaction / handleSlackReaction
 * with real stores, split over `instances` sharing one store: a Discord user's events reach one
 * instance (as a shard's do), a Slack user's either (Slack delivers to any instance behind the
 * load balancer). Counts and per-voter totals are checked against the replayed truth.
 */
async function ingestion(open: () => Promise<Backend>, instances: number, seed: number) {
  const random = seeded(seed);
  const backends = await Promise.all(Array.from({ length: instances }, open));
  const stores = backends.map((b) => createStores(b));
  await postPapers(stores[0]!);
  const queues: Event[][] = stores.map(() => []);
  const truth = new Map<string, boolean>();
  for (let seq = 1; seq <= EVENTS; seq++) {
    const e: Event = {
      seq,
      user: Math.floor(random() * USERS),
      paper: Math.floor(random() * PAPERS),
      present: random() < 0.6,
    };
    const to = e.user < USERS / 2 ? e.user % instances : Math.floor(random() * instances);
    queues[to]!.push(e);
    truth.set(`${e.user}:${e.paper}`, e.present);
  }
  const times = await Promise.all(queues.map((q, i) => drain(q, stores[i]!)));
  let wrong = 0;
  let votes = 0;
  const voterTotals = new Map<string, number>();
  for (const [team, low] of [
    ['discord:g1', true],
    ['slack:T1', false],
  ] as const) {
    const want = new Array<number>(PAPERS).fill(0);
    for (const [k, present] of truth) {
      const [u, p] = k.split(':').map(Number) as [number, number];
      if (!present || u < USERS / 2 !== low) continue;
      want[p]! += 1;
      const voter = low ? `discord:${500000000000000000n + BigInt(u)}` : `slack:U${u}`;
      voterTotals.set(voter, (voterTotals.get(voter) ?? 0) + 1);
    }
    const got = await stores[0]!.votes.counts(
      team,
      want.map((_, p) => `p${p}`),
    );
    wrong += got.filter((n, p) => n !== want[p]).length;
    votes += want.reduce((n, v) => n + v, 0);
    const totals = await stores[0]!.votes.voterTotals(team);
    for (const [v, n] of voterTotals) if (v.startsWith(team.split(':')[0]!) && totals.get(v) !== n) wrong++;
  }
  await backends[0]!.clear();
  await Promise.all(backends.map((b) => b.close()));
  return {
    perSecond: queues.map((q, i) => q.length / (times[i]! / 1000)),
    sizes: queues.map((q) => q.length),
    votes,
    wrong,
  };
}

export async function benchVotes(): Promise<string[]> {
  const lines: string[] = [];
  for (const b of await benchBackends()) {
    if (b.skip) {
      lines.push(`votes on ${b.name}: skipped, ${b.skip}`);
      continue;
    }
    const ns = `bench-votes-${randomUUID()}`;
    const instances = b.shared ? 2 : 1;
    const r = await ingestion(() => b.open(ns), instances, 17);
    lines.push(
      `vote ingestion on ${b.name}: ${EVENTS.toLocaleString('en')} reaction events (adds and removes, ${USERS.toLocaleString('en')} users, ${PAPERS} papers) through the adapters' handlers, ` +
        `${instances} instance${instances > 1 ? 's' : ''}: ${r.perSecond.map((v, i) => `${v.toFixed(0)} events/s (${r.sizes[i]} events)`).join(' and ')}; ` +
        `${r.votes} votes, ${r.wrong} paper counts or voter totals differ from the replayed truth`,
    );
    lines.push(...(await leaderboardBench(b.name, () => b.open(`${ns}-board`))));
  }
  return lines;
}
