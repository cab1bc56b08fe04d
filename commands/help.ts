import { reply } from '../src/model.js';
import type { Command, CommandDef, OptionDef } from './types.js';

/** `/papers help`: what each subcommand does. The registry passes the list in. */
export function createHelp(list: () => readonly CommandDef[]): Command {
  return {
    def: {
      name: 'help',
      description: 'What /papers can do',
      options: [],
      adminOnly: false,
      slow: false,
      private: true,
    },
    async run(_input, ctx) {
      const keyValue = ctx.keyValueOptions ?? false;
      const lines = list().map(
        (d) => `• \`${commandLine(d, keyValue)}\` — ${d.description}${d.adminOnly ? ' (admins)' : ''}`,
      );
      return reply(
        [
          'paperfeed posts Hugging Face and arXiv papers here.',
          ...lines,
          ...(keyValue
            ? [
                'Options are written key:value, quoted when they have spaces: `/papers subscribe time:09:00 tz:Europe/Berlin keywords:"video, agents"`.',
              ]
            : []),
          ...FILTER_HELP,
          `React with ${ctx.voteEmoji} on a posted paper to vote; \`/papers top\` shows the team's favourites.`,
        ].join('\n'),
      );
    },
  };
}

/**
 * How a command is typed. Where the platform shows option names itself (Discord) each option is
 * `[name]`; where options are text (Slack) they are `[name:…]`, except the free-text one.
 */
export function commandLine(d: CommandDef, keyValue: boolean): string {
  if (d.helpOptions) return `/papers ${d.name} ${d.helpOptions}`;
  return [`/papers ${d.name}`, ...d.options.map((o) => optionUsage(o, keyValue))].join(' ');
}

function optionUsage(o: OptionDef, keyValue: boolean): string {
  const value = o.choices ? o.choices.join('|') : o.type === 'integer' ? 'N' : '…';
  const shown = keyValue && !o.main ? `${o.name}:${value}` : o.name;
  return o.required ? `<${shown}>` : `[${shown}]`;
}
/** The filter language of `subscribe`'s `keywords` (src/filter/), with examples that work on both platforms. */
export const FILTER_HELP: readonly string[] = [
  'Filters (`keywords`): words and quoted phrases are either-or, matched as whole words in the title, abstract, AI summary and HF keywords, in any case, singular or plural. `-word` leaves papers out; `author:` and `category:` narrow down (each must match). Examples:',
  "• `agents 'tool use'` — papers mentioning agent(s) or the phrase tool use",
  '• `diffusion -survey -distillation` — diffusion papers, without surveys or distillation',
  "• `author:'Yann LeCun' author:Bengio` — papers by either",
  '• `category:cs.CL -category:cs.CV` — arXiv cs.CL papers that are not also cs.CV (`category:cs` is all of cs.*)',
];

/** Help for one command, shown after a bad argument. */
export function usageOf(d: CommandDef): string {
  const opts = d.options.map((o) => `  ${o.name}${o.required ? ' (required)' : ''}: ${o.description}`);
  return [`\`/papers ${d.name}\` — ${d.description}`, ...opts].join('\n');
}
