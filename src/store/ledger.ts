import { formatMessageRef, parseMessageRef, type MessageRef } from '../model.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { Layout } from '../subscriptions/subscription.js';
import type { Backend } from './backend.js';
import {
  deliveryLease,
  legacyMessageKey,
  ledgerMap,
  MESSAGES_MAP,
  paperMessagesMap,
  postedInChannelMap,
} from './keys.js';
import { postedInTeam } from './vote-store.js';

/** What a delivery to one channel for one day will post, fixed before the first message. */
export interface DeliveryIntent {
  day: string;
  /** `platform:teamId`, for votes and the leaderboard. */
  team: string;
  /** `agenda` and `reminder`: the reading club's one-time messages (src/club/). */
  kind: 'digest' | 'catch-up' | 'empty' | 'recap' | 'agenda' | 'reminder';
  /** Papers in posting order, after the header. */
  paperIds: string[];
  /** The header message's text (a recap's whole text), fixed with the papers so a resumed delivery posts the same one. */
  header: string;
  /** Days a catch-up covers. */
  days?: string[];
  /** Days the post covered, oldest first, when more than `day` (a weekdays feed's Monday: Friday to Sunday). */
  covers?: string[];
  /**
   * Days whose papers the post showed (one, a catch-up's, none for a note): what "posted" means
   * when a later post looks back (`src/delivery/post-choice.ts`). Absent in intents from before it.
   */
  shows?: string[];
  /** How the day is laid out (absent: `messages`); fixed with the papers, so a resumed delivery keeps it. */
  layout?: Layout;
  /** Forum layout: each paper's tags. */
  tags?: Record<string, string[]>;
  /** Paper id → the line its card shows because the team's taste moved it up (src/taste/why.ts). */
  why?: Record<string, string>;
  createdAt: number;
  /** Who asked: `schedule` or a user id for a manual `digest`. */
  by: string;
}

/** Slot of a delivered message: the header (or a re-post of it, `header#2`), or a paper id. */
export type Slot = 'header' | string;

/** The slot of the header's `n`-th post (n ≥ 2): each has its own key, so each lands at most once. */
export const repostedHeader = (n: number): Slot => `header#${n}`;
/** True for the header's slot and its re-posts (paper ids never contain `#`). */
export const isHeaderSlot = (slot: Slot): boolean => slot === 'header' || slot.startsWith('header#');

/** A post that was sent (or about to be) but whose landing is not recorded: it may be in the channel. */
export interface PostAttempt {
  /** When the post was sent (ms since the epoch). */
  at: number;
}

export interface DeliveryRecord {
  intent: DeliveryIntent;
  messages: Map<Slot, MessageRef>;
  /** Slots whose post was sent but not (yet) recorded as landed. */
  attempts: Map<Slot, PostAttempt>;
  finishedAt?: number;
}

/**
 * The delivery ledger: posting is recorded, not looped. For each (channel, day) it holds the
 * intent, then each message's platform id as it lands, so a restart resumes with the slots not yet
 * posted and never reposts one that landed. A lease per (channel, day) lets one instance post it.
 */
export interface DeliveryLedger {
  /** Takes (or renews) the lease on `channel`/`day` for `owner`; false when another live owner holds it. */
  acquire(channel: string, day: string, owner: string, ttlMs: number): Promise<boolean>;
  release(channel: string, day: string, owner: string): Promise<void>;
  /** Writes the intent unless one exists; returns the one in force. */
  begin(channel: string, day: string, intent: DeliveryIntent): Promise<DeliveryIntent>;
  get(channel: string, day: string): Promise<DeliveryRecord | undefined>;
  /** Notes that the slot's post is about to be sent, so whoever resumes knows to look for it first. */
  attempting(channel: string, day: string, slot: Slot, at: number): Promise<void>;
  /**
   * Records a landed message and, for a paper, that it was posted in the channel and the team and
   * which paper the message carries: all in one atomic write, so a crash leaves all or none.
   * `carries` lists the papers of a header that lists them all (compact layout), in reaction order.
   */
  landed(channel: string, day: string, slot: Slot, ref: MessageRef, carries?: readonly string[]): Promise<void>;
  finish(channel: string, day: string, at: number): Promise<void>;
  /** Papers ever posted in the channel. */
  postedPapers(channel: string): Promise<Set<string>>;
  /**
   * The paper a bot message carries, for counting a reaction as a vote. `choice` is the index of a
   * numbered reaction: it picks a paper of a compact list, and counts on nothing else.
   */
  paperForMessage(ref: MessageRef, choice?: number): Promise<{ paperId: string; team: string } | undefined>;
  /** Every paper a bot message carries (one, or a compact list's), for taking its votes away; none for other messages. */
  papersOfMessage(ref: MessageRef): Promise<{ paperId: string; team: string }[]>;
  /** The bot messages carrying a paper, in every channel, with their team and landing time (live cards). */
  messagesForPaper(paperId: string): Promise<PaperMessage[]>;
}

/** A posted message carrying a paper. */
export interface PaperMessage {
  ref: MessageRef;
  team: string;
  /** When the message landed (ms since the epoch, the ledger's clock). */
  at: number;
  /** The paper's place in its day's post (1 = first); absent for messages recorded before ranks were. */
  rank?: number;
  /** The line its card shows because the team's taste moved it up, when it does. */
  why?: string;
}

/** What MESSAGES_MAP holds per bot message: the paper it carries (`paperId`), or the papers it lists (`paperIds`, compact layout). */
type Carried = { paperId?: string; paperIds?: string[]; team: string };

/** How many message → paper mappings a process keeps (a day's posts across many channels). */
const KNOWN_MESSAGES = 20_000;

export function createDeliveryLedger(backend: Backend, clock: Clock = systemClock): DeliveryLedger {
  // A landed message's paper never changes, so a reaction storm on today's posts need not ask the
  // store each time; only found mappings are kept (a message may still land after a miss).
  const known = new Map<string, Carried>();
  const remember = (ref: string, target: Carried) => {
    if (known.size >= KNOWN_MESSAGES) known.delete(known.keys().next().value!);
    known.set(ref, target);
    return target;
  };
  const carriedBy = async (ref: MessageRef): Promise<Carried | undefined> => {
    const key = formatMessageRef(ref);
    const carried = known.get(key);
    if (carried) return carried;
    const raw = await backend.mapGet(MESSAGES_MAP, key);
    // Messages recorded before the mapping moved into the atomic batch.
    const found = raw ? (JSON.parse(raw) as Carried) : await backend.kv.get<Carried>(legacyMessageKey(key));
    return found ? remember(key, found) : undefined;
  };
  const ledger: DeliveryLedger = {
    acquire: (channel, day, owner, ttlMs) => backend.acquireLease(deliveryLease(channel, day), owner, ttlMs),
    release: (channel, day, owner) => backend.releaseLease(deliveryLease(channel, day), owner),
    async begin(channel, day, intent) {
      await backend.mapSetIfAbsent(ledgerMap(channel, day), 'intent', JSON.stringify(intent));
      return (await ledger.get(channel, day))!.intent;
    },
    async get(channel, day) {
      const entries = await backend.mapEntries(ledgerMap(channel, day));
      const intent = entries.get('intent');
      if (!intent) return undefined;
      const messages = new Map<Slot, MessageRef>();
      const attempts = new Map<Slot, PostAttempt>();
      for (const [field, value] of entries) {
        if (field.startsWith('msg:')) messages.set(field.slice(4), JSON.parse(value) as MessageRef);
        if (field.startsWith('attempt:')) attempts.set(field.slice(8), JSON.parse(value) as PostAttempt);
      }
      for (const slot of messages.keys()) attempts.delete(slot);
      const finished = entries.get('finished');
      return {
        intent: JSON.parse(intent) as DeliveryIntent,
        messages,
        attempts,
        finishedAt: finished ? Number(finished) : undefined,
      };
    },
    async attempting(channel, day, slot, at) {
      await backend.mapSet(ledgerMap(channel, day), `attempt:${slot}`, JSON.stringify({ at } satisfies PostAttempt));
    },
    async landed(channel, day, slot, ref, carries) {
      const record = { map: ledgerMap(channel, day), field: `msg:${slot}`, set: JSON.stringify(ref) };
      const papers = isHeaderSlot(slot) ? (carries ?? []) : [slot];
      if (papers.length === 0) return backend.batch([record]);
      const intent = (await ledger.get(channel, day))?.intent;
      if (!intent) throw new Error(`no delivery intent for ${channel} on ${day}`);
      const carried: Carried = isHeaderSlot(slot)
        ? { paperIds: [...papers], team: intent.team }
        : { paperId: slot, team: intent.team };
      const at = clock.now();
      await backend.batch([
        record,
        ...papers.map((p) => ({ map: postedInChannelMap(channel), field: p, setIfAbsent: day })),
        { map: MESSAGES_MAP, field: formatMessageRef(ref), set: JSON.stringify(carried) },
        // A paper's own message becomes a live card; a compact list (several papers) does not.
        ...(isHeaderSlot(slot)
          ? []
          : [
              {
                map: paperMessagesMap(slot),
                field: formatMessageRef(ref),
                // The card's place and its "why" line go with it, so an edit of the live card keeps them.
                set: JSON.stringify({
                  team: intent.team,
                  at,
                  rank: intent.paperIds.indexOf(slot) + 1,
                  ...(intent.why?.[slot] ? { why: intent.why[slot] } : {}),
                }),
              },
            ]),
        ...papers.map((p) => postedInTeam(intent.team, p, at)),
      ]);
    },
    async finish(channel, day, at) {
      await backend.mapSetIfAbsent(ledgerMap(channel, day), 'finished', String(at));
    },
    async postedPapers(channel) {
      return new Set((await backend.mapEntries(postedInChannelMap(channel))).keys());
    },
    async paperForMessage(ref, choice) {
      const carried = await carriedBy(ref);
      if (!carried) return undefined;
      const paperId = carried.paperIds
        ? choice === undefined
          ? undefined
          : carried.paperIds[choice]
        : choice === undefined
          ? carried.paperId
          : undefined;
      return paperId ? { paperId, team: carried.team } : undefined;
    },
    async papersOfMessage(ref) {
      const carried = await carriedBy(ref);
      const papers = carried?.paperIds ?? (carried?.paperId ? [carried.paperId] : []);
      return papers.map((paperId) => ({ paperId, team: carried!.team }));
    },
    async messagesForPaper(paperId) {
      const out: PaperMessage[] = [];
      for (const [field, raw] of await backend.mapEntries(paperMessagesMap(paperId))) {
        const ref = parseMessageRef(field);
        const { team, at, rank, why } = JSON.parse(raw) as { team: string; at: number; rank?: number; why?: string };
        if (ref) out.push({ ref, team, at, ...(rank ? { rank } : {}), ...(why ? { why } : {}) });
      }
      return out;
    },
  };
  return ledger;
}
