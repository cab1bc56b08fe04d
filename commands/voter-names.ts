import type { CommandContext } from './types.js';

/**
 * Names for voters, falling back to a neutral label where the platform gives none. A linked person
 * (`person:<id>`) is named by their account on this platform, or else by their other one.
 */
export async function voterNames(ctx: CommandContext, voters: readonly string[]): Promise<Map<string, string>> {
  const here = `${ctx.channel.platform}:`;
  const accounts = await Promise.all(
    voters.map(async (v) => (v.startsWith('person:') ? ctx.stores.teams.identitiesOf(v) : [v])),
  );
  const shownAs = voters.map((v, i) => accounts[i]!.find((a) => a.startsWith(here)) ?? accounts[i]![0] ?? v);
  const named = ctx.displayNames
    ? await ctx.displayNames([...new Set(shownAs)]).catch(() => new Map<string, string>())
    : new Map<string, string>();
  return new Map(voters.map((v, i) => [v, named.get(shownAs[i]!) ?? 'someone']));
}

/** "A, B and C", or "A, B and 7 others" past `max`. */
export function listNames(names: readonly string[], max = 20): string {
  if (names.length <= 1) return names.join('');
  if (names.length > max) return `${names.slice(0, max).join(', ')} and ${names.length - max} others`;
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
