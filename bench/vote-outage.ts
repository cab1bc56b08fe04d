import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRedisBackend } from '../src/store/redis-backend.js';
import { createHfFake } from '../test/fakes/hf-fake.js';
import { redisServerMissing, startRedisServer } from '../test/support/redis-server.js';
import { seeded } from '../test/support/store-faults.js';
import { startVoteRig, toggles, truthOf } from '../test/support/vote-rig.js';

const OUTAGE_MS = 20_000;
const PEOPLE = 100; // per platform
const BATCHES = 40;

/**
 * Votes during a 20 s Redis outage, counted after it: a private redis-server (saving its data
 * when stopped, as a production one does) is stopped; 100 Discord and 100 Slack users toggle their
 * votes through the real discord.js and Bolt against the local fakes, spread over the 20 s; Redis
 * is started again. Prints the stored counts against the truth, and how long after Redis listened
 * again the kept votes were all applied.
 */
export async function benchVoteOutage(): Promise<string[]> {
  const missing = redisServerMissing();
  if (missing) return [`vote outage: skipped, ${missing}`];
  const hf = await createHfFake();
  const redis = await startRedisServer({ persistent: true });
  const backend = await createRedisBackend(redis.url, { namespace: `bench-outage-${randomUUID()}` });
  const rig = await startVoteRig(hf, backend);
  try {
    const steps = toggles(seeded(7), PEOPLE);
    const per = Math.ceil(steps.length / BATCHES);
    await redis.stop();
    const down = performance.now();
    for (let b = 0; b < BATCHES; b++) {
      await Promise.all(steps.slice(b * per, (b + 1) * per).map((s) => rig.prepare(s)()));
      await sleep(Math.max(0, down + ((b + 1) * OUTAGE_MS) / BATCHES - performance.now()));
    }
    const kept = rig.pending();
    await redis.start();
    const up = performance.now();
    const truth = truthOf(steps);
    let counts = { discord: -1, slack: -1 };
    while (performance.now() - up < 60_000) {
      counts = await rig.counts().catch(() => counts);
      if (rig.pending() === 0 && counts.discord === truth.discord && counts.slack === truth.slack) break;
      await sleep(100);
    }
    const appliedMs = performance.now() - up;
    const dropped = [rig.discordBot.logger, rig.slackBot.logger]
      .flatMap((l) => l.entries)
      .filter((e) => e.msg === 'kept votes applied')
      .reduce((n, e) => n + Number((e.ctx as { dropped?: number } | undefined)?.dropped ?? 0), 0);
    const exact = counts.discord === truth.discord && counts.slack === truth.slack;
    return [
      `vote outage: Redis stopped ${(OUTAGE_MS / 1000).toFixed(0)} s; ${steps.length} reaction events by ${2 * PEOPLE} people ` +
        `(Discord and Slack, through discord.js and Bolt) during it, ${kept} kept; counted after it: ` +
        `Discord ${counts.discord} stored / ${truth.discord} truth, Slack ${counts.slack} stored / ${truth.slack} truth ` +
        `(${exact ? 'exact' : 'NOT exact'}), ${dropped} dropped, ${rig.pending()} still waiting; ` +
        `all applied ${(appliedMs / 1000).toFixed(1)} s after Redis listened again`,
    ];
  } finally {
    await rig.stop();
    await backend.clear().catch(() => undefined);
    await backend.close();
    await redis.close();
    await hf.close();
  }
}
