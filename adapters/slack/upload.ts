import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/ports/logger.js';
import type { Reply } from '../../src/model.js';

/**
 * Uploads a reply's file (an export) to the channel the command came from, with Slack's external
 * upload flow (files.getUploadURLExternal, the upload, files.completeUploadExternal; the Web API
 * client's filesUploadV2 runs all three). Slack files are shared in a channel, not privately: the
 * reply says where it went. Returns the reply to show the caller, without the file.
 */
export async function uploadReplyFile(
  client: webApi.WebClient,
  channelId: string,
  result: Reply,
  logger: Logger,
): Promise<Reply> {
  const { file, ...rest } = result;
  if (!file) return result;
  try {
    await client.filesUploadV2({
      channel_id: channelId,
      filename: file.name,
      title: file.name,
      content: file.content,
      snippet_type: file.name.endsWith('.csv') ? 'csv' : undefined,
    });
    return { ...rest, text: `${rest.text}\nUploaded to this channel as ${file.name}.` };
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    logger.warn('slack file upload failed', {
      channelId,
      error: code ?? (error instanceof Error ? error.message : String(error)),
    });
    const why =
      code === 'not_in_channel' || code === 'channel_not_found'
        ? 'the bot is not a member of this channel: run `/invite @paperfeed` here and try again'
        : code === 'missing_scope'
          ? 'the app lacks the files:write scope: reinstall it from slack/manifest.yml'
          : 'Slack refused the upload; try again shortly';
    return { ...rest, text: `${rest.text}\nCould not upload ${file.name}: ${why}.` };
  }
}
