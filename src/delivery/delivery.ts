import { randomUUID } from 'node:crypto';
import {
  postKey,
  PostError,
  ThreadParentGone,
  type ChannelPoster,
  type Outgoing,
  type PostOptions,
} from './channel-poster.js';
import { toCard } from '../papers/card.js';
import { catchUpHeader } from './catch-up.js';
import { headerText, shownFeedName } from './header.js';
import type { Clock } from '../ports/clock.js';
import { createDeliveryHealth, type FailureNote } from './feed-health.js';
import { holdLease, type HeldLease } from './held-lease.js';
import { hfRanking, type TeamRanking } from '../papers/team-ranking.js';
import { ownFeedTeam } from '../personal/own-feed.js';
import { everyPaper, inOwnChat, rankedContent } from './own-digest.js';
import { daysToWaitFor } from './empty-day.js';
import { feedLookups, postContent } from './post-choice.js';
import { noticeDay, type DaySource } from './day-source.js';
import { intentFromSource, noticeIntent, postedByArxivFeeds } from './source-day.js';
import type { Feed } from '../papers/feed.js';
import {
  compactPage,
  compactPageText,
  currentHeader,
  forumTags,
  nextHeaderSlot,
  NUMBER_EMOJI,
  slotsOf,
  threadOf,
  voteLine,
} from './layout.js';
import type { ArxivSource, Layout } from '../subscriptions/subscription.js';
import type { Logger } from '../ports/logger.js';
import { recapDay } from './recap-timing.js';
import { recapIntent, recordRecap, type RecapRequest } from './recap.js';
import {
  feedKey,
  teamKey,
  type ChannelRef,
  type Digest,
  type DigestSettings,
  type MessageRef,
  type PaperCard,
} from '../model.js';
import { isHeaderSlot, type DeliveryIntent } from '../store/ledger.js';
import type { Stores } from '../store/index.js';
import type { RankMode } from '../taste/rank.js';
import type { Taste } from '../taste/service.js';
import { teamOrder } from './team-order.js';

export type DeliveryOutcome =
  /**
   * Finished now. `header` is absent for a silent empty day (nothing was posted); `shows` names
   * the days whose papers it showed (none for a note), where the intent records them.
   */
  | { status: 'posted'; header?: MessageRef; papers: number; resumed: boolean; shows?: string[] }
  | { status: 'already'; header?: MessageRef; at?: number }
  /** Another instance holds the day, or (`stopped`) shutdown interrupted it; the next attempt resumes. */
  | { status: 'busy'; stopped?: boolean }
  /** Hugging Face answered these weekdays empty and the wait is not over: nothing was posted or recorded. */
  | { status: 'waiting'; days: string[] };

export interface DeliveryRequest {
  channel: ChannelRef;
  /** The feed being posted (absent: the channel's default feed); the ledger and lease are per feed. */
  feed?: string;
  /**
   * A person's own feed (`Subscription.owner`, `platform:userId`): posted in their direct message,
   * opened first; ranked for them (`ranking`) and its votes count for their own team.
   */
  owner?: string;
  /** The Daily Papers day, and the ledger key: (channel, day) is delivered at most once. */
  day: string;
  settings: DigestSettings;
  /** `schedule`, or the user id of an admin running `/papers digest`. */
  by: string;
  /** A scheduled post: when it was due (ms since the epoch), for the scheduler lag of its first landed message. */
  dueAt?: number;
  /**
   * A scheduled post: the days it covers (oldest first, ending with `day`). It shows the latest of
   * them with papers this feed has not posted, a catch-up of several, or looks back
   * (`post-choice.ts`). Absent (`/papers digest`): exactly `day`.
   */
  days?: readonly string[];
  /** With `days`: the last day the schedule covered before this post; absent for a new feed. */
  since?: string;
  /** Post a one-line note when nothing is left to post (default true); false records the day silently. */
  emptyDayNote?: boolean;
  /** Aborted at shutdown: stops after the message in flight has landed and been recorded. */
  signal?: AbortSignal;
  /** The feed's layout (default `messages`); a forum channel always gets `forum`. */
  layout?: Layout;
  /** How the day's papers are ordered (default `auto`): the team's taste or HF upvotes (src/taste/rank.ts). */
  rank?: RankMode;
  /**
   * A scheduled post: until this instant (ms), a weekday Hugging Face answers empty is "not yet"
   * and the outcome is `waiting` (`empty-day.ts`). Absent (`/papers digest`): an empty day is posted as such.
   */
  waitForPapersUntil?: number;
  /** An arXiv feed: the day comes from arXiv's listings (`DeliveryDeps.arxiv`), not Hugging Face's. */
  arxiv?: ArxivSource;
}

export interface Delivery {
  /**
   * Posts a day's digest to a channel exactly once: under a lease on (channel, day), recording
   * each landed message in the ledger, resuming a half-finished delivery without reposting.
   */
  postDigest(req: DeliveryRequest): Promise<DeliveryOutcome>;
  /**
   * Posts a week's recap to a channel exactly once, under the same ledger and lease as a digest
   * (the channel's key, day `recap-<week>`), and records the week on the feed.
   */
  postRecap(req: RecapRequest): Promise<DeliveryOutcome>;
}

/** Where a delivery posts: one ledger entry (channel or feed key, day). */
type Target = Pick<DeliveryRequest, 'channel' | 'feed' | 'day' | 'signal' | 'dueAt'>;

/** How a delivery starts: the intent fixed (with the digest when it was just chosen), or a wait. */
type Started = { intent: DeliveryIntent; digest?: Digest } | { waiting: string[]; notice?: string };

export interface DeliveryDeps {
  feed: Feed;
  stores: Stores;
  poster: ChannelPoster;
  clock: Clock;
  logger: Logger;
  /** This process's id; each delivery attempt holds the lease as `owner:<attempt id>`. */
  owner: string;
  voteEmoji: string;
  /** Lease length (ms, default 60 s); renewed before each message and every third of it while a post waits. */
  leaseMs?: number;
  /** Consecutive platform failures that pause a subscription (default 3). */
  pauseAfterFailures?: number;
  /** How a person's own feed orders a day for them (default: Hugging Face's upvote order). */
  ranking?: TeamRanking;
  /** Monotonic milliseconds for lease safety (default `performance.now`). */
  monotonic?: () => number;
  /** Where arXiv feeds' days come from (src/arxiv-feed/); without it an arXiv feed's delivery fails. */
  arxiv?: DaySource;
  /** Orders a day by the team's taste (absent: HF upvote order). */
  taste?: Taste;
}

/** How a thrown error counts: only the platform's failures count towards pausing a subscription. */
function failureNote(error: unknown): FailureNote {
  const message = error instanceof Error ? error.message : String(error);
  return error instanceof PostError
    ? { message, counted: true, permanent: error.permanent }
    : { message, counted: false, permanent: false };
}

export function createDelivery(deps: DeliveryDeps): Delivery {
  const { feed, stores, poster, clock, owner, logger } = deps;
  const leaseMs = deps.leaseMs ?? 60_000;
  const { ledger } = stores;
  const health = createDeliveryHealth({
    stores,
    clock,
    logger,
    pauseAfterFailures: deps.pauseAfterFailures,
    notify: (channel, text) => poster.post(channel, { kind: 'header', text }),
  });

  return {
    async postDigest(req) {
      let outcome: DeliveryOutcome;
      try {
        outcome = await post(req.owner ? await inOwnChat(poster, req, req.owner) : req);
      } catch (error) {
        logger.warn('delivery failed', {
          channel: req.channel,
          day: req.day,
          by: req.by,
          error: error instanceof Error ? error.message : String(error),
        });
        // A manual digest reports its own non-platform errors (a bad date) to the admin; only the schedule records them.
        if (error instanceof PostError || req.by === 'schedule') {
          await health
            .failed(req.channel, req.day, failureNote(error), req.feed)
            .catch((e: unknown) => logger.error('could not record a failed delivery', { error: e }));
        }
        throw error;
      }
      if (outcome.status === 'posted')
        await health.delivered(req.channel, req.day, outcome.papers ? 'posted' : 'empty', req.feed, outcome.shows);
      if (outcome.status === 'already') await health.alreadyDelivered(req.channel, req.day, req.feed);
      if (outcome.status === 'waiting') await health.waiting(req.channel, req.day, req.feed, outcome.days);
      return outcome;
    },
    async postRecap(req) {
      // The channel's key, not the feed's: a channel gets one recap a week whichever feed sets it.
      const target: Target = { channel: req.channel, day: recapDay(req.week), signal: req.signal };
      try {
        const outcome = await leased(target, async (key) => ({
          intent: await ledger.begin(key, target.day, await recapIntent(deps, req, target.day)),
        }));
        if (outcome.status === 'posted' || outcome.status === 'already')
          await recordRecap(stores, clock, req, 'posted');
        return outcome;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        logger.warn('recap failed', { channel: req.channel, week: req.week, error: message });
        await recordRecap(stores, clock, req, 'failed', message).catch((e: unknown) =>
          logger.error('could not record a failed recap', { error: e }),
        );
        throw error;
      }
    },
  };

  function post(req: DeliveryRequest): Promise<DeliveryOutcome> {
    return leased(req, (key) => begin(key, req));
  }

  /** Runs one ledger entry under its lease: finished ones report `already`; `start` fixes the intent of a new one, or waits. */
  async function leased(req: Target, start: (key: string) => Promise<Started>): Promise<DeliveryOutcome> {
    const key = feedKey(req.channel, req.feed);
    // Every attempt is its own lease owner: two attempts in one process (a scheduled tick and an
    // admin's `/papers digest`, two admins at once) exclude each other like two instances do.
    const attemptOwner = `${owner}:${randomUUID()}`;
    const monotonic = deps.monotonic ?? (() => performance.now());
    const acquiredAt = monotonic();
    if (!(await ledger.acquire(key, req.day, attemptOwner, leaseMs))) return { status: 'busy' };
    const lease = holdLease(ledger, {
      key,
      day: req.day,
      owner: attemptOwner,
      leaseMs,
      logger,
      clock,
      monotonic,
      acquiredAt,
    });
    try {
      const existing = await ledger.get(key, req.day);
      if (existing?.finishedAt !== undefined)
        return { status: 'already', header: currentHeader(existing.messages), at: existing.finishedAt };
      const started = existing ? { intent: existing.intent, digest: undefined } : await start(key);
      if ('waiting' in started) {
        if (started.notice) await postNotice(req, started.notice, lease);
        return { status: 'waiting', days: started.waiting };
      }
      return await postSlots(req, started.intent, started.digest, lease);
    } finally {
      // A store error here must not hide the delivery's own outcome; the lease then simply expires.
      await lease
        .release()
        .catch((error: unknown) => logger.warn('could not release a delivery lease', { key, day: req.day, error }));
    }
  }

  /** Fixes what the delivery will post, before its first message, so a resumed one posts the same; or waits for HF. */
  async function begin(key: string, req: DeliveryRequest): Promise<Started> {
    if (req.arxiv) return beginFromSource(key, req, req.arxiv);
    const covers = req.days ?? [req.day];
    const waiting = await daysToWaitFor(feed, covers, req.waitForPapersUntil, clock.now());
    if (waiting.length > 0) return { waiting };
    const posted = await ledger.postedPapers(key);
    // A paper one of the channel's arXiv feeds posted is not posted again (its card gets HF's data instead).
    for (const id of await postedByArxivFeeds(stores, req.channel, key)) posted.add(id);
    // A person's own feed: every candidate, ranked for them, then cut (own-digest.ts).
    const own = req.owner ? await ownFeedTeam(stores, req.owner) : undefined;
    const team = own?.team ?? (await stores.teams.teamOf(teamKey(req.channel)));
    // A channel's feed: a single day in the team's order, when its taste is in force (team-order.ts).
    const byTaste = own ? undefined : (day: string) => teamOrder(deps, team, day, req.rank);
    const chosen = await postContent(
      feed,
      feedLookups(feed, ledger, key),
      posted,
      req,
      own ? everyPaper(req.settings) : req.settings,
      byTaste,
    );
    const { shows, digest, catchUp } = own
      ? await rankedContent(own, chosen, req.settings.count, deps.ranking ?? hfRanking)
      : chosen;
    const days = catchUp ? shows : undefined;
    const why = Object.fromEntries(
      digest.papers.flatMap((p) => {
        const line = chosen.why?.(p.id);
        return line ? [[p.id, line]] : [];
      }),
    );
    const empty = digest.papers.length === 0;
    const layout = await layoutFor(req);
    const vote = voteLine(layout, deps.voteEmoji, digest.papers.length);
    const feedName = shownFeedName(req.feed, (await stores.subscriptions.inChannel(req.channel)).length);
    // A silent empty day has no header: nothing is posted, and the day is still recorded as delivered.
    const header =
      empty && req.emptyDayNote === false
        ? ''
        : catchUp
          ? catchUpHeader(catchUp, deps.voteEmoji, vote, feedName)
          : headerText(digest, deps.voteEmoji, layout, feedName);
    const tags =
      layout === 'forum'
        ? Object.fromEntries(digest.papers.map((p) => [p.id, forumTags(p, req.settings, digest.date)]))
        : undefined;
    const fresh: DeliveryIntent = {
      day: req.day,
      team,
      kind: empty ? 'empty' : catchUp ? 'catch-up' : 'digest',
      paperIds: digest.papers.map((p) => p.id),
      header,
      createdAt: clock.now(),
      by: req.by,
      ...(days ? { days: [...days] } : {}),
      ...(covers.length > 1 ? { covers: [...covers] } : {}),
      // A day Hugging Face had nothing for is not shown: a later post may show it once its list comes.
      shows: digest.totalThatDay > 0 ? (catchUp ? [...shows] : [digest.date]) : [],
      ...(layout !== 'messages' ? { layout } : {}),
      ...(tags ? { tags } : {}),
      ...(Object.keys(why).length ? { why } : {}),
    };
    return { intent: await ledger.begin(key, req.day, fresh), digest };
  }

  /** An arXiv feed's day: the source says what it posts (or that it waits); the delivery fixes it like any other. */
  async function beginFromSource(key: string, req: DeliveryRequest, arxiv: ArxivSource): Promise<Started> {
    if (!deps.arxiv) throw new Error('arXiv feeds are not set up in this delivery');
    const planned = await intentFromSource(deps.arxiv, {
      req,
      arxiv,
      key,
      layout: await layoutFor(req),
      voteEmoji: deps.voteEmoji,
      team: () => stores.teams.teamOf(teamKey(req.channel)),
      now: clock.now(),
    });
    if ('waiting' in planned) return planned;
    return { intent: await ledger.begin(key, req.day, planned.intent), digest: planned.digest };
  }

  /** A waiting day's one-line notice ("arXiv's listing is late"), posted once under its own ledger entry. */
  async function postNotice(req: Target, text: string, lease: HeldLease): Promise<void> {
    const key = feedKey(req.channel, req.feed);
    const day = noticeDay(req.day);
    const existing = await ledger.get(key, day);
    if (existing?.finishedAt !== undefined) return;
    const team = await stores.teams.teamOf(teamKey(req.channel));
    const intent = existing?.intent ?? (await ledger.begin(key, day, noticeIntent(day, team, text, clock.now())));
    await postSlots({ ...req, day }, intent, undefined, lease);
  }

  /** A forum channel takes only forum posts; `forum` elsewhere (Slack, a text channel) is the messages layout. */
  async function layoutFor(req: DeliveryRequest): Promise<Layout> {
    const forum = poster.isForum ? await poster.isForum(req.channel) : false;
    if (forum) return 'forum';
    return req.layout === 'forum' || !req.layout ? 'messages' : req.layout;
  }

  async function postSlots(
    req: Target,
    intent: DeliveryIntent,
    digest: Digest | undefined,
    lease: HeldLease,
  ): Promise<DeliveryOutcome> {
    const key = feedKey(req.channel, req.feed);
    let resumed: boolean | undefined;
    let landed = new Map<string, MessageRef>();
    /** Set until this attempt posts its first message: what the scheduler lag is measured on. */
    let dueAt = req.dueAt;
    /** Posts one slot unless the ledger has it; returns an outcome when this holder must stop. */
    const land = async (slot: string): Promise<DeliveryOutcome | undefined> => {
      if (req.signal?.aborted) return { status: 'busy', stopped: true };
      if (!(await lease.renew())) return { status: 'busy' };
      // Read the ledger again after each renewal: what landed is the ledger's word, never this loop's memory.
      const record = await ledger.get(key, req.day);
      // Another holder finished the day while this one was cut off from the store.
      if (record?.finishedAt !== undefined)
        return { status: 'already', header: currentHeader(record.messages), at: record.finishedAt };
      landed = record?.messages ?? landed;
      resumed ??= landed.size > 0 || (record?.attempts.size ?? 0) > 0;
      if (landed.has(slot)) return undefined;
      const message = await outgoing(slot, intent, digest);
      const postOptions = {
        key: postKey(key, req.day, slot),
        ...placement(slot, intent, landed),
        ...(dueAt !== undefined ? { dueAt } : {}),
      };
      // An earlier attempt sent this slot and never recorded it: it may be in the channel already.
      const attempt = record?.attempts.get(slot);
      const found =
        attempt && poster.find
          ? await poster.find(req.channel, message, { ...postOptions, since: attempt.at })
          : undefined;
      if (!found) {
        await ledger.attempting(key, req.day, slot, clock.now());
        // Right before posting: a holder that cannot prove it still holds the lease stops here.
        if (!lease.held()) return { status: 'busy' };
      }
      const ref = found ?? (await poster.post(req.channel, message, postOptions));
      if (!found) dueAt = undefined;
      await ledger.landed(
        key,
        req.day,
        slot,
        ref,
        message.kind === 'list' ? compactPage(slot, intent.paperIds) : undefined,
      );
      landed.set(slot, ref);
      return undefined;
    };
    for (const slot of slotsOf(intent)) {
      for (;;) {
        try {
          const stop = await land(slot);
          if (stop) return stop;
          break;
        } catch (error) {
          // Someone deleted the header before its thread started: post it again (a slot of its own, so
          // a restart or a second instance does not post it twice), then this reply goes in its thread.
          const again = error instanceof ThreadParentGone ? nextHeaderSlot(landed) : undefined;
          if (!again) throw error;
          logger.warn("the day's header was deleted; posting it again", { channel: req.channel, day: req.day });
          const stop = await land(again);
          if (stop) return stop;
        }
      }
    }
    // Compact: the numbers to vote with on each list, on every attempt until the day is finished (adding one twice is harmless).
    const lists = intent.layout === 'compact' && intent.paperIds.length && poster.react ? slotsOf(intent) : [];
    for (const slot of lists) {
      const list = landed.get(slot);
      if (!list) continue;
      await poster.react!(list, NUMBER_EMOJI.slice(0, compactPage(slot, intent.paperIds).length)).catch(
        (error: unknown) => {
          // The bot may not react here (a missing permission or scope): members can still add the numbers themselves.
          if (!(error instanceof PostError && error.permanent)) throw error;
          logger.warn('could not add the number reactions to a compact post', {
            channel: req.channel,
            error: error.message,
          });
        },
      );
    }
    // A holder whose lease ran out while it posted does not claim the day: the new holder finishes it.
    if (!lease.held()) return { status: 'busy' };
    await ledger.finish(key, req.day, clock.now());
    return {
      status: 'posted',
      header: currentHeader(landed),
      papers: intent.paperIds.length,
      resumed: resumed ?? false,
      ...(intent.shows ? { shows: intent.shows } : {}),
    };
  }

  async function outgoing(slot: string, intent: DeliveryIntent, digest: Digest | undefined): Promise<Outgoing> {
    if (!isHeaderSlot(slot)) return paperMessage(slot, intent, digest);
    if (intent.layout !== 'compact' || intent.paperIds.length === 0) return { kind: 'header', text: intent.header };
    const cards: PaperCard[] = [];
    for (const id of compactPage(slot, intent.paperIds)) cards.push((await paperMessage(id, intent, digest)).card);
    return { kind: 'list', text: compactPageText(slot, intent.header, intent.paperIds.length), cards };
  }

  /** Thread replies go into the header's thread (the ledger holds its ref, so a resumed day keeps the thread); forum posts carry tags. */
  function placement(
    slot: string,
    intent: DeliveryIntent,
    landed: ReadonlyMap<string, MessageRef>,
  ): Omit<PostOptions, 'key'> {
    const header = currentHeader(landed);
    if (intent.layout === 'thread' && !isHeaderSlot(slot) && header) return { thread: threadOf(header, intent.header) };
    if (intent.layout === 'forum') return { forum: { tags: intent.tags?.[slot] ?? [] } };
    return {};
  }

  async function paperMessage(
    slot: string,
    intent: DeliveryIntent,
    digest: Digest | undefined,
  ): Promise<{ kind: 'paper'; card: PaperCard }> {
    const paper =
      digest?.papers.find((p) => p.id === slot) ?? (await stores.papers.getPaper(slot)) ?? (await feed.paper(slot));
    if (!paper) throw new Error(`paper ${slot} of the ${intent.day} digest is no longer known`);
    // Its place in the day's list (a compact list numbers its lines itself), and the taste's line.
    const at = intent.paperIds.indexOf(slot);
    const why = intent.why?.[slot];
    return { kind: 'paper', card: toCard(paper, { ...(at >= 0 ? { rank: at + 1 } : {}), ...(why ? { why } : {}) }) };
  }
}
