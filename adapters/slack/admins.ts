import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';

/** How long a users.info answer is trusted (ms); admin and time zone changes apply within this time. */
const TTL_MS = 5 * 60_000;

/** What paperfeed needs to know about a Slack user, from one users.info call. */
export interface SlackUserFacts {
  /** A workspace admin or owner, or listed in SLACK_ADMIN_USERS. */
  admin: boolean;
  /** The user's own IANA time zone from their profile, when Slack said. */
  timeZone?: string;
}

/**
 * Looks users up with users.info (cached for TTL_MS): admins and owners, plus the ids in
 * SLACK_ADMIN_USERS, and each user's profile time zone (the default zone of their subscriptions).
 */
export function createUserDirectory(client: webApi.WebClient, extraAdmins: readonly string[], logger: Logger) {
  const cache = new Map<string, { facts: SlackUserFacts; at: number }>();
  return async (userId: string): Promise<SlackUserFacts> => {
    const listed = extraAdmins.includes(userId);
    const hit = cache.get(userId);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.facts;
    try {
      const res = await client.users.info({ user: userId });
      const u = res.user as { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean; tz?: string } | undefined;
      const facts: SlackUserFacts = { admin: listed || Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner), ...(u?.tz ? { timeZone: u.tz } : {}) };
      cache.set(userId, { facts, at: Date.now() });
      return facts;
    } catch (error) {
      // Fail closed: without an answer, the user is treated as a member (unless listed), with no known zone.
      logger.warn('slack users.info failed', { userId, error: error instanceof Error ? error.message : String(error) });
      return { admin: listed };
    }
  };
}
