import type { App } from '@slack/bolt';
import { TAKEAWAY_ACTION, TAKEAWAY_LABEL } from '../../src/club/club-poster.js';
import type { Logger } from '../../src/ports/logger.js';
import { TAKEAWAY_MAX } from '../../src/store/takeaway-store.js';
import type { CommandHandlers } from '../bot/command-context.js';
import type { SlackUserFacts } from './admins.js';
import { replyBlocks } from './blocks.js';

/** The modal's callback id, its input block and element. */
export const TAKEAWAY_VIEW = 'club_takeaway';
const BLOCK = 'takeaway';
const FIELD = 'text';

/** What the form carries from the button to its submission: the paper, and where the button was. */
interface FormContext {
  paper: string;
  channel: string;
  team: string;
}

/**
 * "Add takeaway" on Slack: the button opens a modal with `views.open` (its `trigger_id` is good
 * for 3 s, so the action is acknowledged and the view opened at once), and the submission runs
 * `/papers takeaway` as the person who sent it. The modal closes on the ack; the command's answer
 * is shown to them alone in the channel (chat.postEphemeral). Limits: a modal title is at most 24
 * characters, an input label 2,000, a plain_text_input up to 3,000
 * (https://docs.slack.dev/reference/views/modal-views, .../block-elements/plain-text-input-element).
 */
export function listenForTakeawayForms(
  app: App,
  commands: CommandHandlers,
  deps: { users: (userId: string) => Promise<SlackUserFacts>; logger: Logger },
): void {
  app.action(new RegExp(`^${TAKEAWAY_ACTION}:`), async ({ ack, body, action, client }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    const context: FormContext = {
      paper: action.value ?? '',
      channel: body.channel?.id ?? '',
      team: body.team?.id ?? '',
    };
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        callback_id: TAKEAWAY_VIEW,
        private_metadata: JSON.stringify(context),
        title: { type: 'plain_text', text: TAKEAWAY_LABEL },
        submit: { type: 'plain_text', text: 'Save' },
        close: { type: 'plain_text', text: 'Cancel' },
        blocks: [
          {
            type: 'input',
            block_id: BLOCK,
            label: { type: 'plain_text', text: `What did you take away from ${context.paper}?` },
            element: {
              type: 'plain_text_input',
              action_id: FIELD,
              multiline: true,
              min_length: 1,
              max_length: TAKEAWAY_MAX,
            },
          },
        ],
      },
    });
  });
  app.view(TAKEAWAY_VIEW, async ({ ack, body, view, client }) => {
    const context = JSON.parse(view.private_metadata || '{}') as Partial<FormContext>;
    const text = view.state.values[BLOCK]?.[FIELD]?.value ?? '';
    if (!text.trim())
      return void (await ack({ response_action: 'errors', errors: { [BLOCK]: 'Write a few words first.' } }));
    await ack();
    const userId = body.user.id;
    const facts = await deps.users(userId);
    const channelId = context.channel ?? '';
    const inv = {
      teamId: context.team || body.team?.id || '',
      channelId,
      userId,
      isAdmin: facts.admin,
      ...(facts.timeZone ? { userTimeZone: facts.timeZone } : {}),
    };
    const result = await commands.run('takeaway', { paper: context.paper ?? '', text }, inv);
    await client.chat
      .postEphemeral({ channel: channelId, user: userId, ...replyBlocks(result) })
      .catch((error: unknown) => deps.logger.warn('slack: could not tell a takeaway writer how it went', { error }));
  });
}
