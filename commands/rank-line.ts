import { teamKey } from '../src/model.js';
import type { Subscription } from '../src/subscriptions/subscription.js';
import { historyIds } from '../src/taste/history.js';
import { AUTO_MIN_LIKED, type RankMode } from '../src/taste/rank.js';
import type { CommandContext, OptionDef } from './types.js';
import { code } from '../src/text/rich.js';

/** The `rank` option of `subscribe`. */
export const RANK_OPTION: OptionDef = {
  name: 'rank',
  description: "Order of the papers: auto (default: this team's taste once it has votes), team, or hf (HF upvotes)",
  type: 'string',
  choices: ['auto', 'team', 'hf'],
};

/** What this channel's team has taught its taste, as counted for ranking. */
export interface TeamTaste {
  /** Papers liked: voted for, or imported. */
  papers: number;
  votes: number;
  notInterested: number;
  /** The taste's weight in the blend as last learnt (0: its votes predicted no better than HF upvotes), when learnt. */
  blend?: number;
}

/** The counts the ranking of this channel's team learns from (its votes since a reset, imports, 👎). */
export async function teamTaste(ctx: Pick<CommandContext, 'stores' | 'channel' | 'clock'>): Promise<TeamTaste> {
  const team = await ctx.stores.teams.teamOf(teamKey(ctx.channel));
  const [ids, stored] = await Promise.all([
    historyIds(ctx.stores, team, ctx.clock.now()),
    ctx.stores.taste.model<{ blend: number }>(team),
  ]);
  let votes = 0;
  for (const l of ids.liked.values()) votes += l.voters;
  const blend = stored?.model?.blend;
  return {
    papers: ids.liked.size,
    votes,
    notInterested: ids.notInterested.size,
    ...(blend !== undefined ? { blend } : {}),
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One sentence: which order a feed's posts are in, and why ("ranked by this team's taste: 34 votes, 3 not interested"). */
export function rankSentence(mode: RankMode, t: TeamTaste): string {
  const option = `(${code(`rank:${mode}`)})`;
  if (mode === 'hf') return `Papers are in Hugging Face upvote order ${option}.`;
  const learnt = `${plural(t.votes, 'vote')}, ${t.notInterested} not interested${
    t.blend === 0 ? '; so far they predict what it votes for no better than HF upvotes, so the order is still HF’s' : ''
  }`;
  if (mode === 'team')
    return t.papers > 0
      ? `Papers are ranked by this team's taste: ${learnt} ${option}.`
      : `Papers are in Hugging Face upvote order until this team votes, then ranked by its taste ${option}.`;
  if (t.papers >= AUTO_MIN_LIKED) return `Papers are ranked by this team's taste: ${learnt} ${option}.`;
  return `Papers are in Hugging Face upvote order until this team has voted for ${AUTO_MIN_LIKED} papers (${t.papers} so far), then ranked by its taste ${option}.`;
}

/** The sentence for one feed. */
export const rankLine = async (sub: Subscription, ctx: CommandContext): Promise<string> =>
  rankSentence(sub.rank ?? 'auto', await teamTaste(ctx));
