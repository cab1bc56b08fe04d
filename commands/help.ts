import { reply } from '../src/model.js';
import { closest } from '../src/text/closest.js';
import { verbatim } from '../src/text/verbatim.js';
import { optionUsage as keyValueUsage, OptionMistake } from './mistakes.js';
import type { Command, CommandDef, OptionDef } from './types.js';

/** `/papers help [command]`: what each subcommand does, or one in full. The registry passes the list in. */
export function createHelp(list: () => readonly CommandDef[]): Command {
  return {
    def: {
      name: 'help',
      description: 'What /papers can do',
      options: [
        {
          name: 'command',
          description: 'One command, to show it in full with each option',
          type: 'string',
          maxLength: 32,
          main: true,
          autocomplete: true,
        },
      ],
      adminOnly: false,
      slow: false,
      private: true,
    },
    async suggest(option, partial) {
      const typed = partial.trim().toLowerCase();
      return option === 'command'
        ? list()
            .filter((d) => d.name.startsWith(typed))
            .map((d) => ({ name: d.name, value: d.name }))
        : [];
    },
    async run(input, ctx) {
      const keyValue = ctx.keyValueOptions ?? false;
      if (input.command !== undefined) {
        const name = String(input.command).trim().toLowerCase();
        const def = list().find((d) => d.name === name);
        if (!def)
          throw new OptionMistake(
            'command',
            `There is no \`/papers ${verbatim(name.slice(0, 32))}\`.`,
            closest(
              name,
              list().map((d) => d.name),
            ),
          );
        return reply(commandUsage(def, keyValue));
      }
      const lines = helpLines(list(), keyValue);
      return reply(
        [
          'paperfeed brings Hugging Face Daily Papers here.',
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

/** One line per command, and one per group of commands (`helpGroup`), in the registry's order. */
function helpLines(defs: readonly CommandDef[], keyValue: boolean): string[] {
  const lines: string[] = [];
  const grouped = new Set<string>();
  // Help itself is the one being read.
  for (const d of defs.filter((c) => c.name !== 'help')) {
    if (!d.helpGroup) {
      lines.push(`• \`${commandLine(d, keyValue)}\` — ${d.description}${d.adminOnly ? ' (admins)' : ''}`);
      continue;
    }
    if (grouped.has(d.helpGroup)) continue;
    grouped.add(d.helpGroup);
    const members = defs.filter((g) => g.helpGroup === d.helpGroup).map((g) => `\`${commandLine(g, keyValue)}\``);
    lines.push(`• ${d.helpGroup}: ${members.join(' · ')}`);
  }
  return lines;
}

/** Optional options a line names where the platform lists every option itself (Discord); the rest are `[…]`. */
const NAMED_OPTIONS = 4;

/**
 * How a command is typed. Where the platform shows option names itself (Discord) each option is
 * `[name]`; where options are text (Slack) they are `[name:…]`, except the free-text one.
 */
export function commandLine(d: CommandDef, keyValue: boolean): string {
  if (d.helpOptions) return `/papers ${d.name} ${d.helpOptions}`;
  const shown = keyValue ? d.options : d.options.filter((o, i) => o.required || i < NAMED_OPTIONS);
  const more = shown.length < d.options.length ? ['[…]'] : [];
  return [`/papers ${d.name}`, ...shown.map((o) => optionUsage(o, keyValue)), ...more].join(' ');
}

/** `/papers help <command>`: how it is typed, then each option with what it takes (and its other names on Slack). */
export function commandUsage(d: CommandDef, keyValue: boolean): string {
  const options = d.options.map((o) => {
    const aliases = keyValue && o.aliases?.length ? ` (also ${o.aliases.map((a) => `\`${a}:\``).join(', ')})` : '';
    return `• \`${keyValueUsage(o, keyValue)}\`${aliases} — ${o.description}${o.required ? ' (required)' : ''}`;
  });
  const filters = d.options.some((o) => o.name === 'keywords') ? FILTER_HELP : [];
  return [
    `\`${commandLine(d, keyValue)}\` — ${d.description}${d.adminOnly ? ' (admins)' : ''}`,
    ...options,
    ...filters,
  ].join('\n');
}

function optionUsage(o: OptionDef, keyValue: boolean): string {
  const value = o.choices ? o.choices.join('|') : o.type === 'integer' ? 'N' : '…';
  const shown = keyValue && !o.main && !o.leading ? `${o.name}:${value}` : o.name;
  return o.required ? `<${shown}>` : `[${shown}]`;
}
/** The filter language of `subscribe`'s `keywords` (src/filter/), with examples that work on both platforms. */
export const FILTER_HELP: readonly string[] = [
  'Filters (`keywords`): words and quoted phrases are either-or, whole words in the title, abstract, AI summary and HF keywords (any case, singular or plural); `-word` leaves papers out; `author:` and `category:` narrow down, each must match. Examples:',
  "• `agents 'tool use'` — papers mentioning agent(s) or the phrase tool use",
  '• `diffusion -survey -distillation` — diffusion papers, without surveys or distillation',
  "• `author:'Yann LeCun' author:Bengio` — papers by either",
  '• `category:cs.CL -category:cs.CV` — arXiv cs.CL papers that are not also cs.CV (`category:cs` is all of cs.*)',
];
