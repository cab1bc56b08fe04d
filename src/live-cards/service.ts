import { toCard } from '../papers/card.js';
import type { Clock, Timer } from '../ports/clock.js';
import { PostError, type ChannelPoster } from '../delivery/channel-poster.js';
import type { Logger } from '../ports/logger.js';
import { formatMessageRef, type Paper, type Platform } from '../model.js';
import type { Stores } from '../store/index.js';
import type { OnVoteChange } from '../votes/votes.js';
import type { PaperMessage } from '../store/ledger.js';
import { DEFAULT_UPVOTE_THRESHOLDS, notableChanges, type UpvoteThresholds } from './changes.js';
import { createEditLane, type EditLane, type EditPace } from './edit-lane.js';

export interface LiveCardOptions {
  /** At most one edit of a message per this many ms (default 5 min); changes meanwhile are coalesced. */
  throttleMs?: number;
  /** After a first change, wait this long for more before editing (ms, default 10 s). */
  settleMs?: number;
  /** Messages older than this are never edited (ms, default 7 days). */
  maxAgeMs?: number;
  /** Posting must have been quiet this long before edits resume (ms, default 2 s). */
  idleMs?: number;
  /** Pause edits while posts are in flight (default true; false only to measure what yielding saves). */
  yieldToPosts?: boolean;
  /** How often due edits are looked for (ms, default 5 s); `flush()` does it at once. */
  tickMs?: number;
  thresholds?: UpvoteThresholds;
  /** How often recent days are fetched again to notice upvote and link changes (ms, default 30 min). */
  refreshEveryMs?: number;
}

export interface LiveCardStats {
  /** Changes that will edit a message. */
  scheduled: number;
  /** Changes folded into an edit already pending. */
  coalesced: number;
  /** Changes to messages too old to edit. */
  refusedOld: number;
  edited: number;
  failed: number;
}

/**
 * Live cards: a posted paper message is edited in place when its team's vote count or readers (📖) change, its
 * HF upvotes move notably, or a code repository or project page appears. Each message is edited
 * at most once per `throttleMs` (changes in between are coalesced: the edit renders the state at
 * the time it runs), never when older than `maxAgeMs`, and through a per-platform queue that
 * yields to posts (see edit-lane.ts). Edits keep the message id, so votes on it keep counting.
 *
 * What a message shows is re-read when the edit runs (paper store, vote count), so an edit is
 * idempotent. The throttle lives in this process: after a restart, or on two instances that both
 * see a refresh, a card may be edited once more than the throttle allows.
 */
export interface LiveCards {
  /**
   * Edits this platform's messages through `poster.edit`, at `pace`. Returns the poster to post
   * with: posts go straight to `poster`, and live-card edits wait while any is in flight.
   */
  attach(platform: Platform, poster: ChannelPoster, pace?: EditPace): ChannelPoster;
  /** A team's vote count for a paper changed (from `applyVote`). */
  votesChanged: OnVoteChange;
  /** The feed fetched a day again (`Feed`'s `onRefresh`). */
  papersRefreshed(before: readonly Paper[], after: readonly Paper[]): void;
  /** Queues the edits that are due now. */
  flush(): void;
  /** Resolves when every change told so far is scheduled and every queued edit has run (not waiting for ones not yet due). */
  settled(): Promise<void>;
  stats(): LiveCardStats;
  stop(): void;
}

interface Pending extends PaperMessage {
  paperId: string;
  dueAt: number;
}

const SHOWN_PAPERS = 5000;

export interface LiveCardDeps {
  stores: Stores;
  clock: Clock;
  logger: Logger;
  options?: LiveCardOptions;
  /** Fetches recent days again (the feed then calls `papersRefreshed`); run every `refreshEveryMs` once a platform is attached. */
  refresh?: () => Promise<void>;
}

export function createLiveCards(deps: LiveCardDeps): LiveCards {
  const { stores, clock, logger } = deps;
  const o = deps.options ?? {};
  const throttleMs = o.throttleMs ?? 5 * 60_000;
  const settleMs = o.settleMs ?? 10_000;
  const maxAgeMs = o.maxAgeMs ?? 7 * 24 * 3600_000;
  const thresholds = o.thresholds ?? DEFAULT_UPVOTE_THRESHOLDS;
  const lanes = new Map<Platform, EditLane>();
  const pending = new Map<string, Pending>();
  /** Edits queued and not yet started: a change to one of these is already covered. */
  const queued = new Set<string>();
  const lastEdit = new Map<string, number>();
  const gone = new Set<string>();
  /** Per paper, the HF record its cards last showed: upvotes are compared with it, not with the previous fetch. */
  const shown = new Map<string, Paper>();
  const inflight = new Set<Promise<void>>();
  const stats: LiveCardStats = { scheduled: 0, coalesced: 0, refusedOld: 0, edited: 0, failed: 0 };
  const timer = clock.setInterval(() => service.flush(), o.tickMs ?? 5000);

  const showing = (paper: Paper) => {
    shown.delete(paper.id);
    shown.set(paper.id, paper);
    if (shown.size > SHOWN_PAPERS) shown.delete(shown.keys().next().value!);
  };
  let refresher: Timer | undefined;
  const track = (work: Promise<void>) => {
    const p = work.catch((error: unknown) => logger.warn('live cards: could not look up messages', { error }));
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };

  async function notify(paperId: string, which: (m: PaperMessage) => boolean) {
    for (const m of await stores.ledger.messagesForPaper(paperId)) {
      if (which(m) && lanes.get(m.ref.platform)?.poster.edit) schedule(m, paperId);
    }
  }

  function schedule(m: PaperMessage, paperId: string) {
    const key = formatMessageRef(m.ref);
    const now = clock.now();
    if (gone.has(key)) return;
    if (now - m.at > maxAgeMs) return void stats.refusedOld++;
    if (pending.has(key) || queued.has(key)) return void stats.coalesced++;
    const last = lastEdit.get(key);
    pending.set(key, { ...m, paperId, dueAt: Math.max(now + settleMs, last === undefined ? 0 : last + throttleMs) });
    stats.scheduled++;
  }

  async function edit(lane: EditLane, key: string, p: Pending) {
    queued.delete(key);
    const now = clock.now();
    lastEdit.set(key, now);
    if (now - p.at > maxAgeMs) return void stats.refusedOld++;
    const paper = await stores.papers.getPaper(p.paperId);
    if (!paper) return;
    const votes = await stores.votes.count(p.team, p.paperId);
    const readers = await stores.claims.namesReading(p.team, p.paperId);
    try {
      await lane.poster.edit!(p.ref, {
        kind: 'paper',
        card: toCard(paper, {
          rank: p.rank,
          ...(votes > 0 ? { votes } : {}),
          readers,
          ...(p.why ? { why: p.why } : {}),
        }),
      });
      stats.edited++;
    } catch (error) {
      stats.failed++;
      if (error instanceof PostError && error.permanent) gone.add(key);
      logger.warn('live cards: edit failed', {
        message: key,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  const service: LiveCards = {
    attach(platform, poster, pace) {
      const lane = createEditLane(poster, { clock, pace, idleMs: o.idleMs, yieldToPosts: o.yieldToPosts });
      lanes.get(platform)?.stop();
      lanes.set(platform, lane);
      if (deps.refresh && !refresher) {
        const refresh = deps.refresh;
        refresher = clock.setInterval(
          () => void refresh().catch((error: unknown) => logger.warn('live cards: refresh failed', { error })),
          o.refreshEveryMs ?? 30 * 60_000,
        );
      }
      return lane.postsFirst;
    },
    votesChanged({ paperId, team }) {
      track(notify(paperId, (m) => m.team === team));
    },
    papersRefreshed(before, after) {
      const previous = new Map(before.map((p) => [p.id, p]));
      for (const paper of after) {
        const base = shown.get(paper.id) ?? previous.get(paper.id);
        if (!base) continue;
        // The first list seen is the baseline, so a slow drift adds up to a notable move.
        if (!shown.has(paper.id)) showing(base);
        if (notableChanges(base, paper, thresholds).length === 0) continue;
        showing(paper);
        track(notify(paper.id, () => true));
      }
    },
    flush() {
      const now = clock.now();
      for (const [key, p] of pending) {
        if (p.dueAt > now) continue;
        pending.delete(key);
        const lane = lanes.get(p.ref.platform);
        if (!lane) continue;
        queued.add(key);
        void lane
          .add(() => edit(lane, key, p))
          .catch((error: unknown) => logger.warn('live cards: edit failed', { message: key, error }));
      }
      for (const [key, at] of lastEdit) if (at + throttleMs <= now) lastEdit.delete(key);
    },
    async settled() {
      while (inflight.size) await Promise.all([...inflight]);
      await Promise.all([...lanes.values()].map((l) => l.onIdle()));
    },
    stats: () => ({ ...stats }),
    stop() {
      timer.cancel();
      refresher?.cancel();
      for (const lane of lanes.values()) lane.stop();
    },
  };
  return service;
}

/** Live cards switched off (`LIVE_CARDS=off`): posters are used as they are, and nothing is edited. */
export const noLiveCards: LiveCards = {
  attach: (_platform, poster) => poster,
  votesChanged: () => undefined,
  papersRefreshed: () => undefined,
  flush: () => undefined,
  settled: async () => undefined,
  stats: () => ({ scheduled: 0, coalesced: 0, refusedOld: 0, edited: 0, failed: 0 }),
  stop: () => undefined,
};
