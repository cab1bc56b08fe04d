import { randomUUID } from 'node:crypto';
import type { MessageRef } from '../model.js';
import type { Clock } from '../ports/clock.js';
import type { DeliveryIntent, DeliveryLedger } from '../store/ledger.js';

/** The one slot a club message takes in its ledger entry. */
const SLOT = 'header';
/** How long one attempt holds the entry (ms): posting one message, or a DM and its fallback. */
const LEASE_MS = 60_000;

/** What became of a one-time message. */
export type OnceOutcome =
  /** This call sent it. */
  | 'sent'
  /** Sent before (by this process, a restart, another instance), or given up as possibly sent. */
  | 'already'
  /** Another attempt holds it right now. */
  | 'busy';

export interface OnceTarget {
  /** The ledger's channel and day for this message. */
  channel: string;
  day: string;
  /** What it will say, fixed before it is sent, so a resumed attempt sends the same. */
  intent: () => Promise<DeliveryIntent>;
}

/**
 * Sends one message at most once across restarts and instances, through the delivery ledger: a
 * lease on (channel, day) lets one attempt at a time in, the intent is fixed first, and the
 * attempt is marked before the message goes out. An attempt that was marked but never recorded as
 * landed (its process died mid-send) may have reached the platform: `find` looks for it (an agenda
 * in its channel); without one (a DM) it is not sent again: at most once, never twice.
 */
export async function sendOnce(
  deps: { ledger: DeliveryLedger; clock: Clock; owner: string },
  target: OnceTarget,
  send: (intent: DeliveryIntent) => Promise<MessageRef>,
  find?: (intent: DeliveryIntent, since: number) => Promise<MessageRef | undefined>,
): Promise<OnceOutcome> {
  const { ledger, clock } = deps;
  const { channel, day } = target;
  const done = (await ledger.get(channel, day))?.finishedAt !== undefined;
  if (done) return 'already';
  const owner = `${deps.owner}:${randomUUID()}`;
  if (!(await ledger.acquire(channel, day, owner, LEASE_MS))) return 'busy';
  try {
    const record = await ledger.get(channel, day);
    if (record?.finishedAt !== undefined) return 'already';
    const intent = record?.intent ?? (await ledger.begin(channel, day, await target.intent()));
    const attempt = record?.attempts.get(SLOT);
    const landed = record?.messages.get(SLOT);
    if (landed || attempt) {
      const found = landed ?? (find ? await find(intent, attempt!.at) : undefined);
      if (found && !landed) await ledger.landed(channel, day, SLOT, found);
      if (found || !find) {
        await ledger.finish(channel, day, clock.now());
        return 'already';
      }
    }
    await ledger.attempting(channel, day, SLOT, clock.now());
    const ref = await send(intent);
    await ledger.landed(channel, day, SLOT, ref);
    await ledger.finish(channel, day, clock.now());
    return 'sent';
  } finally {
    await ledger.release(channel, day, owner).catch(() => undefined);
  }
}
