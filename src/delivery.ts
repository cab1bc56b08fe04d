import { toCard } from './card.js';
import type { Clock } from './clock.js';
import { emptyDigestText } from './digest.js';
import type { Feed } from './feed.js';
import type { Logger } from './logger.js';
import { channelKey, teamKey, type ChannelRef, type Digest, type DigestSettings, type MessageRef, type PaperCard } from './model.js';
import type { DeliveryIntent } from './store/ledger.js';
import type { Stores } from './store/index.js';

/** A message the core asks a platform to post. */
export type Outgoing = { kind: 'header'; text: string } | { kind: 'paper'; card: PaperCard };

/** What a platform adapter provides for delivery: post one message, return where it landed. */
export interface ChannelPoster {
  post(channel: ChannelRef, message: Outgoing): Promise<MessageRef>;
}

/**
 * A platform refused a post. `permanent` failures (lost access, unknown or archived channel)
 * pause the subscription instead of retrying forever.
 */
export class PostError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PostError';
  }
}

export type DeliveryOutcome =
  | { status: 'posted'; header: MessageRef; papers: number; resumed: boolean }
  | { status: 'already'; header?: MessageRef; at?: number }
  | { status: 'busy' };

export interface DeliveryRequest {
  channel: ChannelRef;
  day: string;
  settings: DigestSettings;
  by: string;
}

export interface Delivery {
  /**
   * Posts a day's digest to a channel exactly once: under a lease on (channel, day), recording
   * each landed message in the ledger, resuming a half-finished delivery without reposting.
   */
  postDigest(req: DeliveryRequest): Promise<DeliveryOutcome>;
}

export interface DeliveryDeps {
  feed: Feed;
  stores: Stores;
  poster: ChannelPoster;
  clock: Clock;
  logger: Logger;
  /** This process's lease owner id. */
  owner: string;
  voteEmoji: string;
  /** Lease length; renewed before each message (ms). */
  leaseMs?: number;
}

export function headerText(d: Digest, voteEmoji: string): string {
  const when = new Date(`${d.date}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  if (d.papers.length === 0) return `📰 Hugging Face Daily Papers · ${when}\n${emptyDigestText(d)}`;
  const of = d.papers.length < d.totalThatDay ? ` of ${d.totalThatDay}` : '';
  return `📰 Hugging Face Daily Papers · ${when} · top ${d.papers.length}${of}\nReact with ${voteEmoji} on a paper to vote for it.`;
}

export function createDelivery(deps: DeliveryDeps): Delivery {
  const { feed, stores, poster, clock, owner } = deps;
  const leaseMs = deps.leaseMs ?? 60_000;
  const { ledger } = stores;

  /** Records how a delivery went on the channel's subscription, pausing it when the bot lost access. */
  async function record(req: DeliveryRequest, status: 'posted' | 'empty' | 'failed', error?: PostError): Promise<void> {
    const sub = await stores.subscriptions.get(req.channel);
    if (!sub) return;
    const at = new Date(clock.now()).toISOString();
    const next = { ...sub, lastPost: { day: req.day, at, status, ...(error ? { detail: error.message } : {}) } };
    if (error) {
      next.failures = sub.failures + 1;
      if (error.permanent) next.paused = { reason: error.message, at };
    } else {
      next.failures = 0;
      if (!sub.lastPostedDay || sub.lastPostedDay < req.day) next.lastPostedDay = req.day;
    }
    await stores.subscriptions.put(next);
  }

  return {
    async postDigest(req) {
      try {
        const outcome = await post(req);
        if (outcome.status === 'posted') await record(req, outcome.papers ? 'posted' : 'empty');
        return outcome;
      } catch (error) {
        if (!(error instanceof PostError)) throw error;
        deps.logger.warn('delivery failed', { channel: req.channel, day: req.day, permanent: error.permanent, error: error.message });
        await record(req, 'failed', error);
        throw error;
      }
    },
  };

  async function post(req: DeliveryRequest): Promise<DeliveryOutcome> {
    {
      const key = channelKey(req.channel);
      if (!(await ledger.acquire(key, req.day, owner, leaseMs))) return { status: 'busy' };
      try {
        const existing = await ledger.get(key, req.day);
        if (existing?.finishedAt !== undefined) return { status: 'already', header: existing.messages.get('header'), at: existing.finishedAt };
        let intent = existing?.intent;
        let digest: Digest | undefined;
        if (!intent) {
          digest = await feed.digest(req.day, req.settings, await ledger.postedPapers(key));
          const fresh: DeliveryIntent = {
            day: req.day, team: teamKey(req.channel), kind: digest.papers.length ? 'digest' : 'empty',
            paperIds: digest.papers.map((p) => p.id), header: headerText(digest, deps.voteEmoji), createdAt: clock.now(), by: req.by,
          };
          intent = await ledger.begin(key, req.day, fresh);
        }
        const landed = (await ledger.get(key, req.day))?.messages ?? new Map<string, MessageRef>();
        const resumed = landed.size > 0;
        for (const slot of ['header', ...intent.paperIds]) {
          if (landed.has(slot)) continue;
          if (!(await ledger.acquire(key, req.day, owner, leaseMs))) return { status: 'busy' };
          const message: Outgoing = slot === 'header' ? { kind: 'header', text: intent.header } : await paperMessage(slot, intent, digest);
          const ref = await poster.post(req.channel, message);
          await ledger.landed(key, req.day, slot, ref);
          landed.set(slot, ref);
        }
        await ledger.finish(key, req.day, clock.now());
        return { status: 'posted', header: landed.get('header')!, papers: intent.paperIds.length, resumed };
      } finally {
        await ledger.release(key, req.day, owner);
      }
    }
  }

  async function paperMessage(slot: string, intent: DeliveryIntent, digest: Digest | undefined): Promise<Outgoing> {
    const paper = digest?.papers.find((p) => p.id === slot) ?? (await stores.papers.getPaper(slot)) ?? (await feed.paper(slot));
    if (!paper) throw new Error(`paper ${slot} of the ${intent.day} digest is no longer known`);
    return { kind: 'paper', card: toCard(paper) };
  }
}
