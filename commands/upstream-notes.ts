import type { UpstreamError } from '../src/errors.js';
import type { Paper } from '../src/model.js';
import type { SearchResult } from '../src/papers/feed.js';

/*
 * What a lookup says when a source did not answer: which one failed, and which answered. Never
 * "not found" from a source that was not asked (`/papers paper`, `/papers search`, `paperfeed search`).
 */

const reasonOf = (unavailable: readonly UpstreamError[], service: string) =>
  unavailable.find((e) => e.service === service)?.message;

/** Why `/papers paper <id>` found nothing, from the sources that failed (none: both answered). */
export function paperNotFound(id: string, unavailable: readonly UpstreamError[]): string {
  const hf = reasonOf(unavailable, 'Hugging Face');
  const arxiv = reasonOf(unavailable, 'arXiv');
  if (hf && arxiv)
    return `Neither Hugging Face (${hf}) nor arXiv (${arxiv}) is answering, so ${id} could not be looked up. Try again in a few minutes.`;
  if (hf)
    return `Hugging Face is not answering (${hf}), and arXiv has no paper ${id}. Try again in a few minutes: it may be on Hugging Face.`;
  if (arxiv)
    return `Hugging Face has no paper ${id}, and arXiv is not answering (${arxiv}). Try again in a few minutes: it may be on arXiv.`;
  return `No paper ${id} on Hugging Face or arXiv.`;
}

/** A line above a card that came from arXiv because Hugging Face did not answer; '' otherwise. */
export function paperSourceNote(paper: Paper, unavailable: readonly UpstreamError[]): string {
  const hf = reasonOf(unavailable, 'Hugging Face');
  return hf && paper.source === 'arxiv'
    ? `Hugging Face is not answering (${hf}); this card is from arXiv, without upvotes or an AI summary.`
    : '';
}

/** Under search results that Hugging Face did not give: where they come from instead. */
export function searchSourceNote(degraded: NonNullable<SearchResult['degraded']>): string {
  const { hf, arxiv } = degraded;
  if (typeof arxiv === 'object')
    return `Hugging Face search (${hf}) and arXiv (${arxiv.failed}) are not answering; these results are from papers seen here before.`;
  const from = arxiv === 'answered' ? 'arXiv and papers seen here before' : 'papers seen here before';
  return `Hugging Face search is not answering (${hf}); these results are from ${from}.`;
}

/** After "No papers found for …", when Hugging Face did not answer: what was asked instead. */
export function searchEmptyNote(degraded: NonNullable<SearchResult['degraded']>): string {
  const { hf, arxiv } = degraded;
  if (typeof arxiv === 'object')
    return `Hugging Face search (${hf}) and arXiv (${arxiv.failed}) are not answering, and no paper seen here before matches. Try again in a few minutes.`;
  return `Hugging Face search is not answering (${hf}), and neither arXiv nor the papers seen here before have any. Try again in a few minutes.`;
}
