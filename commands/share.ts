import { randomBytes } from 'node:crypto';
import { UserError } from '../src/errors.js';
import { reply, type PaperCard, type Reply } from '../src/model.js';
import { toCard } from '../src/papers/card.js';
import { canonicalPaperId } from '../src/papers/paper-id.js';
import { shareClaim } from '../src/store/keys.js';
import { verbatim } from '../src/text/verbatim.js';
import type { CommandContext } from './types.js';

/**
 * How long a Share button remembers it was pressed (ms). A double click, Slack sending the press
 * again, or a second press of the same button posts nothing more; running the command again gives
 * new buttons.
 */
export const SHARE_ONCE_MS = 24 * 3_600_000;

const TOKEN = /^[0-9a-f]{12}$/;
/** A Share button's action, after the command's name: `paper:share:<token>:<paper id>`. */
export const SHARE_VERB = 'share';

/**
 * The cards of an answer only the caller sees, each with a "Share in channel" button. One token per
 * answer names its buttons, so each button posts its card once however often it is pressed.
 */
export function shareable(cards: readonly PaperCard[]): PaperCard[] {
  const token = randomBytes(6).toString('hex');
  return cards.map((c) => ({
    ...c,
    actions: [
      ...(c.actions ?? []),
      {
        kind: 'action',
        label: 'Share in channel',
        short: 'Share',
        action: `paper:${SHARE_VERB}:${token}:${c.paperId}`,
      },
    ],
  }));
}

/**
 * A Share button pressed (`<token>:<paper id>`): the card, posted in the channel for everyone,
 * saying who shared it by name (never a mention). A press of a button that posted already is
 * answered only to the presser, in a message of its own.
 */
export async function shareCard(args: string, ctx: CommandContext): Promise<Reply> {
  const at = args.indexOf(':');
  const token = args.slice(0, at);
  const id = canonicalPaperId(args.slice(at + 1));
  if (at < 0 || !TOKEN.test(token) || !id) throw new UserError('That button no longer works; run the command again.');
  const paper = (await ctx.stores.papers.getPaper(id)) ?? (await ctx.feed.paper(id));
  if (!paper) throw new UserError(`Paper ${id} is no longer on Hugging Face or arXiv, so it cannot be shared.`);
  if (!(await ctx.stores.backend.claimOnce(shareClaim(token, id), SHARE_ONCE_MS)))
    return reply('You shared this paper in the channel already.', { separate: true });
  const names = await ctx.displayNames?.([ctx.userId]).catch(() => undefined);
  const name = names?.get(ctx.userId);
  return reply(`Shared by ${name ? verbatim(name) : 'a member'}`, {
    cards: [toCard(paper, { authors: true, dated: true })],
    private: false,
    separate: true,
  });
}
