/**
 * How a reaction event becomes a vote. A vote is one voter's, once per paper per team; it exists
 * while at least one of the voter's vote reactions on that paper's messages exists. The voter is
 * the person a platform identity is linked to (`/papers account link`), or the identity itself.
 * Reactions are kept per (identity, reaction) with the order of the last event applied, so an
 * event that arrives after a later one for the same reaction (a connection pool reordering an add
 * and a remove, a platform redelivering an event) changes nothing.
 *
 * A present reaction also keeps the voter it was counted for: its removal takes the vote back
 * from that voter, even when the identity was linked or unlinked in between. So linking never
 * leaves a vote that no reaction can remove, or removes one twice.
 *
 * A clear (a moderator removing a message's reactions, or one emoji's, or deleting the message)
 * is kept as a row of its own, identity CLEARED, holding its order: an add older than a clear of its
 * message or its emoji is stale, so an add that happened before the clear but arrives after it (a
 * replay, a slow instance) is not counted. The clear itself takes the rows already there away
 * (vote-store.ts). Orders are only ever compared within one message's rows, so Slack's `event_ts`
 * and Discord's receipt orders (receipt-order.ts) never meet.
 *
 * Each backend runs the step atomically over the fields it reads and writes (memory:
 * synchronously; SQLite: one immediate transaction; PostgreSQL: one function under an advisory
 * lock on the paper, pg-reaction.ts; Redis: the same logic as a Lua script, REACTION_LUA below).
 */
import {
  PERSON_LINKS_MAP,
  reactionsMap,
  voteCountsMap,
  voterCountsMap,
  voterVotesMap,
  voteRefsMap,
  votesMap,
} from './keys.js';
export interface ReactionChange {
  team: string;
  paperId: string;
  /** Who reacted: `platform:userId`. */
  identity: string;
  /** The reaction itself: the message and the emoji variant, e.g. `slack:C1:1700000000.000100:+1`. */
  reaction: string;
  present: boolean;
  /** Event order: Slack's `event_ts` (µs), or the receiving process's receipt order for Discord (receipt-order.ts). */
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

type Field = { map: string; field: string };

/** The identity of a clear's rows: `cleared|<message>` (every emoji) or `cleared|<message>:<emoji>`. */
export const CLEARED = 'cleared';

/**
 * The message a reaction is on: a reaction is `platform:channel:message:emoji` (formatMessageRef,
 * then the emoji), and platform, channel and message ids hold no `:`.
 */
export const messageOfReaction = (reaction: string) => reaction.split(':', 3).join(':');

/** The fields read before the voter is known: the reaction row, the identity's link, and the clears an add must be newer than. */
export function reactionRowFields(c: ReactionChange) {
  const map = reactionsMap(c.team, c.paperId);
  return {
    reaction: { map, field: `${c.identity}|${c.reaction}` },
    link: { map: PERSON_LINKS_MAP, field: c.identity },
    clears: [
      { map, field: `${CLEARED}|${messageOfReaction(c.reaction)}` },
      { map, field: `${CLEARED}|${c.reaction}` },
    ],
  };
}

/** The fields a vote by `voter` touches. */
export function voteFields(c: Pick<ReactionChange, 'team' | 'paperId'>, voter: string) {
  return {
    /** How many of the voter's reactions on the paper exist. */
    refs: { map: voteRefsMap(c.team, c.paperId), field: voter },
    vote: { map: votesMap(c.team, c.paperId), field: voter },
    /** The paper's vote count in the team. */
    count: { map: voteCountsMap(c.team), field: c.paperId },
    /** How many votes the voter has in the team (`top voters`). */
    voterCount: { map: voterCountsMap(c.team), field: voter },
    /** The voter's own votes, paper → time (`top me`). */
    mine: { map: voterVotesMap(c.team, voter), field: c.paperId },
  };
}

/**
 * A stored reaction row: `order:0` (removed), or `order:1:voter` (present, counted for `voter`).
 * Rows written before voters could be linked read `order:1`: counted for the identity itself.
 */
export function parseReactionRow(
  row: string | undefined,
  identity: string,
): { order: number; present: boolean; voter: string } | undefined {
  if (row === undefined) return undefined;
  const sep = row.indexOf(':');
  const present = row[sep + 1] === '1';
  return { order: Number(row.slice(0, sep)), present, voter: row.length > sep + 2 ? row.slice(sep + 3) : identity };
}

const reactionRow = (order: number, present: boolean, voter: string) =>
  present ? `${order}:1:${voter}` : `${order}:0`;

export interface ReactionStep {
  result: ReactionResult;
  /** What to write; `value: undefined` deletes the field. */
  writes: (Field & { value: string | undefined })[];
}

/**
 * The step for stores that can read synchronously inside their transaction (memory, SQLite).
 * An add counts for the identity's linked person, or the identity; a removal for whoever the add
 * counted for.
 */
export function reactionStep(read: (f: Field) => string | undefined, c: ReactionChange): ReactionStep {
  const row = reactionRowFields(c);
  const stored = parseReactionRow(read(row.reaction), c.identity);
  if (stored && stored.order >= c.order) return { result: { stale: true, voteDelta: 0 }, writes: [] };
  const cleared = (f: Field) => parseReactionRow(read(f), CLEARED)?.order ?? -1;
  if (c.present && row.clears.some((f) => cleared(f) >= c.order))
    return { result: { stale: true, voteDelta: 0 }, writes: [] };
  if ((stored?.present ?? false) === c.present) {
    // A redelivered add, or the removal of a reaction that is not there: only the order moves.
    return {
      result: { stale: false, voteDelta: 0 },
      writes: [{ ...row.reaction, value: reactionRow(c.order, c.present, stored?.voter ?? c.identity) }],
    };
  }
  const voter = c.present ? (read(row.link) ?? c.identity) : stored!.voter;
  const f = voteFields(c, voter);
  const writes: ReactionStep['writes'] = [{ ...row.reaction, value: reactionRow(c.order, c.present, voter) }];
  const refs = Math.max(0, Number(read(f.refs) ?? 0) + (c.present ? 1 : -1));
  const count = Number(read(f.count) ?? 0);
  const voterCount = Number(read(f.voterCount) ?? 0);
  if (c.present && refs === 1) {
    const at = String(c.at);
    writes.push(
      { ...f.refs, value: '1' },
      { ...f.vote, value: at },
      { ...f.mine, value: at },
      { ...f.count, value: String(count + 1) },
      { ...f.voterCount, value: String(voterCount + 1) },
    );
    return { result: { stale: false, voteDelta: 1 }, writes };
  }
  if (!c.present && refs === 0) {
    writes.push(
      { ...f.refs, value: undefined },
      { ...f.vote, value: undefined },
      { ...f.mine, value: undefined },
      { ...f.count, value: String(Math.max(0, count - 1)) },
      { ...f.voterCount, value: voterCount > 1 ? String(voterCount - 1) : undefined },
    );
    return { result: { stale: false, voteDelta: -1 }, writes };
  }
  writes.push({ ...f.refs, value: String(refs) });
  return { result: { stale: false, voteDelta: 0 }, writes };
}

/**
 * The step in Lua for Redis. A script names every key it touches before it runs, and the voter's
 * own-votes key depends on the voter, known only inside the step; so the caller names the voter
 * it expects (the identity, at first) and the script answers `{2, 0, voter}` without writing when
 * the step counts for another voter. The caller runs it again with that voter's keys.
 *
 * KEYS: reaction, refs, votes, counts, voter-counts, the expected voter's votes, person links.
 * ARGV: reaction field, expected voter, paper, order, present (1/0), at, identity, and the two clear
 * fields (in the reaction map) an add must be newer than.
 * Answers {stale (1/0), delta} or {2, 0, voter}.
 */
export const REACTION_LUA = `
local stored = redis.call('HGET', KEYS[1], ARGV[1])
local order = tonumber(ARGV[4])
local present = ARGV[5] == '1'
local wasPresent = false
local counted = ARGV[7]
if stored then
  local sep = string.find(stored, ':', 1, true)
  if tonumber(string.sub(stored, 1, sep - 1)) >= order then return {1, 0} end
  wasPresent = string.sub(stored, sep + 1, sep + 1) == '1'
  if string.len(stored) > sep + 1 then counted = string.sub(stored, sep + 3) end
end
if present then
  for i = 8, 9 do
    local clear = redis.call('HGET', KEYS[1], ARGV[i])
    if clear and tonumber(string.sub(clear, 1, string.find(clear, ':', 1, true) - 1)) >= order then return {1, 0} end
  end
end
local function row(voter) if present then return ARGV[4] .. ':1:' .. voter end return ARGV[4] .. ':0' end
if wasPresent == present then
  redis.call('HSET', KEYS[1], ARGV[1], row(counted))
  return {0, 0}
end
local voter = counted
if present then voter = redis.call('HGET', KEYS[7], ARGV[7]) or ARGV[7] end
if voter ~= ARGV[2] then return {2, 0, voter} end
redis.call('HSET', KEYS[1], ARGV[1], row(voter))
local refs = math.max(0, tonumber(redis.call('HGET', KEYS[2], voter) or '0') + (present and 1 or -1))
if present and refs == 1 then
  redis.call('HSET', KEYS[2], voter, '1')
  redis.call('HSET', KEYS[3], voter, ARGV[6])
  redis.call('HINCRBY', KEYS[4], ARGV[3], 1)
  redis.call('HINCRBY', KEYS[5], voter, 1)
  redis.call('HSET', KEYS[6], ARGV[3], ARGV[6])
  return {0, 1}
end
if (not present) and refs == 0 then
  redis.call('HDEL', KEYS[2], voter)
  redis.call('HDEL', KEYS[3], voter)
  local n = redis.call('HINCRBY', KEYS[4], ARGV[3], -1)
  if n < 0 then redis.call('HSET', KEYS[4], ARGV[3], '0') end
  if redis.call('HINCRBY', KEYS[5], voter, -1) <= 0 then redis.call('HDEL', KEYS[5], voter) end
  redis.call('HDEL', KEYS[6], ARGV[3])
  return {0, -1}
end
redis.call('HSET', KEYS[2], voter, tostring(refs))
return {0, 0}`;
