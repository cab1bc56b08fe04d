import { describe, expect, it } from 'vitest';
import { linkRefusal } from '../../commands/link-refusal.js';
import type { LinkKind, LinkRefusal } from '../../src/store/team-links.js';
import { code } from '../../src/text/rich.js';

const CASES: [LinkKind, LinkRefusal, string][] = [
  [
    'team',
    { reason: 'unknown-code' },
    'That code is unknown or was used already; run the link command again on the other platform for a new one.',
  ],
  ['team', { reason: 'other-kind', kind: 'person' }, `That code is for ${code('/papers account link')}.`],
  ['person', { reason: 'other-kind', kind: 'team' }, `That code is for ${code('/papers team link')}.`],
  [
    'team',
    { reason: 'same-platform' },
    'Enter the code on the other platform: a link joins a Discord server with a Slack workspace.',
  ],
  [
    'person',
    { reason: 'same-platform' },
    'Enter the code on the other platform: a link joins your Discord and Slack accounts.',
  ],
  ['person', { reason: 'expired' }, 'That code has expired (codes work for 10 minutes); ask for a new one.'],
  [
    'team',
    { reason: 'linked-already' },
    `This team is linked already; unlink it first with ${code('/papers team unlink')}.`,
  ],
  [
    'person',
    { reason: 'linked-already' },
    `This account is linked already; unlink it first with ${code('/papers account unlink')}.`,
  ],
];

describe('link refusals', () => {
  it.each(CASES)('a %s link refused for %o says what to do instead', (kind, refusal, text) => {
    expect(linkRefusal(kind, refusal)).toBe(text);
  });
});
