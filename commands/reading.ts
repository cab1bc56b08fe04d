import { reply } from '../src/model.js';
import { truncate } from '../src/text/truncate.js';
import { verbatim } from '../src/text/verbatim.js';
import { teamOf } from '../src/votes/team-board.js';
import { READING_CLUB } from './reading-club.js';
import type { Command, CommandContext } from './types.js';
import { voterNames } from './voter-names.js';

/** Claims one answer lists at most. */
const SHOWN = 25;

interface OpenClaim {
  paperId: string;
  reader: string;
  at: number;
}

/** `/papers reading [me|all]`: the team's open 📖 claims, oldest first: who, what, since when, takeaway yes/no. */
export const reading: Command = {
  def: {
    name: 'reading',
    description: "Who is reading what: the team's open 📖 claims (or only yours: me)",
    options: [{ name: 'who', description: 'all (default) or me', type: 'string', choices: ['all', 'me'], main: true }],
    adminOnly: false,
    helpGroup: READING_CLUB,
    slow: false,
    private: true,
  },
  async run(input, ctx) {
    const mine = input.who === 'me';
    const team = await teamOf(ctx);
    const emoji = ctx.club?.readEmoji ?? '📖';
    const me = new Set([ctx.userId, await ctx.stores.teams.voterOf(ctx.userId)]);
    const claims = (await openClaims(ctx, team)).filter((c) => !mine || me.has(c.reader));
    if (claims.length === 0)
      return reply(
        mine
          ? `You are not reading anything right now. React with ${emoji} on a paper the bot posted to claim it.`
          : `Nobody is reading anything right now. React with ${emoji} on a paper the bot posted to claim it.`,
      );
    const shown = claims.slice(0, SHOWN);
    const ids = [...new Set(shown.map((c) => c.paperId))];
    const [papers, takeaways, names] = await Promise.all([
      ctx.stores.papers.getPapers(ids),
      ctx.stores.takeaways.ofMany(team, ids),
      namesOf(ctx, team, [...new Set(shown.map((c) => c.reader))]),
    ]);
    const lines = shown.map((c, n) => {
      const i = ids.indexOf(c.paperId);
      const title = verbatim(truncate(papers[i]?.title ?? c.paperId, 70));
      const wrote = (takeaways[i] ?? []).some((t) => t.author === c.reader) ? 'yes' : 'no';
      const who = mine ? '' : `${verbatim(names.get(c.reader) ?? 'someone')} · `;
      return `${n + 1}. ${who}${title} (${c.paperId}) · since ${new Date(c.at).toISOString().slice(0, 10)} · takeaway: ${wrote}`;
    });
    const more = claims.length > SHOWN ? [`…and ${claims.length - SHOWN} more.`] : [];
    const head = mine
      ? `Your open claims (${claims.length}), oldest first:`
      : `Open claims in this team (${claims.length}), oldest first:`;
    return reply([head, ...lines, ...more].join('\n'));
  },
};

/** Every open claim in the team, oldest first. */
async function openClaims(ctx: CommandContext, team: string): Promise<OpenClaim[]> {
  const ids = [...(await ctx.stores.claims.claimedPapers(team)).keys()];
  const readers = await ctx.stores.claims.readersOfMany(team, ids);
  return ids
    .flatMap((paperId, i) => [...readers[i]!].map(([reader, at]) => ({ paperId, reader, at })))
    .sort((a, b) => a.at - b.at || a.paperId.localeCompare(b.paperId));
}

/** Readers' names: as the club last saw them, else as this platform names them now. */
async function namesOf(ctx: CommandContext, team: string, readers: readonly string[]): Promise<Map<string, string>> {
  const stored = await ctx.stores.claims.readerNames(team, readers);
  const missing = readers.filter((r) => !stored.has(r));
  const looked = missing.length ? await voterNames(ctx, missing) : new Map<string, string>();
  return new Map([...looked, ...stored]);
}
