import type { App } from '@slack/bolt';
import type { VoteIntake } from '../../src/votes/vote-intake.js';
import { SLACK_NUMBER_NAMES } from './blocks.js';

/** Slack's names of the two default emoji. */
const SLACK_NAMES: Record<string, string[]> = { '👍': ['+1', 'thumbsup'], '👎': ['-1', 'thumbsdown'] };

/** Slack names reactions (`+1`); `VOTE_EMOJI` may be 👍 (the default), `:name:` or `name` (and `DOWNVOTE_EMOJI` 👎, `-1`). */
export function slackReactionNames(voteEmoji: string, fallback = '👍'): string[] {
  const known = SLACK_NAMES[voteEmoji];
  if (known) return known;
  const name = /^:?([\w+'-]+):?$/.exec(voteEmoji)?.[1];
  return name ? [name] : SLACK_NAMES[fallback]!;
}

/** Slack's `event_ts` ("1700000000.000200") in microseconds; undefined when malformed. */
export function slackEventOrder(eventTs: string | undefined): number | undefined {
  const m = /^(\d{1,12})\.(\d{1,6})$/.exec(eventTs ?? '');
  return m ? Number(m[1]) * 1_000_000 + Number(m[2]!.padEnd(6, '0')) : undefined;
}

interface ReactionEvent {
  user: string;
  reaction: string;
  item: { type: string; channel?: string; ts?: string };
  event_ts?: string;
}

/** What the Slack vote handlers need. */
export interface SlackVoteDeps {
  votes: VoteIntake;
  voteEmoji: string;
  /** `DOWNVOTE_EMOJI`: the "not interested" reaction (none when absent). */
  downvoteEmoji?: string;
  /** ms since the epoch: orders an event that carries no valid `event_ts`, on Slack's own scale (µs). */
  now: () => number;
}

/** Slack's `event_ts` in µs, the order of an event; the clock's µs for one without (Slack always sends it). */
const orderOf = (eventTs: string | undefined, deps: SlackVoteDeps) => slackEventOrder(eventTs) ?? deps.now() * 1000;

/**
 * Counts a vote reaction on a paper message the bot posted; the bot's own reactions never count.
 * Events are applied in `event_ts` order, so a redelivered event (Slack retries one it thinks
 * failed) or an add overtaken by its remove changes nothing.
 */
export async function handleSlackReaction(
  change: 'add' | 'remove',
  event: ReactionEvent,
  meta: { teamId: string; botUserId?: string },
  deps: SlackVoteDeps,
): Promise<void> {
  const reaction = event.reaction.split('::')[0] ?? ''; // drop a skin tone: "+1::skin-tone-2"
  if (event.item.type !== 'message' || !event.item.channel || !event.item.ts) return;
  if (event.user === meta.botUserId) return;
  const vote = slackReactionNames(deps.voteEmoji).includes(reaction);
  const ref = { platform: 'slack' as const, channelId: event.item.channel, messageId: event.item.ts };
  if (!vote && deps.downvoteEmoji && slackReactionNames(deps.downvoteEmoji, '👎').includes(reaction)) {
    const order = orderOf(event.event_ts, deps);
    const voter = `slack:${event.user}`;
    await deps.votes.react({
      present: change === 'add',
      ref,
      voter,
      emoji: event.reaction,
      order,
      notInterested: true,
    });
    return;
  }
  // A numbered reaction (:one: … :keycap_ten:) is a vote for that paper of a compact list.
  const choice = vote ? undefined : SLACK_NUMBER_NAMES.indexOf(reaction);
  if (!vote && (choice === undefined || choice < 0)) return;
  // A thread reply's reaction names the channel and the reply's own ts, as the ledger recorded it.
  await deps.votes.react({
    present: change === 'add',
    ref,
    voter: `slack:${event.user}`,
    emoji: event.reaction,
    order: orderOf(event.event_ts, deps),
    ...(choice !== undefined ? { choice } : {}),
  });
}

/**
 * A deleted message takes its votes away: Slack sends `message` with subtype `message_deleted`
 * (subscriptions `message.channels` / `message.groups`), and no `reaction_removed` for the
 * reactions it had. Ordered by the deletion's `event_ts`, so a reaction event of the message that
 * Slack redelivers after it changes nothing.
 */
export async function handleSlackMessageDeleted(
  event: { channel?: string; deleted_ts?: string; event_ts?: string; ts?: string },
  deps: SlackVoteDeps,
): Promise<void> {
  if (!event.channel || !event.deleted_ts) return;
  const ref = { platform: 'slack' as const, channelId: event.channel, messageId: event.deleted_ts };
  await deps.votes.clear({ ref, order: orderOf(event.event_ts ?? event.ts, deps) });
}

/** Routes reaction events and message deletions into votes. */
export function listenForSlackVotes(app: App, deps: SlackVoteDeps): void {
  for (const change of ['add', 'remove'] as const) {
    app.event(change === 'add' ? 'reaction_added' : 'reaction_removed', async ({ event, body, context }) => {
      await handleSlackReaction(change, event, { teamId: body.team_id, botUserId: context.botUserId }, deps);
    });
  }
  app.event('message', async ({ event }) => {
    if (event.subtype === 'message_deleted') await handleSlackMessageDeleted(event, deps);
  });
}
