import { randomUUID } from 'node:crypto';
import type { Backend, MapWrite } from './backend.js';
import {
  notInterestedMap,
  TASTE_MODELS_MAP,
  TASTE_RESETS_MAP,
  TASTE_STAMPS_MAP,
  tasteSeedsMap,
  teamPapersMap,
} from './keys.js';

/** A paper imported or seeded into a team's taste (`paperfeed taste import`, `/papers taste seed`). */
export interface TasteSeed {
  /** Liked (counts like votes), or not interested. */
  kind: 'liked' | 'not-interested';
  /** How many people it stands for (the `team_votes` of a `top --csv` export), at least 1. */
  votes: number;
  /** When it was imported (ms). */
  at: number;
}

/** One paper's standing "not interested" marks in a team. */
export interface NotInterested {
  paperId: string;
  /** How many people marked it. */
  voters: number;
  /** The latest mark (ms). */
  at: number;
}

/** A team's taste model as stored, with what it was learnt from; the model itself is the taste domain's. */
export interface StoredTaste<M = unknown> {
  /** The Daily Papers day it was learnt for. */
  day: string;
  /** The team's stamp when it was learnt: a change since means it is out of date. */
  stamp: string;
  builtAt: number;
  model: M | null;
}

/**
 * What a team's taste is learnt from besides its votes (vote-store.ts): "not interested" marks
 * (👎 reactions, kept per voter and paper in event order, like votes, and never counted on a
 * leaderboard), imported papers, and the learnt model with the stamp it was learnt at.
 */
export interface TasteStore {
  /** Applies a 👎 added or removed; an event older than the one applied for the same (voter, paper) changes nothing. True when it changed. */
  markNotInterested(
    team: string,
    paperId: string,
    voter: string,
    present: boolean,
    order: number,
    at: number,
  ): Promise<boolean>;
  notInterested(team: string): Promise<NotInterested[]>;
  /** Adds papers to the team's taste (a paper imported again takes the new values). */
  seed(team: string, seeds: ReadonlyMap<string, TasteSeed>): Promise<void>;
  seeds(team: string): Promise<Map<string, TasteSeed>>;
  /** Papers posted in the team, paper → first posted (ms): shown, whether voted or not. */
  shown(team: string): Promise<Map<string, number>>;
  /** The team's current stamp ('' before any change). */
  stamp(team: string): Promise<string>;
  /** Marks the team's taste as changed (its votes, marks or seeds). */
  touch(team: string): Promise<void>;
  model<M>(team: string): Promise<StoredTaste<M> | undefined>;
  saveModel<M>(team: string, stored: StoredTaste<M>): Promise<void>;
  /**
   * Forgets the team's taste as of `at`: its marks, seeds and model go, and votes and posts before
   * `at` are no longer learnt from (they stay on the leaderboard).
   */
  reset(team: string, at: number): Promise<void>;
  /** When the team's taste was last reset (ms; 0: never). */
  resetAt(team: string): Promise<number>;
}

/** A mark's row: `order:1|0:at`. */
const parseRow = (raw: string | undefined) => {
  if (raw === undefined) return undefined;
  const [order, present, at] = raw.split(':');
  return { order: Number(order), present: present === '1', at: Number(at) };
};

export function createTasteStore(backend: Backend): TasteStore {
  const touch = (team: string) => backend.mapSet(TASTE_STAMPS_MAP, team, randomUUID());
  return {
    async markNotInterested(team, paperId, voter, present, order, at) {
      const map = notInterestedMap(team);
      const field = `${paperId}|${voter}`;
      // Compare-and-set: two instances applying events of one (voter, paper) keep the newest.
      for (let attempt = 0; attempt < 20; attempt++) {
        const raw = await backend.mapGet(map, field);
        const row = parseRow(raw);
        if (row && row.order >= order) return false;
        if (await backend.mapCompareAndSet(map, field, raw, `${order}:${present ? 1 : 0}:${at}`)) {
          if ((row?.present ?? false) === present) return false;
          await touch(team);
          return true;
        }
      }
      throw new Error('could not record a "not interested" mark: the store kept changing it');
    },
    async notInterested(team) {
      const byPaper = new Map<string, NotInterested>();
      for (const [field, raw] of await backend.mapEntries(notInterestedMap(team))) {
        const row = parseRow(raw);
        if (!row?.present) continue;
        const paperId = field.slice(0, field.lastIndexOf('|'));
        const seen = byPaper.get(paperId);
        byPaper.set(paperId, {
          paperId,
          voters: (seen?.voters ?? 0) + 1,
          at: Math.max(seen?.at ?? 0, row.at),
        });
      }
      return [...byPaper.values()];
    },
    async seed(team, seeds) {
      if (seeds.size === 0) return;
      await backend.batch(
        [...seeds].map(([paperId, s]) => ({ map: tasteSeedsMap(team), field: paperId, set: JSON.stringify(s) })),
      );
      await touch(team);
    },
    async seeds(team) {
      const out = new Map<string, TasteSeed>();
      for (const [id, raw] of await backend.mapEntries(tasteSeedsMap(team))) out.set(id, JSON.parse(raw) as TasteSeed);
      return out;
    },
    async shown(team) {
      return new Map([...(await backend.mapEntries(teamPapersMap(team)))].map(([id, at]) => [id, Number(at)]));
    },
    async stamp(team) {
      return (await backend.mapGet(TASTE_STAMPS_MAP, team)) ?? '';
    },
    touch,
    async model<M>(team: string) {
      const raw = await backend.mapGet(TASTE_MODELS_MAP, team);
      return raw ? (JSON.parse(raw) as StoredTaste<M>) : undefined;
    },
    async saveModel(team, stored) {
      await backend.mapSet(TASTE_MODELS_MAP, team, JSON.stringify(stored));
    },
    async resetAt(team) {
      return Number((await backend.mapGet(TASTE_RESETS_MAP, team)) ?? 0);
    },
    async reset(team, at) {
      const writes: MapWrite[] = [{ map: TASTE_RESETS_MAP, field: team, set: String(at) }];
      for (const map of [notInterestedMap(team), tasteSeedsMap(team)])
        for (const field of (await backend.mapEntries(map)).keys()) writes.push({ map, field, delete: true });
      writes.push({ map: TASTE_MODELS_MAP, field: team, delete: true });
      await backend.batch(writes);
      await touch(team);
    },
  };
}
