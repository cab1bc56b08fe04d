/**
 * The reaction step (reaction-step.ts) as one PostgreSQL function, so a reaction event is a single
 * round trip: `SELECT paperfeed_react(…)` runs in its own transaction, serialised per (team,
 * paper) by an advisory lock, and holds a pooled connection for one statement only (a storm of
 * events would otherwise queue for the pool's few connections). It finds the voter itself (the
 * identity's linked person, or whoever a removed reaction was counted for) and keeps the voter's
 * count (voterCountsMap in keys.ts) and own votes (voterVotesMap, from a key prefix), and
 * finds an add stale when a clear of its message or emoji (two fields of the reaction map) is newer.
 * Earlier argument lists are dropped: an instance still calling one fails loudly instead of
 * counting by the older rules.
 */
export const REACTION_FUNCTION_SQL = `
DROP FUNCTION IF EXISTS paperfeed_react(text, text, text, text, text, text, text, bigint, boolean, text);
DROP FUNCTION IF EXISTS paperfeed_react(text, text, text, text, text, text, text, bigint, boolean, text, text, text);
DROP FUNCTION IF EXISTS paperfeed_react(text, text, text, text, text, text, bigint, boolean, text, text, text, text, text);
CREATE OR REPLACE FUNCTION paperfeed_react(
  k_reaction text, f_reaction text, k_refs text, k_vote text, k_count text, f_paper text,
  ord bigint, present boolean, at_ms text, k_voters text, k_mine_prefix text, k_links text, f_identity text,
  f_clear_message text, f_clear_reaction text) RETURNS int[] AS $$
DECLARE
  stored text;
  sep int;
  was boolean := false;
  counted text := f_identity;
  voter text;
  k_mine text;
  refs int;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(k_refs, 0));
  SELECT value INTO stored FROM paperfeed_map WHERE map = k_reaction AND field = f_reaction;
  IF stored IS NOT NULL THEN
    sep := position(':' in stored);
    IF substr(stored, 1, sep - 1)::bigint >= ord THEN RETURN ARRAY[1, 0]; END IF;
    was := substr(stored, sep + 1, 1) = '1';
    IF length(stored) > sep + 1 THEN counted := substr(stored, sep + 3); END IF;
  END IF;
  IF present AND EXISTS (SELECT 1 FROM paperfeed_map WHERE map = k_reaction AND field IN (f_clear_message, f_clear_reaction)
      AND split_part(value, ':', 1)::bigint >= ord) THEN
    RETURN ARRAY[1, 0];
  END IF;
  IF was = present THEN
    INSERT INTO paperfeed_map VALUES (k_reaction, f_reaction, ord::text || CASE WHEN present THEN ':1:' || counted ELSE ':0' END)
      ON CONFLICT (map, field) DO UPDATE SET value = excluded.value;
    RETURN ARRAY[0, 0];
  END IF;
  voter := counted;
  IF present THEN
    voter := COALESCE((SELECT value FROM paperfeed_map WHERE map = k_links AND field = f_identity), f_identity);
  END IF;
  k_mine := k_mine_prefix || voter;
  INSERT INTO paperfeed_map VALUES (k_reaction, f_reaction, ord::text || CASE WHEN present THEN ':1:' || voter ELSE ':0' END)
    ON CONFLICT (map, field) DO UPDATE SET value = excluded.value;
  refs := greatest(0, COALESCE((SELECT value::int FROM paperfeed_map WHERE map = k_refs AND field = voter), 0) + CASE WHEN present THEN 1 ELSE -1 END);
  IF present AND refs = 1 THEN
    INSERT INTO paperfeed_map VALUES (k_refs, voter, '1') ON CONFLICT (map, field) DO UPDATE SET value = excluded.value;
    INSERT INTO paperfeed_map VALUES (k_vote, voter, at_ms) ON CONFLICT (map, field) DO UPDATE SET value = excluded.value;
    INSERT INTO paperfeed_map VALUES (k_count, f_paper, '1') ON CONFLICT (map, field) DO UPDATE SET value = (paperfeed_map.value::int + 1)::text;
    INSERT INTO paperfeed_map VALUES (k_voters, voter, '1') ON CONFLICT (map, field) DO UPDATE SET value = (paperfeed_map.value::int + 1)::text;
    INSERT INTO paperfeed_map VALUES (k_mine, f_paper, at_ms) ON CONFLICT (map, field) DO UPDATE SET value = excluded.value;
    RETURN ARRAY[0, 1];
  ELSIF NOT present AND refs = 0 THEN
    DELETE FROM paperfeed_map WHERE map = k_refs AND field = voter;
    DELETE FROM paperfeed_map WHERE map = k_vote AND field = voter;
    UPDATE paperfeed_map SET value = greatest(value::int - 1, 0)::text WHERE map = k_count AND field = f_paper;
    UPDATE paperfeed_map SET value = (value::int - 1)::text WHERE map = k_voters AND field = voter;
    DELETE FROM paperfeed_map WHERE map = k_voters AND field = voter AND value::int <= 0;
    DELETE FROM paperfeed_map WHERE map = k_mine AND field = f_paper;
    RETURN ARRAY[0, -1];
  END IF;
  INSERT INTO paperfeed_map VALUES (k_refs, voter, refs::text) ON CONFLICT (map, field) DO UPDATE SET value = excluded.value;
  RETURN ARRAY[0, 0];
END $$ LANGUAGE plpgsql;`;
