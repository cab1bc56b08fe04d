import type { App, webApi } from '@slack/bolt';
import type { ChannelPoster } from '../../src/delivery/channel-poster.js';
import { definitions, findCommand } from '../../commands/index.js';
import { describeMistake, describeOther, OptionMistake } from '../../commands/mistakes.js';
import { validateInput } from '../../commands/validate.js';
import { UserError } from '../../src/errors.js';
import { reply } from '../../src/model.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Logger } from '../../src/ports/logger.js';
import type { CommandHandlers, Invocation } from '../bot/command-context.js';
import type { SlackUserFacts } from './admins.js';
import { replyBlocks, slackText } from './blocks.js';
import { createChannelPost, isDirectMessage } from './channel-post.js';
import { answerWithinAck } from './fast-ack.js';
import { parseCommandText } from './parse.js';
import { uploadReplyFile } from './upload.js';

/** What the `/papers` and button listeners need besides the handlers. */
export interface SlashCommandDeps {
  /** Public confirmations go out through it (chat.postMessage proves the bot may post in the channel). */
  postClient: webApi.WebClient;
  users: (userId: string) => Promise<SlackUserFacts>;
  /** The app's DM with a person (the poster's): tells a person's own DM from a DM between people. */
  openDirect: NonNullable<ChannelPoster['openDirect']>;
  logger: Logger;
  clock: Clock;
  /** See `answerWithinAck`. */
  ackDeadlineMs?: number;
}

/** Routes `/papers` and the buttons of its replies to the command handlers. */
export function listenForCommands(app: App, commands: CommandHandlers, deps: SlashCommandDeps): void {
  const { postClient, users, logger, clock } = deps;
  const invocation = async (teamId: string, channelId: string, userId: string): Promise<Invocation> => {
    const user = await users(userId);
    return {
      teamId,
      channelId,
      userId,
      isAdmin: user.admin,
      ...(user.timeZone ? { userTimeZone: user.timeZone } : {}),
    };
  };
  /**
   * A slash command works in any DM, also one between people: only the app's own DM with the
   * caller (its Messages tab, what conversations.open answers) holds their own feed.
   */
  const ownDm = async (teamId: string, channelId: string, userId: string): Promise<boolean | { problem: string }> => {
    try {
      return (await deps.openDirect({ platform: 'slack', teamId, userId })).channelId === channelId;
    } catch (error) {
      logger.warn('slack: could not open the DM with a user', { userId, error });
      return { problem: error instanceof Error ? error.message : String(error) };
    }
  };

  app.command('/papers', async ({ command, ack, respond }) => {
    const parsed = parseCommandText(command.text ?? '', definitions());
    if (!parsed.ok) return void (await ack({ response_type: 'ephemeral', text: slackText(parsed.error) }));
    const def = findCommand(parsed.name)!.def;
    try {
      validateInput(def, parsed.raw);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      const text =
        error instanceof OptionMistake ? describeMistake(def, error, true) : describeOther(def, error.message, true);
      return void (await ack({ response_type: 'ephemeral', text: slackText(text) }));
    }
    // A quick answer rides on the ack; a slow one acks empty at the deadline, inside Slack's
    // 3-second window, and follows through response_url (see fast-ack.ts).
    const answer = async () => {
      const directMessage = isDirectMessage(command.channel_id, command.channel_name);
      const own =
        directMessage && def.inDirectMessages === true
          ? await ownDm(command.team_id, command.channel_id, command.user_id)
          : false;
      // Without knowing whose DM this is (a scope missing), nothing is changed, and the caller is told why.
      if (typeof own === 'object')
        return {
          response_type: 'ephemeral' as const,
          text: slackText(`I could not tell whether this is your own DM with me: ${own.problem}. Nothing was changed.`),
        };
      const personalFeed = own;
      const inv: Invocation = {
        ...(await invocation(command.team_id, command.channel_id, command.user_id)),
        directMessage,
        ...(personalFeed ? { personalFeed } : {}),
        // Public confirmations go out with chat.postMessage, which proves the bot may post here.
        ...(directMessage ? {} : { postInChannel: createChannelPost(postClient, command.channel_id) }),
      };
      const reply = await commands.run(parsed.name, parsed.raw, inv);
      const result = await uploadReplyFile(app.client, command.channel_id, reply, logger);
      // Empty: the answer was already posted in the channel.
      if (!result.text && result.cards.length === 0) return undefined;
      return {
        response_type: result.private ? ('ephemeral' as const) : ('in_channel' as const),
        ...replyBlocks(result),
      };
    };
    await answerWithinAck(answer, { ack, respond }, clock, deps.ackDeadlineMs);
  });

  // A press's answer replaces the message with the button (a page of results), or goes in a message
  // of its own (`separate`): a public one (a shared card) posted in the channel with
  // chat.postMessage, which proves the bot may post there; a private one only to the presser.
  app.action(/^papers:/, async ({ ack, body, action, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    const [teamId, channelId] = [body.team?.id ?? '', body.channel?.id ?? ''];
    const inv = await invocation(teamId, channelId, body.user.id);
    // A feed command's button in a DM (unsubscribe's confirmation): the person's own DM holds their own feed.
    const feedCommand = findCommand((action.value ?? '').split(':')[0] ?? '')?.def.inDirectMessages === true;
    if (feedCommand && isDirectMessage(channelId, undefined) && (await ownDm(teamId, channelId, body.user.id)) === true)
      Object.assign(inv, { directMessage: true, personalFeed: true });
    const result = await commands.action(action.value ?? '', inv);
    const inChannel = result.separate === true && !result.private;
    const refusal = inChannel
      ? await createChannelPost(postClient, channelId, 'run the command again')(result)
      : undefined;
    if (inChannel && !refusal) return;
    const answer = refusal ? reply(refusal) : result;
    await respond({
      replace_original: !refusal && !answer.separate,
      response_type: 'ephemeral',
      ...replyBlocks(answer),
    });
  });
  // Link buttons open their URL in the browser; Slack still sends an action, which needs an ack.
  app.action(/^link:/, async ({ ack }) => void (await ack()));
}
