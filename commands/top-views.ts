import { toCard } from '../src/papers/card.js';
import { reply, type Reply } from '../src/model.js';
import { truncate } from '../src/text/truncate.js';
import { PERIODS, periodStart, type TopArgs } from './top-args.js';
import { voterNames } from './voter-names.js';
import { rankPeople, votesOfPerson, votesPerPerson, votesSince } from '../src/votes/by-person.js';
import { teamOf } from '../src/votes/team-board.js';
import type { CommandContext } from './types.js';
import { verbatim } from '../src/text/verbatim.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `top me`: the caller's own votes in the period (by when they voted), most recent first. */
export async function myVotes(args: TopArgs, ctx: CommandContext): Promise<Reply> {
  const team = await teamOf(ctx);
  const { label } = PERIODS[args.period];
  const since = periodStart(args.period, ctx.clock.now());
  const mine = votesSince(await votesOfPerson(ctx.stores, team, ctx.userId), since);
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
    .flatMap((_, i) => (papers[i] ? [toCard(papers[i], { votes: counts[i] ?? 0, rank: i + 1 })] : []));
  return reply(`Your votes ${label} (${mine.length}):\n${lines.join('\n')}`, { cards });
}

/** `top voters`: who votes most in the period, one line per person. */
export async function topVoters(args: TopArgs, ctx: CommandContext): Promise<Reply> {
  const team = await teamOf(ctx);
  const { label } = PERIODS[args.period];
  const totals = await votesPerPerson(ctx.stores, team, periodStart(args.period, ctx.clock.now()));
  if (totals.size === 0)
    return reply(`Nobody has voted ${label}. React with ${ctx.voteEmoji} on a paper the bot posted to vote for it.`);
  const ranked = rankPeople(totals).slice(0, args.limit ?? 10);
  const names = await voterNames(
    ctx,
    ranked.map(([v]) => v),
  );
  const lines = ranked.map(([v, n], i) => `${i + 1}. ${verbatim(names.get(v) ?? 'someone')} · ${plural(n, 'vote')}`);
  return reply(
    `Who votes most ${label} (${plural(totals.size, 'person').replace('persons', 'people')}):\n${lines.join('\n')}`,
  );
}
