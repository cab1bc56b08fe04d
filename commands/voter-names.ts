import type { CommandContext } from './types.js';

/** Names for voters, falling back to a neutral label where the platform gives none. */
export async function voterNames(ctx: CommandContext, voters: readonly string[]): Promise<Map<string, string>> {
  const named = ctx.displayNames ? await ctx.displayNames(voters).catch(() => new Map<string, string>()) : new Map<string, string>();
  return new Map(voters.map((v) => [v, named.get(v) ?? 'someone']));
}

/** "A, B and C", or "A, B and 7 others" past `max`. */
export function listNames(names: readonly string[], max = 20): string {
  if (names.length <= 1) return names.join('');
  if (names.length > max) return `${names.slice(0, max).join(', ')} and ${names.length - max} others`;
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
