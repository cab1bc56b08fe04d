/**
 * How a reaction event becomes a vote. A vote is one person's, once per paper per team; it
 * exists while at least one of their vote reactions on that paper's messages exists. Reactions
 * are kept per (voter, reaction) with the order of the last event applied, so an event that
 * arrives after a later one for the same reaction (a connection pool reordering an add and a
 * remove, a platform redelivering an event) changes nothing.
 *
 * Each backend runs `reactionStep` atomically over the fields it reads and writes (memory:
 * synchronously; SQLite: one immediate transaction; PostgreSQL: one transaction under an advisory
 * lock on the paper; Redis: the same logic as a Lua script, REACTION_LUA below).
 */
export interface ReactionChange {
  team: string;
  paperId: string;
  /** `platform:userId`. */
  voter: string;
  /** The reaction itself: the message and the emoji variant, e.g. `slack:C1:1700000000.000100:+1`. */
  reaction: string;
  present: boolean;
  /** Event order (µs): Slack's `event_ts`, or the receiving process's monotonic time for Discord. */
  order: number;
  /** When the vote was cast (ms since the epoch), kept with the vote. */
  at: number;
}

export interface ReactionResult {
  /** The event was older than one already applied to this reaction: nothing changed. */
  stale: boolean;
  /** +1 when the voter's vote appeared, -1 when it went away, 0 otherwise. */
  voteDelta: -1 | 0 | 1;
}

/** The fields a reaction touches, as map + field. */
export function reactionFields(c: ReactionChange) {
  return {
    reaction: { map: `reactions:${c.team}:${c.paperId}`, field: `${c.voter}|${c.reaction}` },
    refs: { map: `vote-refs:${c.team}:${c.paperId}`, field: c.voter },
    vote: { map: `votes:${c.team}:${c.paperId}`, field: c.voter },
    count: { map: `vote-counts:${c.team}`, field: c.paperId },
    /** How many votes the voter has in the team (`top voters`). */
    voterCount: { map: `voter-counts:${c.team}`, field: c.voter },
    /** The voter's own votes, paper → time (`top me`). */
    mine: { map: `voter-votes:${c.team}:${c.voter}`, field: c.paperId },
  };
}

export interface ReactionState {
  /** `order:1` (present) or `order:0` (removed), as stored. */
  reaction?: string;
  /** How many of the voter's reactions on the paper exist. */
  refs?: string;
  /** The paper's vote count in the team. */
  count?: string;
  /** The voter's vote count in the team. */
  voterCount?: string;
}

/** What to write (undefined deletes the field), or nothing when the event is stale or changes nothing. */
export interface ReactionWrites {
  result: ReactionResult;
  reaction?: string;
  refs?: string | undefined;
  vote?: string | undefined;
  count?: string;
  voterCount?: string;
  /** Which of refs / vote / count to write (the reaction row is written whenever the event is not stale); `vote` and `count` also write the voter's own vote and count. */
  touch: { refs: boolean; vote: boolean; count: boolean };
}

export function reactionStep(state: ReactionState, c: ReactionChange): ReactionWrites {
  const none = { refs: false, vote: false, count: false };
  const [storedOrder, storedPresent] = state.reaction ? state.reaction.split(':') : [];
  if (storedOrder !== undefined && Number(storedOrder) >= c.order) return { result: { stale: true, voteDelta: 0 }, touch: none };
  const row = `${c.order}:${c.present ? 1 : 0}`;
  const wasPresent = storedPresent === '1';
  if (wasPresent === c.present) return { result: { stale: false, voteDelta: 0 }, reaction: row, touch: none };
  const refs = Math.max(0, Number(state.refs ?? 0) + (c.present ? 1 : -1));
  const count = Number(state.count ?? 0);
  const voterCount = Number(state.voterCount ?? 0);
  const all = { refs: true, vote: true, count: true };
  if (c.present && refs === 1) {
    return { result: { stale: false, voteDelta: 1 }, reaction: row, refs: '1', vote: String(c.at), count: String(count + 1), voterCount: String(voterCount + 1), touch: all };
  }
  if (!c.present && refs === 0) {
    return {
      result: { stale: false, voteDelta: -1 }, reaction: row, refs: undefined, vote: undefined,
      count: String(Math.max(0, count - 1)), voterCount: voterCount > 1 ? String(voterCount - 1) : undefined, touch: all,
    };
  }
  return { result: { stale: false, voteDelta: 0 }, reaction: row, refs: String(refs), touch: { refs: true, vote: false, count: false } };
}

/** Turns a step's writes into a batch. */
export function reactionWrites(c: ReactionChange, w: ReactionWrites) {
  const f = reactionFields(c);
  const out: { map: string; field: string; value: string | undefined }[] = [];
  if (w.reaction !== undefined) out.push({ ...f.reaction, value: w.reaction });
  if (w.touch.refs) out.push({ ...f.refs, value: w.refs });
  if (w.touch.vote) out.push({ ...f.vote, value: w.vote }, { ...f.mine, value: w.vote });
  if (w.touch.count) out.push({ ...f.count, value: w.count }, { ...f.voterCount, value: w.voterCount });
  return out;
}

/**
 * reactionStep in Lua for Redis. KEYS: reaction, refs, vote, count, voter-count, voter's-votes
 * hashes; ARGV: the first four's fields, order, present, at (the voter-count field is the voter,
 * ARGV[2]; the voter's-votes field is the paper, ARGV[4]).
 */
export const REACTION_LUA = `
local stored = redis.call('HGET', KEYS[1], ARGV[1])
local order = tonumber(ARGV[5])
local present = ARGV[6] == '1'
local wasPresent = false
if stored then
  local sep = string.find(stored, ':', 1, true)
  if tonumber(string.sub(stored, 1, sep - 1)) >= order then return {1, 0} end
  wasPresent = string.sub(stored, sep + 1) == '1'
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[5] .. ':' .. ARGV[6])
if wasPresent == present then return {0, 0} end
local delta = present and 1 or -1
local refs = math.max(0, tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0') + delta)
if present and refs == 1 then
  redis.call('HSET', KEYS[2], ARGV[2], '1')
  redis.call('HSET', KEYS[3], ARGV[3], ARGV[7])
  redis.call('HINCRBY', KEYS[4], ARGV[4], 1)
  redis.call('HINCRBY', KEYS[5], ARGV[2], 1)
  redis.call('HSET', KEYS[6], ARGV[4], ARGV[7])
  return {0, 1}
end
if (not present) and refs == 0 then
  redis.call('HDEL', KEYS[2], ARGV[2])
  redis.call('HDEL', KEYS[3], ARGV[3])
  local n = redis.call('HINCRBY', KEYS[4], ARGV[4], -1)
  if n < 0 then redis.call('HSET', KEYS[4], ARGV[4], '0') end
  if redis.call('HINCRBY', KEYS[5], ARGV[2], -1) <= 0 then redis.call('HDEL', KEYS[5], ARGV[2]) end
  redis.call('HDEL', KEYS[6], ARGV[4])
  return {0, -1}
end
redis.call('HSET', KEYS[2], ARGV[2], tostring(refs))
return {0, 0}`;
