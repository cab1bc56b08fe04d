import type { App } from '@slack/bolt';
import type { VoteIntake } from '../../src/votes/vote-intake.js';
import { slackEventOrder, slackReactionNames } from './reactions.js';

/** Slack's names of 📖 (`book`, alias `open_book`); otherwise READ_EMOJI as `:name:` or `name`. */
export function slackReadNames(readEmoji: string): string[] {
  if (readEmoji === '📖') return ['book', 'open_book'];
  const names = slackReactionNames(readEmoji);
  return names.includes('+1') ? ['book', 'open_book'] : names;
}

export interface SlackClaimDeps {
  claims: VoteIntake;
  readEmoji: string;
  /** ms since the epoch: orders an event without a valid `event_ts`, on Slack's scale (µs). */
  now: () => number;
}

interface ReactionEvent {
  user: string;
  reaction: string;
  item: { type: string; channel?: string; ts?: string };
  event_ts?: string;
}

/**
 * Routes 📖 reactions into reading claims, beside the vote listeners (Bolt runs every listener of
 * an event), ordered by `event_ts` like votes: a redelivered or overtaken event changes nothing.
 * A deleted message takes its claims away.
 */
export function listenForSlackClaims(app: App, deps: SlackClaimDeps): void {
  const names = slackReadNames(deps.readEmoji);
  const orderOf = (eventTs: string | undefined) => slackEventOrder(eventTs) ?? deps.now() * 1000;
  for (const present of [true, false]) {
    app.event(present ? 'reaction_added' : 'reaction_removed', async ({ event, context }) => {
      const e = event as ReactionEvent;
      const name = e.reaction.split('::')[0] ?? '';
      if (!names.includes(name) || e.item.type !== 'message' || !e.item.channel || !e.item.ts) return;
      if (e.user === context.botUserId) return;
      await deps.claims.react({
        present,
        ref: { platform: 'slack', channelId: e.item.channel, messageId: e.item.ts },
        voter: `slack:${e.user}`,
        emoji: e.reaction,
        order: orderOf(e.event_ts),
      });
    });
  }
  app.event('message', async ({ event }) => {
    const e = event as { subtype?: string; channel?: string; deleted_ts?: string; event_ts?: string; ts?: string };
    if (e.subtype !== 'message_deleted' || !e.channel || !e.deleted_ts) return;
    const ref = { platform: 'slack' as const, channelId: e.channel, messageId: e.deleted_ts };
    await deps.claims.clear({ ref, order: orderOf(e.event_ts ?? e.ts) });
  });
}
