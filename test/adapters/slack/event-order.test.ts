import { describe, expect, it } from 'vitest';
import { slackEventOrder, slackReactionNames } from '../../../adapters/slack/reactions.js';

describe('Slack reaction events', () => {
  it.each([
    ['1700000000.000200', 1_700_000_000_000_200],
    ['1700000000.2', 1_700_000_000_200_000],
    ['1700000000.123456', 1_700_000_000_123_456],
    ['1700000000', undefined],
    ['1700000000.1234567', undefined],
    ['abc.def', undefined],
    [undefined, undefined],
  ])('an event_ts of %j orders the event at %j µs', (eventTs, order) => {
    expect(slackEventOrder(eventTs)).toBe(order);
  });

  it.each([
    ['👍', ['+1', 'thumbsup']],
    [':tada:', ['tada']],
    ['white_check_mark', ['white_check_mark']],
  ])('a VOTE_EMOJI of %j is the reaction %j on Slack', (voteEmoji, names) => {
    expect(slackReactionNames(voteEmoji)).toEqual(names);
  });
});
