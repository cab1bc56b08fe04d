import { UserError } from '../src/errors.js';
import { reply } from '../src/model.js';
import { linkRefusal } from './link-refusal.js';
import type { Command } from './types.js';
import { code as codeText } from '../src/text/rich.js';

const PLATFORM_NAMES: Record<string, string> = { discord: 'Discord', slack: 'Slack' };
const platformOf = (identity: string) => identity.slice(0, identity.indexOf(':'));
const describeAccount = (identity: string) =>
  `your ${PLATFORM_NAMES[platformOf(identity)] ?? platformOf(identity)} account`;

/**
 * `/papers account [link|unlink] [code]`: join your accounts on Discord and Slack into one voter,
 * so reacting to the same paper on both platforms counts once. For anyone; answers are private.
 */
export const account: Command = {
  def: {
    name: 'account',
    description: 'Make your Discord and Slack accounts one voter',
    options: [
      {
        name: 'action',
        description: 'status (default), link (shows a code, or enters one with code:) or unlink',
        type: 'string',
        choices: ['status', 'link', 'unlink'],
        main: true,
      },
      {
        name: 'code',
        description: 'The one-time code shown by /papers account link on the other platform',
        type: 'string',
        maxLength: 16,
      },
    ],
    adminOnly: false,
    slow: false,
    private: true,
  },
  async run(input, ctx) {
    const me = ctx.userId;
    const action = (input.action as string | undefined) ?? (input.code ? 'link' : 'status');
    const now = ctx.clock.now();
    if (action === 'link' && input.code === undefined) {
      const code = await ctx.stores.teams.offer('person', me, now);
      return reply(
        `To link ${describeAccount(me)} with your account on the other platform, run ${codeText(`/papers account link code:${code}`)} there within 10 minutes. The code works once; keep it to yourself.`,
      );
    }
    if (action === 'link') {
      const result = await ctx.stores.teams.accept('person', String(input.code), me, now);
      if (!result.ok) throw new UserError(linkRefusal('person', result));
      return reply(
        `🔗 Linked with ${describeAccount(result.with)}: from now on your reactions on either platform are one vote per paper. Votes you cast before stay as they were until you remove the reaction.`,
      );
    }
    if (action === 'unlink') {
      return (await ctx.stores.teams.unlink('person', me))
        ? reply('Unlinked: your reactions here count as a vote of their own again from now on.')
        : reply('This account is not linked with another platform.');
    }
    const others = (await ctx.stores.teams.membersOf('person', me)).filter((m) => m !== me);
    return reply(
      others.length
        ? `This account is linked with ${others.map(describeAccount).join(' and ')}: your reactions on either platform are one vote per paper.`
        : `This account is not linked. ${codeText('/papers account link')} shows a code to enter on the other platform, so your reactions on both count as one vote.`,
    );
  },
};
