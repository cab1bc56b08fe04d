import { UserError } from '../src/errors.js';
import { reply, teamKey } from '../src/model.js';
import { linkRefusal } from './link-refusal.js';
import type { Command } from './types.js';
import { code as codeText } from '../src/text/rich.js';

const PLATFORM_NAMES: Record<string, string> = { discord: 'Discord server', slack: 'Slack workspace' };
const describeMember = (key: string) =>
  `${PLATFORM_NAMES[key.slice(0, key.indexOf(':'))] ?? key.slice(0, key.indexOf(':'))} ${key.slice(key.indexOf(':') + 1)}`;

/** `/papers team [link|unlink] [code]`: join this server or workspace with one on the other platform. Admins only. */
export const team: Command = {
  def: {
    name: 'team',
    description: 'Share one leaderboard with a team on the other platform',
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
        description: 'The one-time code shown by /papers team link on the other platform',
        type: 'string',
        maxLength: 16,
      },
    ],
    adminOnly: true,
    slow: false,
    private: true,
  },
  async run(input, ctx) {
    const own = teamKey(ctx.channel);
    const action = (input.action as string | undefined) ?? (input.code ? 'link' : 'status');
    const now = ctx.clock.now();
    if (action === 'link' && input.code === undefined) {
      const code = await ctx.stores.teams.offer('team', own, now);
      return reply(
        `To link this ${describeMember(own)} with one on the other platform, an admin there runs ${codeText(`/papers team link code:${code}`)} within 10 minutes. The code works once.`,
      );
    }
    if (action === 'link') {
      const result = await ctx.stores.teams.accept('team', String(input.code), own, now);
      if (!result.ok) throw new UserError(linkRefusal('team', result));
      return reply(
        `🔗 Linked with ${describeMember(result.with)}: from now on, papers posted on either platform share one leaderboard and one recap. Papers posted before the link keep their votes on each platform's own leaderboard.`,
        { private: false },
      );
    }
    if (action === 'unlink') {
      return (await ctx.stores.teams.unlink('team', own))
        ? reply('Unlinked: this team has its own leaderboard again for papers posted from now on.', { private: false })
        : reply('This team is not linked with another platform.');
    }
    const members = (await ctx.stores.teams.membersOf('team', own)).filter((m) => m !== own);
    return reply(
      members.length
        ? `This team is linked with ${members.map(describeMember).join(', ')}: one leaderboard and one recap.`
        : `This team is not linked. ${codeText('/papers team link')} shows a code to enter on the other platform.`,
    );
  },
};
