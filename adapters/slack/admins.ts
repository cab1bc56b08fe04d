import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/ports/logger.js';
import type { Clock } from '../../src/ports/clock.js';
import { createTtlCache } from '../../src/cache/ttl-cache.js';

/** How long a users.info answer is trusted (ms); admin and time zone changes apply within this time. */
const TTL_MS = 5 * 60_000;
/** Users whose answers are kept at most (about 3 MB): beyond, the one stored longest ago is looked up again. */
const MAX_USERS = 10_000;

/** What paperfeed needs to know about a Slack user, from one users.info call. */
export interface SlackUserFacts {
  /** A workspace admin or owner, or listed in SLACK_ADMIN_USERS. */
  admin: boolean;
  /** The user's own IANA time zone from their profile, when Slack said. */
  timeZone?: string;
  /** The profile's display name, else real name, else user name: plain text, never a mention. */
  name?: string;
}

/**
 * Looks users up with users.info (cached for TTL_MS): admins and owners, plus the ids in
 * SLACK_ADMIN_USERS, each user's profile time zone (the default zone of their subscriptions), and
 * the name leaderboards show.
 */
export function createUserDirectory(
  client: webApi.WebClient,
  extraAdmins: readonly string[],
  logger: Logger,
  clock: Clock,
) {
  const cache = createTtlCache<SlackUserFacts>(TTL_MS, MAX_USERS, clock.now);
  return async (userId: string): Promise<SlackUserFacts> => {
    const listed = extraAdmins.includes(userId);
    const hit = cache.get(userId);
    if (hit) return hit;
    try {
      const res = await client.users.info({ user: userId });
      const u = res.user as
        | {
            is_admin?: boolean;
            is_owner?: boolean;
            is_primary_owner?: boolean;
            tz?: string;
            name?: string;
            real_name?: string;
            profile?: { display_name?: string; real_name?: string };
          }
        | undefined;
      const name = u?.profile?.display_name || u?.profile?.real_name || u?.real_name || u?.name;
      const facts: SlackUserFacts = {
        admin: listed || Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner),
        ...(u?.tz ? { timeZone: u.tz } : {}),
        ...(name ? { name } : {}),
      };
      cache.set(userId, facts);
      return facts;
    } catch (error) {
      // Fail closed: without an answer, the user is treated as a member (unless listed), with no known zone.
      logger.warn('slack users.info failed', { userId, error: error instanceof Error ? error.message : String(error) });
      return { admin: listed };
    }
  };
}

/** Names `slack:U…` voters from the directory (one cached users.info each); never `<@U…>`. */
export async function slackNames(
  users: (userId: string) => Promise<SlackUserFacts>,
  voters: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await Promise.all(
    voters.map(async (voter) => {
      const id = /^slack:([A-Z0-9]+)$/.exec(voter)?.[1];
      const name = id ? (await users(id)).name : undefined;
      if (name) out.set(voter, name);
    }),
  );
  return out;
}
