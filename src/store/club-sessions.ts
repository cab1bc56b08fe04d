import { channelKey, type ChannelRef } from '../model.js';
import type { Backend } from './backend.js';
import { CLUB_HELD_MAP, CLUB_SCHEDULES_MAP } from './keys.js';

/** When a channel's reading club meets: every `weekday` at `time` (`HH:MM`) in `timeZone`. */
export interface ClubSchedule {
  channel: ChannelRef;
  weekday: 'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday';
  time: string;
  /** IANA time zone. */
  timeZone: string;
  /** When it was set (ISO-8601): sessions before it are not owed an agenda. */
  since: string;
  /** Who set it (`platform:userId`). */
  by: string;
}

/** Club sessions per channel, and what each agenda message was last edited to after its session. */
export interface ClubSessionStore {
  get(channel: ChannelRef): Promise<ClubSchedule | undefined>;
  set(schedule: ClubSchedule): Promise<void>;
  /** True when the channel had sessions. */
  delete(channel: ChannelRef): Promise<boolean>;
  list(): Promise<ClubSchedule[]>;
  /** The text the agenda of `day` was last edited to ("Session held …"), if any. */
  heldText(channel: ChannelRef, day: string): Promise<string | undefined>;
  setHeldText(channel: ChannelRef, day: string, text: string): Promise<void>;
}

const heldField = (channel: ChannelRef, day: string) => `${channelKey(channel)}|${day}`;

export function createClubSessionStore(backend: Backend): ClubSessionStore {
  return {
    async get(channel) {
      const raw = await backend.mapGet(CLUB_SCHEDULES_MAP, channelKey(channel));
      return raw ? (JSON.parse(raw) as ClubSchedule) : undefined;
    },
    async set(schedule) {
      await backend.mapSet(CLUB_SCHEDULES_MAP, channelKey(schedule.channel), JSON.stringify(schedule));
    },
    delete: (channel) => backend.mapDelete(CLUB_SCHEDULES_MAP, channelKey(channel)),
    async list() {
      return [...(await backend.mapEntries(CLUB_SCHEDULES_MAP)).values()].map((v) => JSON.parse(v) as ClubSchedule);
    },
    heldText: (channel, day) => backend.mapGet(CLUB_HELD_MAP, heldField(channel, day)),
    async setHeldText(channel, day, text) {
      await backend.mapSet(CLUB_HELD_MAP, heldField(channel, day), text);
    },
  };
}
