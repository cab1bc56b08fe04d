import type { createManualClock } from '../src/ports/clock.js';
import { silentLogger } from '../src/ports/logger.js';
import type { Stores } from '../src/store/index.js';
import type { TasteSeed } from '../src/store/taste-store.js';
import { AUTO_MIN_LIKED, hfOrder } from '../src/taste/rank.js';
import { createTaste, type TasteCaches } from '../src/taste/service.js';
import type { ReplayDay } from './taste-days.js';
import { mean, ndcg } from './taste-metrics.js';
import type { PersonaRun } from './taste.js';

/** What the cold-start replay found. */
export interface ColdFigures {
  lines: string[];
  /** rank:auto's nDCG@5 − HF order's with 3 votes. */
  autoMinusHf: number;
}

/** Team sizes tried: how many liked papers a team has. */
const SIZES = [1, 2, 3, 5, 8] as const;

const when = (day: string, hour: number) => Date.parse(`${day}T00:00:00Z`) + hour * 3_600_000;

/**
 * New teams: on every third day, for each persona, a team that has liked only its `n` most recent
 * papers (imported, as `paperfeed taste import` does) ranks the day; rank:team (the blend) and
 * rank:auto against HF order. What `AUTO_MIN_LIKED` is decided from.
 */
export async function coldStart(
  days: readonly ReplayDay[],
  runs: readonly PersonaRun[],
  stores: Stores,
  clock: ReturnType<typeof createManualClock>,
  caches: TasteCaches,
): Promise<ColdFigures> {
  const taste = createTaste({ stores, clock, logger: silentLogger, caches });
  const blend = new Map<number, number[]>(SIZES.map((n) => [n, []]));
  const auto = new Map<number, number[]>(SIZES.map((n) => [n, []]));
  const hf = new Map<number, number[]>(SIZES.map((n) => [n, []]));
  for (let i = 3; i < days.length; i += 3) {
    const day = days[i]!;
    clock.set(when(day.day, 8));
    const order = hfOrder(day.papers.map((p) => taste.corpus.seen(p))).map((p) => p.id);
    for (const run of runs) {
      const liked = new Set(run.votes[i]!.liked.keys());
      if (liked.size === 0) continue;
      const before = run.votes
        .slice(0, i)
        .flatMap((v, d) => [...v.liked].map(([id, voters]) => ({ id, voters, day: days[d]!.day })))
        .sort((a, b) => b.day.localeCompare(a.day) || (a.id < b.id ? -1 : 1));
      for (const n of SIZES) {
        if (before.length < n) continue;
        const team = `discord:cold-${run.persona.name}-${day.day}-${n}`;
        const seeds = new Map<string, TasteSeed>(
          before.slice(0, n).map((b) => [b.id, { kind: 'liked', votes: b.voters, at: when(b.day, 14) }]),
        );
        await stores.taste.seed(team, seeds);
        const team_ = await taste.rank(team, day.day, day.papers, 'team');
        const auto_ = await taste.rank(team, day.day, day.papers, 'auto');
        blend.get(n)!.push(
          ndcg(
            team_.placed.map((p) => p.id),
            liked,
          )!,
        );
        auto.get(n)!.push(
          ndcg(
            auto_.placed.map((p) => p.id),
            liked,
          )!,
        );
        hf.get(n)!.push(ndcg(order, liked)!);
      }
    }
  }
  const f = (x: number) => x.toFixed(3);
  const d = (n: number, m: Map<number, number[]>) => mean(m.get(n)!) - mean(hf.get(n)!);
  const sign = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;
  return {
    autoMinusHf: d(3, auto),
    lines: [
      `taste: cold start (3 liked papers, ${hf.get(3)!.length} new team-days): nDCG@5 rank:auto ${f(mean(auto.get(3)!))} (${sign(d(3, auto))} vs HF), blend ${f(mean(blend.get(3)!))} (${sign(d(3, blend))}), HF ${f(mean(hf.get(3)!))}`,
      `taste: blend − HF order by liked papers: ${SIZES.map((n) => `${n}: ${sign(d(n, blend))}`).join(', ')}; rank:auto uses the blend from ${AUTO_MIN_LIKED}`,
    ],
  };
}
