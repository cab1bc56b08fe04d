import type { Feed } from '../papers/feed.js';
import type { Logger } from '../ports/logger.js';
import type { RankMode } from '../taste/rank.js';
import type { Taste } from '../taste/service.js';

/** A day in a team's order, and the line each paper's card shows. */
export interface TeamOrder {
  order: string[];
  why(paperId: string): string | undefined;
}

/**
 * The team's order of a day, worked out once per (team, day) whichever channel asks (src/taste);
 * undefined for HF order: when the feed asks for it, when the taste is not in force yet, or when it
 * cannot be read (a delivery never fails for it).
 */
export async function teamOrder(
  deps: { taste?: Taste; feed: Pick<Feed, 'day'>; logger: Logger },
  team: string,
  day: string,
  mode: RankMode = 'auto',
): Promise<TeamOrder | undefined> {
  if (!deps.taste || mode === 'hf') return undefined;
  try {
    const ranking = await deps.taste.rank(team, day, await deps.feed.day(day), mode);
    if (ranking.choice.order !== 'taste') return undefined;
    return { order: ranking.placed.map((p) => p.id), why: ranking.why };
  } catch (error) {
    deps.logger.warn("could not rank the day by the team's taste; posting it in HF order", {
      team,
      day,
      error: error instanceof Error ? error.message : String(error),
    });
    return undefined;
  }
}
