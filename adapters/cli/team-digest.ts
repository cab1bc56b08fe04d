import { UserError } from '../../src/errors.js';
import { DEFAULT_DIGEST_SETTINGS } from '../../src/model.js';
import { RANK_MODES, type RankMode } from '../../src/taste/rank.js';
import type { Services } from '../bot/services.js';
import { digestJson, formatDigest } from './format.js';
import type { Io } from './io.js';
import { teamArg } from './taste.js';

/** Why the order is what it is, in words (the JSON's `rank.reason`). */
const REASONS = {
  asked: 'the feed option asks for it',
  'no-votes': 'the team has not voted yet',
  'few-votes': 'the team has voted for too few papers yet',
  'enough-votes': "the team's votes rank it",
} as const;

/**
 * `paperfeed digest --team platform:teamId [--rank auto|team|hf] …`: the day as that team's feed
 * would rank it (before any channel's filter), each paper with its `score` (the blend of taste and
 * HF upvotes; the upvotes in HF order) and its `why` line (null for papers the taste did not move up).
 */
export async function teamDigest(
  services: Services,
  io: Io,
  o: { day: string; count: number; json: boolean; team?: string; rank?: string },
): Promise<number> {
  const team = teamArg(o.team);
  const mode = (o.rank ?? 'auto') as RankMode;
  if (!RANK_MODES.includes(mode)) throw new UserError(`--rank must be auto, team or hf, not "${o.rank}"`);
  const target = await services.stores.teams.teamOf(team);
  const papers = await services.feed.day(o.day);
  const ranking = await services.taste.rank(target, o.day, papers, mode);
  const taste = ranking.choice.order === 'taste';
  const d = await services.feed.digest(
    o.day,
    { ...DEFAULT_DIGEST_SETTINGS, count: o.count },
    undefined,
    taste ? ranking.placed.map((p) => p.id) : undefined,
  );
  const score = new Map(ranking.placed.map((p) => [p.id, p.score]));
  const why = (id: string) => (taste ? (ranking.why(id) ?? null) : null);
  if (o.json) {
    const base = digestJson(d);
    const json = {
      ...base,
      team,
      rank: { mode, order: ranking.choice.order, reason: ranking.choice.reason, blend: ranking.model?.blend ?? null },
      papers: base.papers.map((p) => ({ ...p, score: taste ? score.get(p.id)! : p.upvotes, why: why(p.id) })),
    };
    io.out(JSON.stringify(json, null, 2));
    return 0;
  }
  const head = taste
    ? `Ranked by the taste of ${team}`
    : `In Hugging Face upvote order for ${team}: ${REASONS[ranking.choice.reason]}`;
  const lines = d.papers.flatMap((p, i) => {
    const line = why(p.id);
    return line ? [`${String(i + 1).padStart(2)}. ${p.id}: ${line}`] : [];
  });
  io.out([head, formatDigest(d, io.columns ?? 100), ...(lines.length ? ['', 'Why:', ...lines] : [])].join('\n'));
  return 0;
}
