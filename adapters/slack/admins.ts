import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';

/** How long a users.info answer is trusted (ms); admin changes apply within this time. */
const TTL_MS = 5 * 60_000;

/** Workspace admins and owners (from users.info), plus the ids in SLACK_ADMIN_USERS. */
export function createAdminCheck(client: webApi.WebClient, extraAdmins: readonly string[], logger: Logger) {
  const cache = new Map<string, { admin: boolean; at: number }>();
  return async (userId: string): Promise<boolean> => {
    if (extraAdmins.includes(userId)) return true;
    const hit = cache.get(userId);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.admin;
    try {
      const res = await client.users.info({ user: userId });
      const u = res.user as { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean } | undefined;
      const admin = Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner);
      cache.set(userId, { admin, at: Date.now() });
      return admin;
    } catch (error) {
      // Fail closed: without an answer, the user is treated as a member.
      logger.warn('slack users.info failed', { userId, error: error instanceof Error ? error.message : String(error) });
      return false;
    }
  };
}
