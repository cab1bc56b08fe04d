import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Paper } from '../src/model.js';
import { createManualClock } from '../src/ports/clock.js';
import { silentLogger } from '../src/ports/logger.js';
import { createStores, openBackend, type Stores } from '../src/store/index.js';
import { AUTO_MIN_LIKED, hfOrder } from '../src/taste/rank.js';
import { createTaste, createTasteCaches, type Taste, type TasteCaches } from '../src/taste/service.js';
import { dot } from '../src/taste/vectors.js';
import { ms, percentile } from './machine.js';
import { daysDir, loadDays, type ReplayDay } from './taste-days.js';
import { aucs, bootstrap, hit, mean, ndcg } from './taste-metrics.js';
import { PERSONAS, rng, votesOf, type DayVotes, type Persona } from './taste-personas.js';
import { coldStart, type ColdFigures } from './taste-cold.js';

/** When a day's list is ranked (08:00 UTC) and when its votes come in (14:00 UTC). */
export const at = (day: string, hour: number): number => Date.parse(`${day}T00:00:00Z`) + hour * 3_600_000;

const f3 = (x: number) => x.toFixed(3);
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;

/** One ranking's figures over persona-days. */
interface Figures {
  ndcg: number[];
  hits: number[];
  aucs: number[];
}
const figures = (): Figures => ({ ndcg: [], hits: [], aucs: [] });
const record = (f: Figures, order: readonly string[], liked: ReadonlySet<string>) => {
  f.ndcg.push(ndcg(order, liked)!);
  f.hits.push(hit(order, liked));
  f.aucs.push(...aucs(order, liked));
};

/** Everything one persona saw and did. */
interface PersonaRun {
  persona: Persona;
  team: string;
  votes: DayVotes[];
  team_: Figures;
  hf: Figures;
  meanSim: Figures;
  /** Liked papers so far, for the mean-similarity baseline. */
  liked: Paper[];
  lambda: number[];
}

/** Votes, "not interested" marks and posts, written as the bot writes them. */
async function castVotes(
  stores: Stores,
  run: PersonaRun,
  day: ReplayDay,
  v: DayVotes,
  shown: readonly string[],
  order: number,
) {
  const when = at(day.day, 14);
  for (const [paperId, voters] of v.liked) {
    for (let k = 0; k < voters; k++) {
      const identity = `discord:${run.persona.name}-${k}`;
      await stores.votes.react({
        team: run.team,
        paperId,
        identity,
        reaction: `discord:C1:${paperId}:👍`,
        present: true,
        order: order + k,
        at: when,
      });
    }
  }
  for (const paperId of v.notInterested)
    await stores.taste.markNotInterested(run.team, paperId, `discord:${run.persona.name}-0`, true, order, when);
  // The five the team's feed posted are the papers it was shown.
  for (const paperId of shown) await stores.votes.notePosted(run.team, paperId, at(day.day, 9));
  if (v.liked.size) await stores.taste.touch(run.team);
}

/** Mean cosine similarity to every liked paper so far (zotero-arxiv-daily's and SI's baseline), ties by id. */
function meanSimilarityOrder(taste: Taste, papers: readonly Paper[], liked: readonly Paper[]): string[] {
  const { corpus } = taste;
  const likedVectors = liked.map((p) => corpus.vector(corpus.seen(p)));
  return papers
    .map((p) => {
      const v = corpus.vector(corpus.seen(p));
      return { id: p.id, s: mean(likedVectors.map((l) => dot(l, v))) };
    })
    .sort((a, b) => b.s - a.s || (a.id < b.id ? -1 : 1))
    .map((x) => x.id);
}

/** A second instance over the same store and corpus, without the first one's in-process rankings and models. */
const fresh = (stores: Stores, clock: ReturnType<typeof createManualClock>, caches: TasteCaches) =>
  createTaste({
    stores,
    clock,
    logger: silentLogger,
    caches: { corpus: caches.corpus, loaded: caches.loaded, rankings: new Map(), models: new Map() },
  });

/**
 * The taste benchmark: replays the real Daily Papers days one by one; invented personas vote on
 * each day's list; after each day the next is ranked for each persona's team by `rank:auto` (what a
 * feed gets by default), by HF upvotes and by mean similarity to the papers it liked.
 */
export async function benchTaste(): Promise<string[]> {
  const dir = daysDir();
  if (!dir) return ['taste: skipped: no shared/fixtures/hf-days folder found above the checkout (set TASTE_DAYS_DIR)'];
  const days = loadDays(dir);
  const clock = createManualClock(at(days[0]!.day, 8));
  const backend = await openBackend('memory://');
  const stores = createStores(backend, clock);
  const caches = createTasteCaches();
  const taste = createTaste({ stores, clock, logger: silentLogger, caches });
  const runs: PersonaRun[] = PERSONAS.map((persona, i) => {
    const random = rng(1000 + i);
    return {
      persona,
      team: `discord:bench-${persona.name}`,
      votes: days.map((d) => votesOf(persona, d.papers, random)),
      team_: figures(),
      hf: figures(),
      meanSim: figures(),
      liked: [],
      lambda: [],
    };
  });
  const learnMs: number[] = [];
  const rankMs: number[] = [];
  let order = 1;
  for (let i = 0; i < days.length; i++) {
    const day = days[i]!;
    clock.set(at(day.day, 8));
    await stores.papers.remember(day.papers);
    for (const run of runs) {
      const v = run.votes[i]!;
      const liked = new Set(v.liked.keys());
      let shown = hfOrder(day.papers.map((p) => taste.corpus.seen(p))).map((p) => p.id);
      if (run.liked.length > 0) {
        let t = performance.now();
        const ranking = await taste.rank(run.team, day.day, day.papers, 'auto');
        learnMs.push(performance.now() - t);
        // The same day again from a second instance: the stored model, as another channel or instance reads it.
        t = performance.now();
        await fresh(stores, clock, caches).rank(run.team, day.day, day.papers, 'auto');
        rankMs.push(performance.now() - t);
        const ids = ranking.placed.map((p) => p.id);
        shown = ids;
        if (liked.size > 0) {
          record(run.team_, ids, liked);
          record(
            run.hf,
            hfOrder(day.papers.map((p) => taste.corpus.seen(p))).map((p) => p.id),
            liked,
          );
          record(run.meanSim, meanSimilarityOrder(taste, day.papers, run.liked), liked);
          run.lambda.push(ranking.choice.order === 'taste' ? (ranking.model?.blend ?? 0) : 0);
        }
      }
      clock.set(at(day.day, 14));
      await castVotes(stores, run, day, v, shown.slice(0, 5), order);
      order += 10;
      run.liked.push(...day.papers.filter((p) => liked.has(p.id)));
    }
  }
  const cold = await coldStart(days, runs, stores, clock, caches);
  const scale = await thousandTeams(stores, clock, caches, runs, days.at(-1)!);
  await backend.close();
  return report(days, runs, cold, { learnMs, rankMs, ...scale });
}

/** 1,000 teams, each with one persona's votes (stored models), ranking the last day: the daily fan-out's share. */
async function thousandTeams(
  stores: Stores,
  clock: ReturnType<typeof createManualClock>,
  caches: TasteCaches,
  runs: readonly PersonaRun[],
  last: ReplayDay,
): Promise<{ thousandMs: number }> {
  const models = await Promise.all(runs.map((r) => stores.taste.model(r.team)));
  for (let k = 0; k < 1000; k++) {
    const m = models[k % runs.length]!;
    const team = `slack:T${k}`;
    await stores.taste.touch(team);
    await stores.taste.saveModel(team, { ...m, stamp: await stores.taste.stamp(team) });
  }
  const taste = fresh(stores, clock, caches);
  const t = performance.now();
  for (let k = 0; k < 1000; k++) await taste.rank(`slack:T${k}`, last.day, last.papers, 'auto');
  return { thousandMs: performance.now() - t };
}

function report(
  days: readonly ReplayDay[],
  runs: readonly PersonaRun[],
  cold: ColdFigures,
  time: { learnMs: number[]; rankMs: number[]; thousandMs: number },
): string[] {
  const papers = days.reduce((n, d) => n + d.papers.length, 0);
  const lines = [
    `taste: replay of ${days.length} real Daily Papers days (${days[0]!.day} … ${days.at(-1)!.day}, ${papers.toLocaleString('en')} papers), each ranked for each team with the votes of the days before it`,
    `taste: ${runs.length} invented personas (not real teams; their votes are made up): ${runs.map((r) => `${r.persona.name} (${r.persona.says})`).join('; ')}`,
    'taste: each votes on every day with noise: 👍 with chance 0.8 on a subject of its own in the title or keywords, 0.2 in the abstract only, 0.03 at random, by 1–3 members; 👎 with chance 0.35 on a subject it dislikes; its feed posts its top 5, the rest of what it was shown is left alone',
    'taste: nDCG@5 and hit@5 against the papers the persona then liked that day (days it liked none are left out); AUC: each liked paper against the day’s unliked ones (Scholar Inbox’s figure)',
  ];
  const all = { team: figures(), hf: figures(), meanSim: figures() };
  let worst = Infinity;
  for (const r of runs) {
    for (const [k, f] of [
      ['team', r.team_],
      ['hf', r.hf],
      ['meanSim', r.meanSim],
    ] as const) {
      all[k].ndcg.push(...f.ndcg);
      all[k].hits.push(...f.hits);
      all[k].aucs.push(...f.aucs);
    }
    const d = mean(r.team_.ndcg) - mean(r.hf.ndcg);
    worst = Math.min(worst, d);
    const [lo, hi] = bootstrap(r.team_.ndcg.map((x, i) => x - r.hf.ndcg[i]!));
    lines.push(
      `taste: ${r.persona.name.padEnd(7)} nDCG@5 team ${f3(mean(r.team_.ndcg))} · HF ${f3(mean(r.hf.ndcg))} · mean-sim ${f3(mean(r.meanSim.ndcg))} (team − HF ${signed(d)}, 95 % CI ${signed(lo)} … ${signed(hi)}); hit@5 ${f3(mean(r.team_.hits))} · ${f3(mean(r.hf.hits))} · ${f3(mean(r.meanSim.hits))}; AUC ${f3(mean(r.team_.aucs))} · ${f3(mean(r.hf.aucs))} · ${f3(mean(r.meanSim.aucs))}; blend weight ${f3(mean(r.lambda))}; ${r.team_.ndcg.length} days`,
    );
  }
  const diff = all.team.ndcg.map((x, i) => x - all.hf.ndcg[i]!);
  const [lo, hi] = bootstrap(diff);
  const overall = mean(all.team.ndcg);
  const hf = mean(all.hf.ndcg);
  const meanSim = mean(all.meanSim.ndcg);
  lines.push(
    `taste: overall nDCG@5 team ${f3(overall)} · HF ${f3(hf)} · mean-sim ${f3(meanSim)}; team − HF ${signed(overall - hf)} (95 % bootstrap CI ${signed(lo)} … ${signed(hi)}, ${diff.length} persona-days); hit@5 ${f3(mean(all.team.hits))} · ${f3(mean(all.hf.hits))} · ${f3(mean(all.meanSim.hits))}; mean AUC ${f3(mean(all.team.aucs))} · ${f3(mean(all.hf.aucs))} · ${f3(mean(all.meanSim.aucs))}`,
    ...cold.lines,
  );
  const rank99 = percentile([...time.rankMs], 99);
  const learn50 = percentile([...time.learnMs], 50);
  lines.push(
    `taste: rank time per team-day from the stored model: p50 ${ms(percentile([...time.rankMs], 50))}, p99 ${ms(rank99)} (${time.rankMs.length} team-days, load average ${loadavg()[0]!.toFixed(1)} on this machine); learning the model first (once per team and day, when its votes changed): p50 ${ms(learn50)}, p99 ${ms(percentile([...time.learnMs], 99))}`,
    `taste: 1,000 teams × one day (${days.at(-1)!.day}, stored models): ${(time.thousandMs / 1000).toFixed(2)} s; learning all 1,000 first would add about ${((learn50 * 1000) / 1000).toFixed(1)} s`,
  );
  const checks: [string, boolean][] = [
    ['overall ≥ HF + 0.25 with the CI above 0', overall - hf >= 0.25 && lo > 0],
    ['above mean-sim', overall > meanSim],
    ['no persona below HF', worst >= 0],
    ['cold start ≥ HF − 0.05', cold.autoMinusHf >= -0.05],
    ['p99 < 10 ms', rank99 < 10],
    ['1,000 teams < 5 s', time.thousandMs < 5000],
  ];
  lines.push(
    `taste: targets: ${checks.map(([name, ok]) => `${ok ? '✓' : '✗'} ${name}`).join(' · ')}; rank:auto blends from ${AUTO_MIN_LIKED} liked papers`,
  );
  return lines;
}

export type { PersonaRun };
