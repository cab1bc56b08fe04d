import { PostError } from '../delivery/channel-poster.js';
import { teamKey, type ChannelRef, type MessageRef, type Platform } from '../model.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Stores } from '../store/index.js';
import type { PaperMessage } from '../store/ledger.js';
import type { ClubPoster } from './club-poster.js';
import { takeawayMessage, threadNameOf } from './messages.js';

export interface TakeawayRequest {
  paperId: string;
  /** The paper's title, for a thread started on its message. */
  title: string;
  text: string;
  /** Where it was written: the paper's thread in this channel is preferred. */
  channel: ChannelRef;
  /** Who wrote it (`platform:userId`) and the name they go by there. */
  identity: string;
  name: string;
}

export interface TakeawayOutcome {
  /** The writer had a takeaway on the paper already: this one replaced it. */
  replaced: boolean;
  /** The thread message that shows it; absent when the paper has no message in the team to thread on. */
  shownIn?: MessageRef;
  /** The thread could not be written to (the platform refused); the takeaway is kept all the same. */
  failed?: boolean;
}

export interface TakeawayDeps {
  stores: Stores;
  posters: ReadonlyMap<Platform, ClubPoster>;
  clock: Clock;
  logger: Logger;
}

/**
 * The message whose thread a takeaway goes in: the paper's message in the asking channel (or the
 * one whose thread the asker is in: a Discord thread on a message has the message's id), else the
 * team's latest. Only messages a platform here can post to count.
 */
export function threadFor(
  messages: readonly PaperMessage[],
  team: string,
  channel: ChannelRef,
  posters: ReadonlyMap<Platform, ClubPoster>,
): PaperMessage | undefined {
  const mine = messages.filter((m) => m.team === team && posters.has(m.ref.platform)).sort((a, b) => b.at - a.at);
  const here = (m: PaperMessage) =>
    m.ref.platform === channel.platform &&
    (m.ref.channelId === channel.channelId || m.ref.messageId === channel.channelId);
  return mine.find(here) ?? mine[0];
}

/**
 * Records a takeaway (replacing the writer's earlier one) and shows it in the paper's thread: an
 * edit of the message that showed the earlier one, or a new reply. It is stored first, so a
 * platform that refuses the post loses nothing; it never pings anyone.
 */
export async function recordTakeaway(deps: TakeawayDeps, req: TakeawayRequest): Promise<TakeawayOutcome> {
  const { stores, posters, clock } = deps;
  const team = await stores.teams.teamOf(teamKey(req.channel));
  const author = await stores.teams.voterOf(req.identity);
  const earlier = await stores.takeaways.get(team, req.paperId, author);
  const base = { author, name: req.name, text: req.text, at: clock.now() };
  await stores.takeaways.put(team, req.paperId, { ...base, ...(earlier?.message ? { message: earlier.message } : {}) });
  await stores.claims.nameReader(team, author, req.name);
  const message = takeawayMessage(req.name, req.text, req.paperId);
  const replaced = earlier !== undefined;
  try {
    const old = earlier?.message;
    const oldPoster = old && posters.get(old.platform);
    if (old && oldPoster) {
      try {
        await oldPoster.edit(old, message);
        return { replaced, shownIn: old };
      } catch (error) {
        // The earlier message is gone: a new one takes its place below.
        if (!(error instanceof PostError && error.permanent)) throw error;
      }
    }
    const target = threadFor(await stores.ledger.messagesForPaper(req.paperId), team, req.channel, posters);
    if (!target) return { replaced };
    const shownIn = await posters.get(target.ref.platform)!.replyInThread(target.ref, message, threadNameOf(req.title));
    await stores.takeaways.put(team, req.paperId, { ...base, message: shownIn });
    return { replaced, shownIn };
  } catch (error) {
    deps.logger.warn('could not show a takeaway in its thread', {
      paperId: req.paperId,
      error: error instanceof Error ? error.message : String(error),
    });
    return { replaced, failed: true };
  }
}
