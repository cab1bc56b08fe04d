import type { Paper } from '../model.js';

/**
 * What the feed asks of the services papers come from. The feed owns these ports and src/upstream/
 * implements them (hf/client.ts, arxiv/client.ts), so the clients may use papers/ (ids, ranking)
 * without papers/ importing them back.
 */

/** Hugging Face's papers API: Daily Papers by day, search, and single papers. */
export interface HfClient {
  /** Every paper featured on `day` (`YYYY-MM-DD`), highest upvoted first. */
  dailyPapers(day: string): Promise<Paper[]>;
  /** Papers matching `query`, in HF's relevance order. */
  search(query: string, limit: number): Promise<Paper[]>;
  /** One paper, or undefined when HF does not know it. */
  paper(id: string): Promise<Paper | undefined>;
}

/** The arXiv export API: metadata for papers HF does not know, and a search fallback. */
export interface ArxivClient {
  paper(id: string): Promise<Paper | undefined>;
  /** Several papers by canonical id in one request (at most `maxIdsPerRequest`); unknown ids are left out. */
  papers(ids: readonly string[]): Promise<Paper[]>;
  search(query: string, limit: number): Promise<Paper[]>;
  /** How many ids one `papers` call takes; absent: any number. */
  readonly maxIdsPerRequest?: number;
}
