import { createHash } from 'node:crypto';
import type { ChannelRef, MessageRef, PaperCard, Platform } from '../model.js';

/** A message the core asks a platform to post: a header, a paper, or a header listing the papers (compact layout). */
export type Outgoing =
  | { kind: 'header'; text: string }
  | { kind: 'paper'; card: PaperCard }
  | { kind: 'list'; text: string; cards: PaperCard[] };

/** Where and how one message is posted. */
export interface PostOptions {
  /** The slot's de-duplication key (see `ChannelPoster.post`). */
  key?: string;
  /** Thread layout: a reply in the thread of `parent` (started on it when it has none yet), named `name`. */
  thread?: { parent: MessageRef; name: string };
  /** Forum layout: a forum post with these tags (created where the bot may, else left off). */
  forum?: { tags: string[] };
  /**
   * When the scheduled delivery this message belongs to was due (ms since the epoch); set on its
   * messages until the first one lands, so the scheduler lag is measured once per delivery.
   */
  dueAt?: number;
}

/**
 * What a platform adapter provides for delivery: post one message, return where it landed.
 * Pacing is the platform client's job (discord.js's REST queue reads X-RateLimit-*, @slack/web-api
 * honours Retry-After), so a post may take as long as the platform asks; the lease is renewed meanwhile.
 */
export interface ChannelPoster {
  /**
   * `key` identifies the slot (channel, day, message) for the platform's own de-duplication:
   * posting the same key twice must land one message (Discord `nonce` + `enforce_nonce`; on
   * Slack the poster never blindly re-sends a post whose outcome it does not know).
   */
  post(channel: ChannelRef, message: Outgoing, options?: PostOptions): Promise<MessageRef>;
  /**
   * Looks in the channel for a message this bot posted with `key` since `since` (ms since the
   * epoch): a resumed delivery asks before re-posting a slot whose earlier post may have landed
   * (its process died, or its answer was lost).
   */
  find?(
    channel: ChannelRef,
    message: Outgoing,
    options: PostOptions & { key: string; since: number },
  ): Promise<MessageRef | undefined>;
  /** Adds the bot's own reactions to its message (a compact list's numbers); one that exists already is no error. */
  react?(ref: MessageRef, emojis: readonly string[]): Promise<void>;
  /** True when the channel takes only forum posts (a Discord forum channel): its days use the forum layout. */
  isForum?(channel: ChannelRef): Promise<boolean>;
  /**
   * Replaces a posted message's content in place (live cards): the message keeps its id, so
   * reactions on it keep counting. A `PostError` marked permanent means the message is gone.
   */
  edit?(ref: MessageRef, message: Outgoing): Promise<void>;
  /**
   * The direct message between the bot and one person (`userId` as the platform has it; `teamId`
   * the team they were met in), opened if there is none yet: where that person's own posts go.
   * A `PostError` marked permanent means the person cannot be messaged (a deactivated account).
   */
  openDirect?(person: { platform: Platform; teamId: string; userId: string }): Promise<ChannelRef>;
}

/** A slot's de-duplication key: short (Discord nonces are at most 25 characters) and the same in every process. */
export function postKey(channel: string, day: string, slot: string): string {
  return `pf${createHash('sha256').update(`${channel}\n${day}\n${slot}`).digest('base64url').slice(0, 22)}`;
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

/**
 * A thread reply's parent is gone: someone deleted the day's header before its thread was started
 * (Discord answers 10008 Unknown Message). Not lost access: delivery posts the header again and
 * continues the day in the new header's thread.
 */
export class ThreadParentGone extends PostError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, false, options);
    this.name = 'ThreadParentGone';
  }
}

/**
 * `poster` with its `post` replaced (counted, paced, …): every other method it offers passes
 * through unchanged, so a wrapper can never drop one.
 */
export function withPost(poster: ChannelPoster, post: ChannelPoster['post']): ChannelPoster {
  const passed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(poster))
    if (typeof value === 'function') passed[name] = (value as (...a: unknown[]) => unknown).bind(poster);
  return { ...(passed as Partial<ChannelPoster>), post };
}
