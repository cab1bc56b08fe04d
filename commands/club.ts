import { agendaText, buildAgenda } from '../src/club/agenda.js';
import { AGENDA_LEAD_MS, nextSession, parseSchedule, ScheduleInputError } from '../src/club/sessions.js';
import { UserError } from '../src/errors.js';
import { reply, type Reply } from '../src/model.js';
import type { ClubSchedule } from '../src/store/club-sessions.js';
import { quoted } from '../src/text/verbatim.js';
import { isValidTimeZone } from '../src/time/dates.js';
import { formatLocal } from '../src/time/zoned-time.js';
import { READING_CLUB } from './reading-club.js';
import type { Command, CommandContext, CommandInput } from './types.js';

const SET_UP = '`/papers club schedule:"thursday 15:00"`';

/**
 * `/papers club`: the channel's next session agenda as it stands now, only to you. Admins set the
 * weekly sessions with `schedule:"thursday 15:00"` (or `off`); the agenda is then posted in the
 * channel an hour before each session, and edited to its takeaways after it.
 */
export const club: Command = {
  def: {
    name: 'club',
    description: 'The reading club: the next session\'s agenda (admins: schedule:"thursday 15:00" or off)',
    options: [
      {
        name: 'schedule',
        description: 'Admins: a weekly session, weekday and time, e.g. "thursday 15:00"; or off',
        type: 'string',
        maxLength: 30,
        main: true,
      },
      {
        name: 'timezone',
        description: "IANA time zone of the sessions (default: the channel feed's, yours on Slack, else UTC)",
        type: 'string',
        maxLength: 64,
        aliases: ['tz'],
      },
    ],
    adminOnly: false,
    channelOnly: true,
    helpGroup: READING_CLUB,
    helpOptions: '[schedule]',
    slow: false,
    private: true,
  },
  async run(input, ctx) {
    if (ctx.directMessage)
      throw new UserError('`/papers club` works in a channel: each channel has its own club sessions.');
    if (input.schedule !== undefined) return setSchedule(input, ctx);
    const schedule = await ctx.stores.clubSessions.get(ctx.channel);
    if (!schedule) return reply(`This channel has no reading club sessions yet. An admin can set them with ${SET_UP}.`);
    const session = nextSession(schedule, ctx.clock.now());
    const agenda = await buildAgenda(ctx.stores, schedule, session);
    return reply(agendaText(agenda, schedule, ctx.club?.readEmoji ?? '📖'));
  },
};

async function setSchedule(input: CommandInput, ctx: CommandContext): Promise<Reply> {
  if (!ctx.isAdmin)
    return reply(
      `Only members with ${ctx.adminRequirement} can set the club's sessions. \`/papers club\` shows the next agenda. Nothing was changed.`,
    );
  let parsed: ReturnType<typeof parseSchedule>;
  try {
    parsed = parseSchedule(String(input.schedule));
  } catch (error) {
    if (error instanceof ScheduleInputError) throw new UserError(error.message);
    throw error;
  }
  if (parsed === 'off') {
    const had = await ctx.stores.clubSessions.delete(ctx.channel);
    return reply(
      had ? '📚 Club sessions in this channel are off: no more agendas.' : 'This channel had no club sessions.',
    );
  }
  const timeZone = await zoneOf(input, ctx);
  const schedule: ClubSchedule = {
    channel: ctx.channel,
    ...parsed,
    timeZone,
    since: new Date(ctx.clock.now()).toISOString(),
    by: ctx.userId,
  };
  const earlier = await ctx.stores.clubSessions.get(ctx.channel);
  await ctx.stores.clubSessions.set(schedule);
  const next = nextSession(schedule, ctx.clock.now());
  const day = `${parsed.weekday[0]!.toUpperCase()}${parsed.weekday.slice(1)}s`;
  const confirmed = reply(
    `📚 Reading club: sessions on ${day} at ${parsed.time} (${timeZone}); the agenda is posted here an hour before each, from ${formatLocal(next - AGENDA_LEAD_MS, timeZone)}. Claim papers with ${ctx.club?.readEmoji ?? '📖'}; \`/papers club\` shows the agenda so far.`,
    { private: false },
  );
  if (!ctx.postInChannel) return confirmed;
  // Where the bot must prove it can post here (Slack), the agenda's channel: undone when it cannot.
  const refusal = await ctx.postInChannel(confirmed);
  if (!refusal) return reply('');
  if (earlier) await ctx.stores.clubSessions.set(earlier);
  else await ctx.stores.clubSessions.delete(ctx.channel);
  return reply(refusal);
}

/** The sessions' zone: as given, else the channel's feed's, the caller's own (Slack), or UTC. */
async function zoneOf(input: CommandInput, ctx: CommandContext): Promise<string> {
  if (input.timezone !== undefined) {
    const zone = String(input.timezone);
    if (!isValidTimeZone(zone))
      throw new UserError(
        `${quoted(zone, 60)} is not a time zone I know; use an IANA name such as Europe/Berlin, America/New_York or UTC.`,
      );
    return zone;
  }
  const feeds = await ctx.stores.subscriptions.inChannel(ctx.channel);
  return (feeds.find((s) => !s.feed) ?? feeds[0])?.timeZone ?? ctx.userTimeZone ?? 'UTC';
}
