import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Paper } from '../model.js';
import type { PaperStore } from '../store/paper-store.js';
import type { TasteStore } from '../store/taste-store.js';
import { createCorpus, type Corpus, type SeenPaper } from './corpus.js';
import { historyIds, type HistorySources, type TasteHistory } from './history.js';
import { buildModel, weightsOf, type TasteModel } from './model.js';
import { blendOrder, hfPlaced, rankChoice, vectorsOf, type Placed, type RankChoice, type RankMode } from './rank.js';
import { whyLine } from './why.js';

/** A day's papers in a team's order. */
export interface TeamRanking {
  choice: RankChoice;
  /** Every paper of the day, in the team's order. */
  placed: Placed[];
  /** The line shown under a paper's card: only for papers the taste moved above their HF place. */
  why(paperId: string): string | undefined;
  /** The model the order came from (absent: HF order, or nothing learnt). */
  model?: TasteModel;
}

/** A team's taste as `settings`, `feeds` and `/papers taste` show it. */
export interface TasteState {
  model?: TasteModel;
  /** The day it was learnt for, when one was. */
  day?: string;
}

/** The per-team taste: learnt lazily, once per (team, day) and state of its votes, kept in the store. */
export interface Taste {
  /** Orders a day's papers for a team as `mode` says; the same votes give the same order on every backend. */
  rank(team: string, day: string, papers: readonly Paper[], mode: RankMode): Promise<TeamRanking>;
  /** The team's model for `day`, learnt now when the stored one is out of date. */
  model(team: string, day: string, candidates?: readonly Paper[]): Promise<TasteModel | undefined>;
  /** The stored model as it is, without learning (cheap: one read). */
  stored(team: string): Promise<TasteState>;
  readonly corpus: Corpus;
}

/** What feeds over the same store share: the corpus (document frequencies) and the rankings of the day. */
export interface TasteCaches {
  corpus: Corpus;
  /** Papers of the store counted into the corpus, once per process. */
  loaded?: Promise<void>;
  rankings: Map<string, TeamRanking>;
  models: Map<string, TasteModel | undefined>;
}

export const createTasteCaches = (): TasteCaches => ({
  corpus: createCorpus(),
  rankings: new Map(),
  models: new Map(),
});

export interface TasteDeps {
  stores: { papers: PaperStore; taste: TasteStore; votes: HistorySources['votes'] };
  clock: Clock;
  logger: Logger;
  caches?: TasteCaches;
}

/** Rankings and models kept in process (a few days of a thousand teams). */
const KEPT = 4000;
/** Papers counted per event-loop turn while loading the corpus from the store. */
const LOAD_SLICE = 200;

const keep = <V>(m: Map<string, V>, key: string, value: V) => {
  m.set(key, value);
  if (m.size > KEPT) m.delete(m.keys().next().value!);
};

/** A day's list as it stands: its ids and upvotes (a list still filling, or refreshed, ranks again). */
const listKey = (papers: readonly Paper[]) => papers.map((p) => `${p.id}:${p.upvotes}`).join(',');

export function createTaste(deps: TasteDeps): Taste {
  const { stores, clock, logger } = deps;
  const caches = deps.caches ?? createTasteCaches();
  const { corpus } = caches;
  /** What a "why" line reads of the corpus: rarity, and the vectors of liked papers still in memory. */
  const known = {
    idfOf: (bucket: number) => corpus.idfOf(bucket),
    vectorOf: (id: string) => {
      const p = corpus.kept(id);
      return p ? corpus.vector(p) : undefined;
    },
  };

  /** Counts every stored paper into the corpus once, a slice per event-loop turn. */
  const ready = () =>
    (caches.loaded ??= (async () => {
      for await (const slice of stores.papers.slices(LOAD_SLICE)) {
        corpus.add(slice);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    })().catch((error: unknown) => {
      caches.loaded = undefined;
      throw error;
    }));

  async function history(team: string, asOf: number): Promise<TasteHistory> {
    const ids = await historyIds(stores, team, asOf);
    const all = [...new Set([...ids.liked.keys(), ...ids.notInterested.keys(), ...ids.shown.keys()])].sort();
    const found = new Map<string, SeenPaper>();
    const missing: string[] = [];
    for (const id of all) {
      const kept = corpus.kept(id);
      if (kept) found.set(id, kept);
      else missing.push(id);
    }
    if (missing.length) {
      const papers = (await stores.papers.getPapers(missing)).filter((p): p is Paper => p !== undefined);
      corpus.add(papers);
      for (const p of papers) found.set(p.id, corpus.seen(p));
    }
    const paper = (id: string) => found.get(id);
    return {
      liked: [...ids.liked].flatMap(([id, l]) => {
        const p = paper(id);
        return p ? [{ paper: p, voters: l.voters, at: l.at, ...(l.imported ? { imported: true } : {}) }] : [];
      }),
      notInterested: [...ids.notInterested].flatMap(([id, at]) => (paper(id) ? [{ paper: paper(id)!, at }] : [])),
      shown: [...ids.shown].flatMap(([id, at]) => (paper(id) ? [{ paper: paper(id)!, at }] : [])),
    };
  }

  async function model(team: string, day: string, candidates: readonly Paper[] = []): Promise<TasteModel | undefined> {
    await ready();
    const stamp = await stores.taste.stamp(team);
    const key = `${team}|${day}|${stamp}`;
    if (caches.models.has(key)) return caches.models.get(key);
    const stored = await stores.taste.model<TasteModel>(team);
    if (stored && stored.day === day && stored.stamp === stamp) {
      keep(caches.models, key, stored.model ?? undefined);
      return stored.model ?? undefined;
    }
    const asOf = clock.now();
    const learnt = buildModel(await history(team, asOf), corpus, {
      asOf,
      exclude: new Set(candidates.map((p) => p.id)),
    });
    await stores.taste
      .saveModel(team, { day, stamp, builtAt: asOf, model: learnt ?? null })
      .catch((error: unknown) => logger.warn('could not store a taste model', { team, error }));
    keep(caches.models, key, learnt);
    return learnt;
  }

  return {
    corpus,
    model,
    async stored(team) {
      const s = await stores.taste.model<TasteModel>(team);
      return s?.model ? { model: s.model, day: s.day } : {};
    },
    async rank(team, day, papers, mode) {
      if (mode === 'hf') return { choice: rankChoice('hf', undefined), placed: [], why: () => undefined };
      await ready();
      corpus.add(papers);
      const stamp = await stores.taste.stamp(team);
      const key = `${team}|${day}|${stamp}|${mode}|${listKey(papers)}`;
      const hit = caches.rankings.get(key);
      if (hit) return hit;
      const learnt = await model(team, day, papers);
      const choice = rankChoice(mode, learnt);
      const seen = papers.map((p) => corpus.seen(p));
      let ranking: TeamRanking;
      if (choice.order === 'hf' || !learnt) ranking = { choice, placed: hfPlaced(seen), why: () => undefined };
      else {
        const vectors = vectorsOf(seen, corpus);
        const weights = weightsOf(learnt);
        const placed = blendOrder(learnt, seen, vectors, weights);
        const byId = new Map(papers.map((p, i) => [p.id, { paper: p, vector: vectors[i]! }]));
        const place = new Map(placed.map((x, i) => [x.id, { at: i, hfRank: x.hfRank }]));
        // Worked out when asked: a card needs its line, most of the day's papers are never posted.
        const lines = new Map<string, string | undefined>();
        const why = (id: string) => {
          const p = place.get(id);
          if (!p || p.at >= p.hfRank) return undefined; // only papers the taste moved up get a reason
          if (!lines.has(id)) {
            const { paper, vector } = byId.get(id)!;
            lines.set(id, whyLine(paper, vector, { anchors: learnt.anchors, weights }, known));
          }
          return lines.get(id);
        };
        ranking = { choice, placed, why, model: learnt };
      }
      keep(caches.rankings, key, ranking);
      return ranking;
    },
  };
}
