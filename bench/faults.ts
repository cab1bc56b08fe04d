import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createManualClock } from '../src/ports/clock.js';
import type { DeliveryRequest } from '../src/delivery/delivery.js';
import { silentLogger } from '../src/ports/logger.js';
import { DEFAULT_DIGEST_SETTINGS, type MessageRef } from '../src/model.js';
import type { Backend } from '../src/store/backend.js';
import { createStores, type Stores } from '../src/store/index.js';
import { createPostgresBackend } from '../src/store/postgres-backend.js';
import { createRedisBackend } from '../src/store/redis-backend.js';
import { applyVote } from '../src/votes/votes.js';
import { channel, startInstance } from '../test/support/delivery-rig.js';
import { createFakeChannels, never, type AfterPost } from '../test/support/fake-channels.js';
import { jittery, killable, seeded, sleep } from '../test/support/store-faults.js';

const DAY = '2026-06-11';
const SLOTS = 6; // a header and five papers
const LEASE_MS = 250;
type Fault = 'none' | 'lost answer' | 'held answer' | 'killed holder' | 'concurrent runs';
const FAULTS: Fault[] = ['none', 'lost answer', 'held answer', 'killed holder', 'concurrent runs'];

/**
 * Digests posted under randomly injected faults by two instances sharing one store: answers lost
 * after the post landed, answers held past a lease renewal, a holder killed with a post in flight,
 * manual and scheduled runs at once. Counts what each channel shows against what it should.
 */
async function faultyDigests(open: () => Promise<Backend>, digests: number, seed: number) {
  const random = seeded(seed);
  const chat = createFakeChannels();
  const clock = createManualClock('2026-06-12T07:00:00Z');
  const [a, b] = [await open(), await open()];
  const counts = new Map<Fault, number>();
  const started = performance.now();
  const one = async (i: number) => {
    const id = `f${i}-${randomUUID().slice(0, 6)}`;
    const fault = FAULTS[Math.floor(random() * FAULTS.length)]!;
    counts.set(fault, (counts.get(fault) ?? 0) + 1);
    const at = Math.floor(random() * SLOTS);
    const req: DeliveryRequest = {
      channel: channel(id),
      day: DAY,
      settings: { ...DEFAULT_DIGEST_SETTINGS },
      by: 'schedule',
    };
    const healthy = (backend: Backend, by: string) =>
      startInstance(backend, { clock, poster: chat.poster(by), leaseMs: LEASE_MS });
    if (fault === 'killed holder') {
      const dying = killable(a);
      const after: AfterPost = (n) => (n === at ? (dying.kill(), never()) : undefined);
      void startInstance(dying.backend, {
        clock,
        poster: chat.poster('killed', undefined, { after }),
        leaseMs: LEASE_MS,
      })
        .delivery.postDigest(req)
        .catch(() => undefined);
    } else if (fault === 'lost answer' || fault === 'held answer') {
      const after: AfterPost = (n) =>
        n !== at
          ? undefined
          : fault === 'lost answer'
            ? Promise.reject(new Error('socket hang up'))
            : sleep(LEASE_MS * 1.5);
      await startInstance(a, { clock, poster: chat.poster('faulty', undefined, { after }), leaseMs: LEASE_MS })
        .delivery.postDigest(req)
        .catch(() => undefined);
    } else if (fault === 'concurrent runs') {
      await Promise.all([
        healthy(a, 'a').delivery.postDigest(req),
        healthy(b, 'b').delivery.postDigest({ ...req, by: 'discord:admin' }),
        healthy(a, 'a2').delivery.postDigest(req),
      ]);
    }
    // Whoever comes next (the schedule's next tick on either instance) finishes the day.
    for (let tries = 0; tries < 100; tries++) {
      const outcome = await healthy(random() < 0.5 ? a : b, 'retry')
        .delivery.postDigest(req)
        .catch(() => ({ status: 'error' }));
      if (outcome.status === 'posted' || outcome.status === 'already') break;
      await sleep(LEASE_MS / 3);
    }
    const slots = chat.in(id).map((p) => (p.kind === 'header' ? 'header' : p.text));
    return { duplicates: slots.length - new Set(slots).size, missing: SLOTS - new Set(slots).size };
  };
  const results: { duplicates: number; missing: number }[] = [];
  for (let i = 0; i < digests; i += 25)
    results.push(...(await Promise.all(Array.from({ length: Math.min(25, digests - i) }, (_, k) => one(i + k)))));
  const wallMs = performance.now() - started;
  await a.clear();
  await Promise.all([a.close(), b.close()]);
  return {
    posted: chat.posts.length,
    expected: digests * SLOTS,
    duplicates: results.reduce((n, r) => n + r.duplicates, 0),
    missing: results.reduce((n, r) => n + r.missing, 0),
    wallMs,
    mix: [...counts].map(([f, n]) => `${n} ${f}`).join(', '),
  };
}

/** Add/remove events per user, interleaved, from two instances through reordering pools; counts against the replayed truth. */
async function reactionStorm(
  open: () => Promise<Backend>,
  users: number,
  papers: number,
  eventsPerUser: number,
  seed: number,
) {
  const random = seeded(seed);
  const [a, b] = [await open(), await open()];
  const stores: Stores[] = [createStores(jittery(a, random, 2)), createStores(jittery(b, random, 2))];
  const refs: MessageRef[] = [];
  const setup = createStores(a);
  for (let p = 0; p < papers; p++) {
    const key = `discord:storm${p}`;
    await setup.ledger.begin(key, DAY, {
      day: DAY,
      team: 'discord:g1',
      kind: 'digest',
      paperIds: [`p${p}`],
      header: '',
      createdAt: 1,
      by: 'schedule',
    });
    const ref: MessageRef = { platform: 'discord', channelId: `storm${p}`, messageId: `m${p}` };
    await setup.ledger.landed(key, DAY, `p${p}`, ref);
    refs.push(ref);
  }
  const truth = new Map<string, boolean>();
  const events: { present: boolean; ref: MessageRef; voter: string; order: number; paper: number }[] = [];
  let order = 1;
  for (let u = 0; u < users; u++) {
    for (let e = 0; e < eventsPerUser; e++) {
      const paper = Math.floor(random() * papers);
      const present = random() < 0.6;
      events.push({ present, ref: refs[paper]!, voter: `discord:u${u}`, order: order++, paper });
      truth.set(`${u}:${paper}`, present);
    }
  }
  const started = performance.now();
  for (let i = 0; i < events.length; i += 500) {
    await Promise.all(
      events
        .slice(i, i + 500)
        .map((e) =>
          applyVote(
            { ...e, emoji: '👍' },
            { stores: stores[Math.floor(random() * 2)]!, logger: silentLogger, now: () => e.order },
          ),
        ),
    );
  }
  const seconds = (performance.now() - started) / 1000;
  const want = new Map<string, number>();
  for (const [k, present] of truth)
    if (present) want.set(`p${k.split(':')[1]}`, (want.get(`p${k.split(':')[1]}`) ?? 0) + 1);
  let wrong = 0;
  for (let p = 0; p < papers; p++)
    if ((await setup.votes.count('discord:g1', `p${p}`)) !== (want.get(`p${p}`) ?? 0)) wrong++;
  const total = [...want.values()].reduce((n, v) => n + v, 0);
  await a.clear();
  await Promise.all([a.close(), b.close()]);
  return { events: events.length, perSecond: events.length / seconds, wrong, total };
}

export async function benchFaults(): Promise<string[]> {
  const lines: string[] = [];
  const stores: [string, string | undefined, (url: string, ns: string) => Promise<Backend>][] = [
    [
      'redis',
      process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      (url, ns) => createRedisBackend(url, { namespace: ns }),
    ],
    [
      'postgres',
      process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      (url, ns) => createPostgresBackend(url, { namespace: ns }),
    ],
  ];
  for (const [name, url, create] of stores) {
    const ns = `bench-faults-${randomUUID()}`;
    const open = () => create(url!, ns);
    try {
      await (await open()).close();
    } catch (error) {
      lines.push(
        `faults on ${name}: skipped, no server at ${url} (${error instanceof Error ? error.message : String(error)})`,
      );
      continue;
    }
    const f = await faultyDigests(open, 200, 42);
    lines.push(
      `faults on ${name}: 200 digests by two instances under injected faults (${f.mix}): ${f.posted} messages posted of ${f.expected} expected, ` +
        `${f.duplicates} duplicates, ${f.missing} missing, in ${(f.wallMs / 1000).toFixed(1)} s`,
    );
    const s = await reactionStorm(() => create(url!, `${ns}-storm`), 1000, 20, 10, 7);
    lines.push(
      `reaction storm on ${name}: ${s.events} interleaved adds/removes by 1,000 users on 20 papers from two instances through reordering pools: ` +
        `${s.perSecond.toFixed(0)} events/s, ${s.total} votes, ${s.wrong} of 20 paper counts differ from the replayed truth`,
    );
  }
  return lines;
}
