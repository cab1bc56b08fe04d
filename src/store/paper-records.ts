import type { Paper } from '../model.js';

/** A stored paper record, or undefined when it is not one (bad JSON, no title). */
export function parsed(json: string): Paper | undefined {
  try {
    const p = JSON.parse(json) as Paper;
    return typeof p === 'object' && p !== null && typeof p.title === 'string' ? p : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One record per paper, as if written one after another: the last HF record wins, and an arXiv
 * record only stands where no HF record came.
 */
export function lastOfEach(papers: readonly Paper[]): Paper[] {
  const chosen = new Map<string, Paper>();
  for (const p of papers) if (p.source !== 'arxiv' || !chosen.has(p.id)) chosen.set(p.id, p);
  return [...chosen.values()];
}

/** Lets timers, I/O and other work run before going on. */
export const yieldTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));
