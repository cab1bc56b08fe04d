import type { MessageRef } from '../model.js';

/** A reading-club message, before a platform renders it. */
export interface ClubMessage {
  /** Neutral text: the bot's words, with outside text marked `verbatim` (src/text/verbatim.ts). */
  text: string;
  /** Offers an "Add takeaway" button for this paper, which opens a form (Discord modal, Slack `views.open`). */
  takeawayFor?: string;
  /**
   * The one person this message notifies (`platform:userId`, on this platform), named at its start.
   * Nobody else is ever pinged: names in `text` are plain text.
   */
  mention?: string;
}

/** What the "Add takeaway" button is called on both platforms: `<prefix>:<paperId>`. */
export const TAKEAWAY_ACTION = 'club-takeaway';
export const TAKEAWAY_LABEL = 'Add takeaway';

/**
 * How the reading club talks in a platform, which each adapter implements. Every message goes out
 * with mentions off but for `mention`.
 */
export interface ClubPoster {
  /**
   * Posts in the thread of a paper's message: on Discord a thread on the message (started when it
   * has none, named `threadName`), or the thread the message is in (thread layout, a forum post);
   * on Slack a reply in the message's thread (its parent's, when the message is a reply itself).
   */
  replyInThread(paperMessage: MessageRef, message: ClubMessage, threadName: string): Promise<MessageRef>;
  /** Replaces a message this poster sent. A `PostError` marked permanent means it is gone. */
  edit(ref: MessageRef, message: ClubMessage): Promise<void>;
  /** A direct message to `identity` (`platform:userId`); undefined when the platform or the person refuses it. */
  directMessage(identity: string, message: ClubMessage): Promise<MessageRef | undefined>;
  /** The name `identity` goes by where `message` is (a server nickname, a profile name), as plain text. */
  displayName(message: MessageRef, identity: string): Promise<string | undefined>;
}
