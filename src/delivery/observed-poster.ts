import type { Clock } from '../ports/clock.js';
import { PostError, withPost, type ChannelPoster } from './channel-poster.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
import { channelKey, type Platform } from '../model.js';

/**
 * A platform's poster, counted and logged: one `post` line per message with its outcome and
 * duration, the posts and failures metrics, and the scheduler lag of a scheduled digest's first
 * message (the delivery sets `dueAt` on its messages until one lands).
 */
export function observePoster(
  poster: ChannelPoster,
  platform: Platform,
  deps: { metrics: Metrics; logger: Logger; clock: Clock },
): ChannelPoster {
  const { metrics, logger, clock } = deps;
  return withPost(poster, async (channel, message, options) => {
    const started = performance.now();
    const base = { platform, channel: channelKey(channel), kind: message.kind };
    try {
      const ref = await poster.post(channel, message, options);
      const ms = Math.round(performance.now() - started);
      metrics.post(platform, true);
      if (options?.dueAt !== undefined) metrics.schedulerLag(platform, clock.now() - options.dueAt);
      logger.info('post', { ...base, outcome: 'ok', ms, messageId: ref.messageId });
      return ref;
    } catch (error) {
      metrics.post(platform, false);
      const outcome = error instanceof PostError && error.permanent ? 'refused' : 'failed';
      logger.info('post', {
        ...base,
        outcome,
        ms: Math.round(performance.now() - started),
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  });
}
