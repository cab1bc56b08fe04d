import { toCard } from '../src/papers/card.js';
import { reply, type Reply } from '../src/model.js';
import { truncate } from '../src/text/truncate.js';
import { PERIODS, periodStart, type TopArgs } from './top-args.js';
import { voterNames } from './voter-names.js';
import { teamOf } from '../src/votes/team-board.js';
import type { CommandContext } from './types.js';
import { verbatim } from '../src/text/verbatim.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The caller's votes in the team, paper → when: as their linked person, and as each of their
 * accounts (votes cast before the link stay under the account).
 */
async function votesOfCaller(ctx: CommandContext, team: string): Promise<Map<string, number>> {
  const voter = await ctx.stores.teams.voterOf(ctx.userId);
  const voters = voter === ctx.userId ? [voter] : [voter, ...(await ctx.stores.teams.identitiesOf(voter))];
  const merged = new Map<string, number>();
  for (const votes of await Promise.all(voters.map((v) => ctx.stores.votes.votesOf(team, v)))) {
    for (const [paperId, at] of votes) merged.set(paperId, Math.min(at, merged.get(paperId) ?? Infinity));
  }
  return merged;
}

/** `top me`: the caller's own votes in the period (by when they voted), most recent first. */
export async function myVotes(args: TopArgs, ctx: CommandContext): Promise<Reply> {
  const team = await teamOf(ctx);
  const { label } = PERIODS[args.period];
  const since = periodStart(args.period, ctx.clock.now());
  const mine = [...(await votesOfCaller(ctx, team))]
    .filter(([, at]) => at >= since)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (mine.length === 0)
    return reply(`You have no votes ${label}. React with ${ctx.voteEmoji} on a paper the bot posted to vote for it.`);
  const shown = mine.slice(0, args.limit ?? 10);
  const ids = shown.map(([id]) => id);
  const [counts, papers] = await Promise.all([ctx.stores.votes.counts(team, ids), ctx.stores.papers.getPapers(ids)]);
  const lines = shown.map(([id, at], i) => {
    const p = papers[i];
    return `${i + 1}. ${verbatim(truncate(p?.title ?? id, 70))} · ${plural(counts[i] ?? 0, 'team vote')} · ▲ ${p?.upvotes ?? '?'} · voted ${new Date(at).toISOString().slice(0, 10)}`;
  });
  const cards = shown
    .slice(0, ctx.cardsPerReply)
    .flatMap((_, i) => (papers[i] ? [toCard(papers[i], { votes: counts[i] ?? 0 })] : []));
  return reply(`Your votes ${label} (${mine.length}):\n${lines.join('\n')}`, { cards });
}

/**
 * `top voters`: who votes most. All time reads the per-voter counts kept with the votes (one read);
 * a period counts votes on the papers posted in it (two reads).
 */
export async function topVoters(args: TopArgs, ctx: CommandContext): Promise<Reply> {
  const team = await teamOf(ctx);
  const { label } = PERIODS[args.period];
  const since = periodStart(args.period, ctx.clock.now());
  let totals: Map<string, number>;
  if (since <= 0) totals = await ctx.stores.votes.voterTotals(team);
  else {
    const papers = (await ctx.stores.votes.leaderboard(team, since)).map((t) => t.paperId);
    totals = new Map();
    for (const voters of await ctx.stores.votes.votersOfMany(team, papers))
      for (const v of voters) totals.set(v, (totals.get(v) ?? 0) + 1);
  }
  totals = await byPerson(ctx, totals);
  if (totals.size === 0)
    return reply(`Nobody has voted ${label}. React with ${ctx.voteEmoji} on a paper the bot posted to vote for it.`);
  const ranked = [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, args.limit ?? 10);
  const names = await voterNames(
    ctx,
    ranked.map(([v]) => v),
  );
  const lines = ranked.map(([v, n], i) => `${i + 1}. ${verbatim(names.get(v) ?? 'someone')} · ${plural(n, 'vote')}`);
  return reply(
    `Who votes most ${label} (${plural(totals.size, 'person').replace('persons', 'people')}):\n${lines.join('\n')}`,
  );
}

/** Totals per voter folded into totals per person (an account's votes from before a link count for its person). */
async function byPerson(ctx: CommandContext, totals: Map<string, number>): Promise<Map<string, number>> {
  const people = await ctx.stores.teams.peopleOf([...totals.keys()]);
  const out = new Map<string, number>();
  [...totals.values()].forEach((n, i) => out.set(people[i]!, (out.get(people[i]!) ?? 0) + n));
  return out;
}
