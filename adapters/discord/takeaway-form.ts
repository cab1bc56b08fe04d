import {
  ComponentType,
  MessageFlags,
  TextInputStyle,
  type ButtonInteraction,
  type Interaction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { TAKEAWAY_ACTION, TAKEAWAY_LABEL } from '../../src/club/club-poster.js';
import { TAKEAWAY_MAX } from '../../src/store/takeaway-store.js';
import type { CommandHandlers, Invocation } from '../bot/command-context.js';
import { replyMessage } from './render.js';

/** The form's custom id: `<prefix>:<paperId>`; its one text field is `text`. */
const FORM = 'club-takeaway-form';
const FIELD = 'text';

/** The "Add takeaway" button of a paper's thread, or the form it opened. */
export const isTakeawayInteraction = (i: Interaction): i is ButtonInteraction | ModalSubmitInteraction =>
  (i.isButton() && i.customId.startsWith(`${TAKEAWAY_ACTION}:`)) ||
  (i.isModalSubmit() && i.customId.startsWith(`${FORM}:`));

/**
 * "Add takeaway": the button opens a modal (a form Discord shows to the one who pressed it), and
 * its submission runs `/papers takeaway` with the paper and the text, answered only to them.
 * Limits: a modal's title is at most 45 characters and a text input's value 4,000
 * (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal);
 * the field takes TAKEAWAY_MAX.
 */
export async function handleTakeawayInteraction(
  i: ButtonInteraction | ModalSubmitInteraction,
  commands: CommandHandlers,
  inv: Invocation,
): Promise<void> {
  if (i.isButton()) {
    const paperId = i.customId.slice(TAKEAWAY_ACTION.length + 1);
    return i.showModal({
      custom_id: `${FORM}:${paperId}`.slice(0, 100),
      title: TAKEAWAY_LABEL,
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.TextInput,
              custom_id: FIELD,
              label: `What did you take away from ${paperId}?`.slice(0, 45),
              style: TextInputStyle.Paragraph,
              min_length: 1,
              max_length: TAKEAWAY_MAX,
              required: true,
            },
          ],
        },
      ],
    });
  }
  const paper = i.customId.slice(FORM.length + 1);
  const text = i.fields.getTextInputValue(FIELD);
  // Posting in the thread may take a moment: defer (privately) within Discord's 3 s first.
  await i.deferReply({ flags: MessageFlags.Ephemeral });
  const result = await commands.run('takeaway', { paper, text }, inv);
  await i.editReply(replyMessage(result));
}
