/**
 * Direct messages between the bot and a person in the fake Discord (discord-api-docs
 * resources/user.mdx "Create DM", resources/channel.mdx):
 * - `POST /users/@me/channels` `{ recipient_id }` answers the DM channel (type 1) with that user,
 *   the same one every time; a recipient that is not a snowflake is 50035 Invalid Form Body, the
 *   bot itself or another bot 50007 Cannot send messages to this user.
 * - Discord opens a DM even with someone who does not take messages from the bot (direct messages
 *   from server members turned off, the bot blocked): posting there answers 403 50007 Cannot send
 *   messages to this user (`closeDms`).
 */
import { asObject, err, ok, type RestContext, type Route } from './rest-common.js';
import type { DiscordFakeState } from './state.js';
import { nextSnowflake, type RouteResult } from './types.js';

type RouteFactory = (name: string, method: string, path: string, handle: Route['handle'], auth?: boolean) => Route;

const CANNOT_MESSAGE = () => err(403, 50007, 'Cannot send messages to this user');

/** The DM channels the bot has, one per person. */
export class DirectMessages {
  private readonly byUser = new Map<string, string>();
  private readonly byChannel = new Map<string, string>();
  /** People who take no messages from the bot: posts to their DM answer 50007. */
  readonly closed = new Set<string>();

  /** The DM channel with `userId`, made the first time (a person's first command in it, or Create DM). */
  open(userId: string): string {
    let id = this.byUser.get(userId);
    if (!id) {
      id = nextSnowflake();
      this.byUser.set(userId, id);
      this.byChannel.set(id, userId);
    }
    return id;
  }

  recipientOf(channelId: string): string | undefined {
    return this.byChannel.get(channelId);
  }
}

/** A DM channel object as Discord answers it (type 1, no guild, the recipient). */
export function dmChannelJson(state: DiscordFakeState, channelId: string): Record<string, unknown> | undefined {
  const userId = state.dms.recipientOf(channelId);
  if (userId === undefined) return undefined;
  const member = state.findMember(null, userId);
  const recipient = (state.memberObject(member) as { user: unknown }).user;
  return { id: channelId, type: 1, last_message_id: null, flags: 0, name: null, recipients: [recipient] };
}

/** A post into a DM whose person takes no messages from the bot: 403 50007; undefined otherwise. */
export function refusedDm(state: DiscordFakeState, channelId: string): RouteResult | undefined {
  const userId = state.dms.recipientOf(channelId);
  return userId !== undefined && state.dms.closed.has(userId) ? CANNOT_MESSAGE() : undefined;
}

function createDm(ctx: RestContext): RouteResult {
  const recipient = asObject(ctx.body).recipient_id;
  if (typeof recipient !== 'string' || !/^\d{1,20}$/.test(recipient))
    return err(400, 50035, 'Invalid Form Body', {
      errors: {
        recipient_id: {
          _errors: [{ code: 'NUMBER_TYPE_COERCE', message: `Value "${String(recipient)}" is not snowflake.` }],
        },
      },
    });
  const seeded = ctx.state.guilds.flatMap((g) => g.members ?? []).find((m) => m.id === recipient);
  if (recipient === ctx.state.botUserId || seeded?.bot) return CANNOT_MESSAGE();
  return ok(dmChannelJson(ctx.state, ctx.state.dms.open(recipient)));
}

export function dmRoutes(route: RouteFactory): Route[] {
  return [route('create-dm', 'POST', '/users/@me/channels', createDm)];
}
