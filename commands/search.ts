import { randomBytes } from 'node:crypto';
import { toCard } from '../src/papers/card.js';
import { UserError } from '../src/errors.js';
import { reply, type ActionButton, type Reply } from '../src/model.js';
import type { Command, CommandContext } from './types.js';
import { pagerKey } from '../src/store/keys.js';
import { quoted } from '../src/text/verbatim.js';
import { searchEmptyNote, searchSourceNote } from './upstream-notes.js';
import { emphasis } from '../src/text/rich.js';
import { shareable } from './share.js';

const MAX_RESULTS = 25;
/** A results page stays navigable this long (ms). */
const PAGER_TTL = 15 * 60_000;

interface Pager {
  query: string;
  ids: string[];
  /** Where the results come from when Hugging Face did not answer (worded at the search). */
  degraded?: string;
}

/** `/papers search <query>`: HF search merged with the local index, paginated with buttons. */
export const search: Command = {
  def: {
    name: 'search',
    description: 'Search papers by title, author or topic',
    options: [
      {
        name: 'query',
        description: 'What to look for',
        type: 'string',
        required: true,
        minLength: 2,
        maxLength: 200,
        main: true,
        autocomplete: true,
      },
    ],
    adminOnly: false,
    slow: true,
    private: true,
  },
  async run(input, ctx) {
    const query = String(input.query).replace(/\s+/g, ' ');
    const result = await ctx.feed.search(query, MAX_RESULTS);
    if (result.papers.length === 0) {
      const why = result.degraded ? `: ${searchEmptyNote(result.degraded)}` : '.';
      return reply(`No papers found for ${quoted(query, 200)}${why}`);
    }
    const degraded = result.degraded && searchSourceNote(result.degraded);
    const pager: Pager = { query, ids: result.papers.map((p) => p.id), degraded };
    const token = randomBytes(6).toString('hex');
    await ctx.stores.backend.kv.set(pagerKey(token), pager, PAGER_TTL);
    return page(pager, token, 0, ctx);
  },
  async onAction(action, ctx) {
    const [token, pageText] = action.split(':');
    const pager = token ? await ctx.stores.backend.kv.get<Pager>(pagerKey(token)) : undefined;
    if (!pager) throw new UserError('These search results have expired; run the search again.');
    return page(pager, token!, Number(pageText) || 0, ctx);
  },
  async suggest(option, partial, ctx) {
    if (option !== 'query' || partial.trim().length < 3) return [];
    const result = await ctx.feed.search(partial, 10).catch(() => ({ papers: [] }));
    return result.papers.map((p) => ({ name: p.title, value: p.title }));
  },
};

async function page(pager: Pager, token: string, n: number, ctx: CommandContext): Promise<Reply> {
  // Cards per page: what the platform shows in full in one reply.
  const size = ctx.cardsPerReply;
  const pages = Math.ceil(pager.ids.length / size);
  const current = Math.min(Math.max(0, n), pages - 1);
  const ids = pager.ids.slice(current * size, (current + 1) * size);
  const papers = (await Promise.all(ids.map((id) => ctx.stores.papers.getPaper(id)))).filter((p) => p !== undefined);
  const buttons: ActionButton[] = [];
  if (current > 0) buttons.push({ kind: 'action', label: '◀ Previous', action: `search:${token}:${current - 1}` });
  if (current < pages - 1) buttons.push({ kind: 'action', label: 'Next ▶', action: `search:${token}:${current + 1}` });
  const note = pager.degraded ? `\n${emphasis(pager.degraded)}` : '';
  return reply(
    `Results for ${quoted(pager.query, 200)} (page ${current + 1} of ${pages}, ${pager.ids.length} papers):${note}`,
    {
      cards: shareable(papers.map((p, i) => toCard(p, { rank: current * size + i + 1, dated: true }))),
      buttons,
    },
  );
}
