import { LINK_CODE_TTL_MS, type LinkKind, type LinkRefusal } from '../src/store/team-links.js';
import { code } from '../src/text/rich.js';

/** How the refusals of `/papers team link` and `/papers account link` name what is linked. */
const WORDS: Record<LinkKind, { other: string; linked: string; command: string }> = {
  team: {
    other: 'a link joins a Discord server with a Slack workspace',
    linked: `This team is linked already; unlink it first with ${code('/papers team unlink')}.`,
    command: '/papers team link',
  },
  person: {
    other: 'a link joins your Discord and Slack accounts',
    linked: `This account is linked already; unlink it first with ${code('/papers account unlink')}.`,
    command: '/papers account link',
  },
};

/** What a person is told when the code they entered for a `kind` link linked nothing. */
export function linkRefusal(kind: LinkKind, refusal: LinkRefusal): string {
  switch (refusal.reason) {
    case 'unknown-code':
      return 'That code is unknown or was used already; run the link command again on the other platform for a new one.';
    case 'other-kind':
      return `That code is for ${code(WORDS[refusal.kind].command)}.`;
    case 'same-platform':
      return `Enter the code on the other platform: ${WORDS[kind].other}.`;
    case 'expired':
      return `That code has expired (codes work for ${LINK_CODE_TTL_MS / 60_000} minutes); ask for a new one.`;
    case 'linked-already':
      return WORDS[kind].linked;
  }
}
