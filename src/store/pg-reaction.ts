/**
 * reactionStep (reaction-step.ts) as one PostgreSQL function, so a reaction event is a single
 * round trip: `SELECT paperfeed_react(…)` runs in its own transaction, serialised per (team,
 * paper) by an advisory lock, and holds a pooled connection for one statement only (a storm of
 * events would otherwise queue for the pool's few connections). It also keeps the voter's count
 * (`voter-counts:{team}`) and own votes (`voter-votes:{team}:{voter}`). Its arguments grew by two
 * for those; the older, shorter overload stays defined, so an instance not yet upgraded keeps working
 * (without the voter's count).
 */
export const REACTION_FUNCTION_SQL = `
CREATE OR REPLACE FUNCTION paperfeed_react(
  k_reaction text, f_reaction text, k_refs text, k_vote text, k_count text, f_voter text, f_paper text,
  ord bigint, present boolean, at_ms text, k_voters text, k_mine text) RETURNS int[] AS $$
DECLARE
  stored text;
  sep int;
  was boolean := false;
  refs int;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(k_refs, 0));
  SELECT value INTO stored FROM paperfeed_map WHERE map = k_reaction AND field = f_reaction;
  IF stored IS NOT NULL THEN
    sep := position(':' in stored);
    IF substr(stored, 1, sep - 1)::bigint >= ord THEN RETURN ARRAY[1, 0]; END IF;
    was := substr(stored, sep + 1) = '1';
  END IF;
  INSERT INTO paperfeed_map VALUES (k_reaction, f_reaction, ord::text || ':' || CASE WHEN present THEN '1' ELSE '0' END)
    ON CONFLICT (map, field) DO UPDATE SET value = excluded.value;
  IF was = present THEN RETURN ARRAY[0, 0]; END IF;
  refs := greatest(0, COALESCE((SELECT value::int FROM paperfeed_map WHERE map = k_refs AND field = f_voter), 0) + CASE WHEN present THEN 1 ELSE -1 END);
  IF present AND refs = 1 THEN
    INSERT INTO paperfeed_map VALUES (k_refs, f_voter, '1') ON CONFLICT (map, field) DO UPDATE SET value = excluded.value;
    INSERT INTO paperfeed_map VALUES (k_vote, f_voter, at_ms) ON CONFLICT (map, field) DO UPDATE SET value = excluded.value;
    INSERT INTO paperfeed_map VALUES (k_count, f_paper, '1') ON CONFLICT (map, field) DO UPDATE SET value = (paperfeed_map.value::int + 1)::text;
    INSERT INTO paperfeed_map VALUES (k_voters, f_voter, '1') ON CONFLICT (map, field) DO UPDATE SET value = (paperfeed_map.value::int + 1)::text;
    INSERT INTO paperfeed_map VALUES (k_mine, f_paper, at_ms) ON CONFLICT (map, field) DO UPDATE SET value = excluded.value;
    RETURN ARRAY[0, 1];
  ELSIF NOT present AND refs = 0 THEN
    DELETE FROM paperfeed_map WHERE map = k_refs AND field = f_voter;
    DELETE FROM paperfeed_map WHERE map = k_vote AND field = f_voter;
    UPDATE paperfeed_map SET value = greatest(value::int - 1, 0)::text WHERE map = k_count AND field = f_paper;
    UPDATE paperfeed_map SET value = (value::int - 1)::text WHERE map = k_voters AND field = f_voter;
    DELETE FROM paperfeed_map WHERE map = k_voters AND field = f_voter AND value::int <= 0;
    DELETE FROM paperfeed_map WHERE map = k_mine AND field = f_paper;
    RETURN ARRAY[0, -1];
  END IF;
  INSERT INTO paperfeed_map VALUES (k_refs, f_voter, refs::text) ON CONFLICT (map, field) DO UPDATE SET value = excluded.value;
  RETURN ARRAY[0, 0];
END $$ LANGUAGE plpgsql;`;
