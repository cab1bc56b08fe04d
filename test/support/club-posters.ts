import type { ClubMessage, ClubPoster } from '../../src/club/club-poster.js';
import type { MessageRef } from '../../src/model.js';

/** One message a recording club poster accepted. */
export interface ClubPost {
  kind: 'thread' | 'dm' | 'edit';
  /** The paper message whose thread it went to, the DM's person, or the edited message. */
  to: string;
  message: ClubMessage;
}

/**
 * A club poster for one platform that keeps what it was asked to send, in memory: the threads and
 * DMs of a platform the core tests do not need to run. `refuseDms` lists people whose DMs it
 * refuses (the platform's "cannot send messages to this user"); names are `Name <id>`.
 */
export function createRecordingClubPoster(
  o: { refuseDms?: readonly string[] } = {},
): ClubPoster & { posts: ClubPost[] } {
  const posts: ClubPost[] = [];
  let seq = 0;
  const ref = (channelId: string): MessageRef => ({ platform: 'discord', channelId, messageId: `r${++seq}` });
  return {
    posts,
    async replyInThread(paperMessage, message) {
      posts.push({ kind: 'thread', to: paperMessage.messageId, message });
      return ref(paperMessage.messageId);
    },
    async edit(target, message) {
      posts.push({ kind: 'edit', to: target.messageId, message });
    },
    async directMessage(identity, message) {
      if (o.refuseDms?.includes(identity)) return undefined;
      posts.push({ kind: 'dm', to: identity, message });
      return ref(`dm-${identity}`);
    },
    async displayName(_message, identity) {
      return `Name ${identity.slice(identity.indexOf(':') + 1)}`;
    },
  };
}
