import { postKey, type ChannelPoster } from '../delivery/channel-poster.js';
import { channelKey, teamKey, type Platform } from '../model.js';
import type { ClubSchedule } from '../store/club-sessions.js';
import { agendaText, buildAgenda, heldText } from './agenda.js';
import { sendOnce } from './post-once.js';
import { createReminders, type ReminderDeps } from './reminders.js';
import { agendaDay, agendaDue, heldSession } from './sessions.js';

export interface ClubRunnerDeps extends ReminderDeps {
  /** Each platform's channel poster: an agenda is posted, found and edited like a day's header. */
  channelPosters: ReadonlyMap<Platform, ChannelPoster>;
  /** The read emoji as each platform writes it (`📖`, `:book:`). */
  readEmoji: ReadonlyMap<Platform, string>;
}

/** What one tick did. */
export interface ClubTick {
  agendas: number;
  held: number;
  reminders: number;
}

/** The reading club's scheduled work, run by the scheduler every minute. */
export interface ClubRunner {
  /** Posts the agendas due, edits held sessions' agendas to their takeaways, sends due reminders. Overlapping calls share one run. */
  tick(now?: number): Promise<ClubTick>;
}

export function createClubRunner(deps: ClubRunnerDeps): ClubRunner {
  const { stores, clock, logger } = deps;
  const reminders = createReminders(deps);
  let running: Promise<ClubTick> | undefined;

  /** Posts a session's agenda once, an hour before it, through the ledger (the channel's key, day `agenda-<date>`). */
  async function postAgenda(s: ClubSchedule, session: number, poster: ChannelPoster): Promise<boolean> {
    const channel = channelKey(s.channel);
    const day = agendaDay(s, session);
    const key = postKey(channel, day, 'header');
    const emoji = deps.readEmoji.get(s.channel.platform) ?? '📖';
    const outcome = await sendOnce(
      { ledger: stores.ledger, clock, owner: deps.owner },
      {
        channel,
        day,
        intent: async () => {
          const agenda = await buildAgenda(stores, s, session);
          return {
            day,
            team: await stores.teams.teamOf(teamKey(s.channel)),
            kind: 'agenda',
            paperIds: agenda.claimed.map((c) => c.paperId),
            header: agendaText(agenda, s, emoji),
            createdAt: clock.now(),
            by: 'schedule',
          };
        },
      },
      (intent) => poster.post(s.channel, { kind: 'header', text: intent.header }, { key }),
      poster.find
        ? (intent, since) => poster.find!(s.channel, { kind: 'header', text: intent.header }, { key, since })
        : undefined,
    );
    return outcome === 'sent';
  }

  /** Edits a held session's agenda to its takeaways so far, when they changed since the last edit. */
  async function showHeld(s: ClubSchedule, session: number, poster: ChannelPoster): Promise<boolean> {
    const day = agendaDay(s, session);
    const record = await stores.ledger.get(channelKey(s.channel), day);
    const ref = record?.messages.get('header');
    if (!record || !ref || !poster.edit) return false;
    const ids = record.intent.paperIds;
    const [takeaways, papers] = await Promise.all([
      stores.takeaways.ofMany(record.intent.team, ids),
      stores.papers.getPapers(ids),
    ]);
    const text = heldText(
      session,
      s,
      ids.map((paperId, i) => ({ paperId, title: papers[i]?.title ?? paperId, takeaways: takeaways[i] ?? [] })),
    );
    if ((await stores.clubSessions.heldText(s.channel, day)) === text) return false;
    await poster.edit(ref, { kind: 'header', text });
    await stores.clubSessions.setHeldText(s.channel, day, text);
    return true;
  }

  async function sessions(now: number): Promise<Pick<ClubTick, 'agendas' | 'held'>> {
    const done = { agendas: 0, held: 0 };
    for (const s of await stores.clubSessions.list()) {
      const poster = deps.channelPosters.get(s.channel.platform);
      if (!poster || !(deps.serves?.(s.channel) ?? true)) continue;
      try {
        const due = agendaDue(s, now);
        if (due !== undefined && (await postAgenda(s, due, poster))) done.agendas++;
        const held = heldSession(s, now);
        if (held !== undefined && (await showHeld(s, held, poster))) done.held++;
      } catch (error) {
        logger.warn('reading club: agenda failed', {
          channel: s.channel,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return done;
  }

  return {
    tick(now = clock.now()) {
      running ??= (async () => {
        const done = await sessions(now);
        return { ...done, reminders: await reminders.run(now) };
      })().finally(() => (running = undefined));
      return running;
    },
  };
}
