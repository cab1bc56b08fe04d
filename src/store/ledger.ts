import { formatMessageRef, type MessageRef } from '../model.js';
import { systemClock, type Clock } from '../clock.js';
import type { Backend } from './backend.js';
import type { VoteStore } from './vote-store.js';

/** What a delivery to one channel for one day will post, fixed before the first message. */
export interface DeliveryIntent {
  day: string;
  /** `platform:teamId`, for votes and the leaderboard. */
  team: string;
  kind: 'digest' | 'catch-up' | 'empty';
  /** Papers in posting order, after the header. */
  paperIds: string[];
  /** The header message's text, fixed with the papers so a resumed delivery posts the same one. */
  header: string;
  /** Days a catch-up covers. */
  days?: string[];
  createdAt: number;
  /** Who asked: `schedule` or a user id for a manual `digest`. */
  by: string;
}

/** Slot of a delivered message: the header, or a paper id. */
export type Slot = 'header' | string;

export interface DeliveryRecord {
  intent: DeliveryIntent;
  messages: Map<Slot, MessageRef>;
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
  /** Records a landed message (and, for a paper, that it was posted in the channel and team). */
  landed(channel: string, day: string, slot: Slot, ref: MessageRef): Promise<void>;
  finish(channel: string, day: string, at: number): Promise<void>;
  /** Papers ever posted in the channel. */
  postedPapers(channel: string): Promise<Set<string>>;
  /** The paper a bot message carries, for counting a reaction as a vote. */
  paperForMessage(ref: MessageRef): Promise<{ paperId: string; team: string } | undefined>;
}

const ledgerMap = (channel: string, day: string) => `ledger:${channel}:${day}`;
const postedMap = (channel: string) => `posted:${channel}`;

export function createDeliveryLedger(backend: Backend, votes: VoteStore, clock: Clock = systemClock): DeliveryLedger {
  const ledger: DeliveryLedger = {
    acquire: (channel, day, owner, ttlMs) => backend.acquireLease(`delivery:${channel}:${day}`, owner, ttlMs),
    release: (channel, day, owner) => backend.releaseLease(`delivery:${channel}:${day}`, owner),
    async begin(channel, day, intent) {
      await backend.mapSetIfAbsent(ledgerMap(channel, day), 'intent', JSON.stringify(intent));
      return (await ledger.get(channel, day))!.intent;
    },
    async get(channel, day) {
      const entries = await backend.mapEntries(ledgerMap(channel, day));
      const intent = entries.get('intent');
      if (!intent) return undefined;
      const messages = new Map<Slot, MessageRef>();
      for (const [field, value] of entries) {
        if (field.startsWith('msg:')) messages.set(field.slice(4), JSON.parse(value) as MessageRef);
      }
      const finished = entries.get('finished');
      return { intent: JSON.parse(intent) as DeliveryIntent, messages, finishedAt: finished ? Number(finished) : undefined };
    },
    async landed(channel, day, slot, ref) {
      await backend.mapSet(ledgerMap(channel, day), `msg:${slot}`, JSON.stringify(ref));
      if (slot === 'header') return;
      const intent = (await ledger.get(channel, day))?.intent;
      await backend.mapSetIfAbsent(postedMap(channel), slot, day);
      if (!intent) return;
      await backend.kv.set(`msg:${formatMessageRef(ref)}`, { paperId: slot, team: intent.team });
      await votes.notePosted(intent.team, slot, clock.now());
    },
    async finish(channel, day, at) {
      await backend.mapSetIfAbsent(ledgerMap(channel, day), 'finished', String(at));
    },
    async postedPapers(channel) {
      return new Set((await backend.mapEntries(postedMap(channel))).keys());
    },
    async paperForMessage(ref) {
      return (await backend.kv.get<{ paperId: string; team: string }>(`msg:${formatMessageRef(ref)}`)) ?? undefined;
    },
  };
  return ledger;
}
