import type { ChannelRef, Digest, DigestSettings } from '../model.js';
import type { ChannelPoster } from './channel-poster.js';
import type { CatchUpDigest } from './catch-up.js';
import type { PostContent } from './post-choice.js';
import type { TeamRanking } from '../papers/team-ranking.js';
import type { OwnFeedTeam } from '../personal/own-feed.js';

/**
 * A person's own feed (their DM) is ranked for them: the day is chosen without the count's cut
 * (`everyPaper`), ranked by the team ranking with the person's votes from every channel, then cut.
 */

/** The settings without the count's cut, so the ranking sees every candidate of the day. */
export const everyPaper = (settings: DigestSettings): DigestSettings => ({
  ...settings,
  count: Number.MAX_SAFE_INTEGER,
});

/** The digest's papers in the person's order, cut to `count`; an empty digest stays as it is. */
export async function rankedFor<D extends Digest>(
  own: OwnFeedTeam,
  digest: D,
  count: number,
  ranking: TeamRanking,
): Promise<D> {
  if (digest.papers.length === 0) return digest;
  const given = new Set(digest.papers.map((p) => p.id));
  const ordered = await ranking.rank({ team: own.team, day: digest.date, papers: digest.papers, votes: own.votes });
  // Only the papers it was given, each once: a ranking cannot add a paper the filter left out.
  const seen = new Set<string>();
  const papers = ordered.filter((p) => given.has(p.id) && !seen.has(p.id) && seen.add(p.id));
  return { ...digest, papers: papers.slice(0, count) };
}

/** A post's content (post-choice.ts) in the person's order: its digest, the catch-up's too when it is one. */
export async function rankedContent(
  own: OwnFeedTeam,
  content: PostContent,
  count: number,
  ranking: TeamRanking,
): Promise<PostContent> {
  if (content.catchUp) {
    const catchUp: CatchUpDigest = await rankedFor(own, content.catchUp, count, ranking);
    return { ...content, digest: catchUp, catchUp };
  }
  return { ...content, digest: await rankedFor(own, content.digest, count, ranking) };
}

/**
 * A person's own feed goes to their direct message with the bot, opened (or found) first: an
 * account that cannot be messaged any more (deactivated) fails here, as a refused post.
 */
export async function inOwnChat<R extends { channel: ChannelRef }>(
  poster: Pick<ChannelPoster, 'openDirect'>,
  req: R,
  owner: string,
): Promise<R> {
  if (!poster.openDirect) return req;
  const userId = owner.slice(owner.indexOf(':') + 1);
  const channel = await poster.openDirect({ platform: req.channel.platform, teamId: req.channel.teamId, userId });
  return channel.channelId === req.channel.channelId ? req : { ...req, channel };
}
