import { feedKey, parseMessageRef, teamKey, type ChannelRef, type Platform } from '../model.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import { clubLedger } from '../store/keys.js';
import type { Stores } from '../store/index.js';
import type { Subscription } from '../subscriptions/subscription.js';
import type { ClubPoster } from './club-poster.js';
import { reminderMessage, threadNameOf } from './messages.js';
import { sendOnce } from './post-once.js';

/** Days after a claim before its reader is reminded, when the feed does not say (`reminder:`). */
export const DEFAULT_REMINDER_DAYS = 7;
const DAY_MS = 86_400_000;

/** A feed's reminder delay in days; undefined when its reminders are off. */
export const reminderDays = (sub: Pick<Subscription, 'reminder'>): number | undefined =>
  sub.reminder === 'off' ? undefined : (sub.reminder ?? DEFAULT_REMINDER_DAYS);

export interface ReminderDeps {
  stores: Stores;
  clock: Clock;
  logger: Logger;
  /** This process, as the owner of ledger leases. */
  owner: string;
  posters: ReadonlyMap<Platform, ClubPoster>;
  /** The channels whose teams this process reminds (a sharded Discord process: its guilds). */
  serves?: (channel: ChannelRef) => boolean;
}

/** A claim whose reminder is due. */
interface Due {
  team: string;
  paperId: string;
  reader: string;
  /** When the claim was made (ms): a claim withdrawn and made again is a new claim. */
  at: number;
  days: number;
}

/** The ledger day of one claim's reminder: one per (paper, claim time, reader). */
export const reminderDay = (d: Pick<Due, 'paperId' | 'at' | 'reader'>): string =>
  `reminder-${d.paperId}-${d.at}-${d.reader}`;

/**
 * The reading club's gentle reminders: a reader whose claim is `reminder:` days old (the feed that
 * posted the paper says; the shortest when several did) and who has not added a takeaway gets one
 * message, a DM where the platform delivers it, else a reply in the paper's thread naming only
 * them. Each claim's reminder goes through the delivery ledger (`sendOnce`), so it is sent once
 * across restarts and instances. `done` remembers the reminders this process saw finished.
 */
export function createReminders(deps: ReminderDeps) {
  const { stores, clock, logger } = deps;
  const done = new Set<string>();
  const remember = (key: string) => {
    if (done.size >= 50_000) done.delete(done.values().next().value!);
    done.add(key);
  };

  async function due(team: string, feeds: Subscription[], now: number): Promise<Due[]> {
    const claimed = [...(await stores.claims.claimedPapers(team)).keys()];
    if (claimed.length === 0) return [];
    const [posted, readers] = await Promise.all([
      Promise.all(feeds.map((f) => stores.ledger.postedPapers(feedKey(f.channel, f.feed)))),
      stores.claims.readersOfMany(team, claimed),
    ]);
    const out: Due[] = [];
    claimed.forEach((paperId, i) => {
      const posting = feeds.filter((_, f) => posted[f]!.has(paperId));
      const delays = (posting.length ? posting : feeds).map(reminderDays).filter((d) => d !== undefined);
      if (delays.length === 0) return;
      const days = Math.min(...delays);
      for (const [reader, at] of readers[i]!)
        if (now - at >= days * DAY_MS && !done.has(`${team}|${reminderDay({ paperId, at, reader })}`))
          out.push({ team, paperId, reader, at, days });
    });
    return out;
  }

  async function remind(d: Due): Promise<boolean> {
    const key = `${d.team}|${reminderDay(d)}`;
    // A takeaway written since the claim ends it: no reminder, now or later.
    if (await stores.takeaways.get(d.team, d.paperId, d.reader)) {
      remember(key);
      return false;
    }
    const behind = (await stores.claims.reactions(d.team, d.paperId))
      .map((r) => ({ ...r, where: parseMessageRef(r.message) }))
      .find((r) => r.reader === d.reader && r.where && deps.posters.has(r.where.platform));
    const where = behind?.where;
    if (!behind || !where) return false;
    const poster = deps.posters.get(where.platform)!;
    const title = (await stores.papers.getPaper(d.paperId))?.title ?? d.paperId;
    const words = { title, paperId: d.paperId, days: d.days, identity: behind.identity };
    const outcome = await sendOnce(
      { ledger: stores.ledger, clock, owner: deps.owner },
      {
        channel: clubLedger(d.team),
        day: reminderDay(d),
        intent: async () => ({
          day: reminderDay(d),
          team: d.team,
          kind: 'reminder',
          paperIds: [d.paperId],
          header: '',
          createdAt: clock.now(),
          by: 'schedule',
        }),
      },
      async () =>
        (await poster.directMessage(behind.identity, reminderMessage(words, false))) ??
        (await poster.replyInThread(where, reminderMessage(words, true), threadNameOf(title))),
    );
    if (outcome !== 'busy') remember(key);
    return outcome === 'sent';
  }

  return {
    /** Sends the reminders due at `now`; answers how many this call sent. */
    async run(now = clock.now()): Promise<number> {
      const subs = (await stores.subscriptions.list()).filter((s) => deps.serves?.(s.channel) ?? true);
      const byTeam = new Map<string, Subscription[]>();
      for (const sub of subs) {
        const team = await stores.teams.teamOf(teamKey(sub.channel));
        byTeam.set(team, [...(byTeam.get(team) ?? []), sub]);
      }
      let sent = 0;
      for (const [team, feeds] of byTeam) {
        for (const d of await due(team, feeds, now)) {
          try {
            if (await remind(d)) sent++;
          } catch (error) {
            logger.warn('could not send a reading reminder', {
              team,
              paperId: d.paperId,
              error: error instanceof Error ? error.message : String(error),
            });
          }
        }
      }
      return sent;
    },
  };
}
