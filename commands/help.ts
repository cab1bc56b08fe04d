import { reply } from '../src/model.js';
import type { Command, CommandDef } from './types.js';

/** `/papers help`: what each subcommand does. The registry passes the list in. */
export function createHelp(list: () => readonly CommandDef[]): Command {
  return {
    def: { name: 'help', description: 'What /papers can do', options: [], adminOnly: false, slow: false, private: true },
    async run(_input, ctx) {
      const lines = list().map((d) => `• \`/papers ${d.name}\`${d.options.length ? ` ${d.options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`)).join(' ')}` : ''} — ${d.description}${d.adminOnly ? ' (admins)' : ''}`);
      return reply(
        [
          'paperfeed brings Hugging Face Daily Papers to this channel.',
          ...lines,
          `React with ${ctx.voteEmoji} on a posted paper to vote; \`/papers top\` shows the team's favourites.`,
        ].join('\n'),
      );
    },
  };
}

/** Help for one command, shown after a bad argument. */
export function usageOf(d: CommandDef): string {
  const opts = d.options.map((o) => `  ${o.name}${o.required ? ' (required)' : ''}: ${o.description}`);
  return [`\`/papers ${d.name}\` — ${d.description}`, ...opts].join('\n');
}
