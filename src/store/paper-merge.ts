import type { Paper, PaperVersion } from '../model.js';

/** The later of two versions (by number), either absent. */
function laterVersion(a: PaperVersion | undefined, b: PaperVersion | undefined): PaperVersion | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.n > a.n ? b : a;
}

/**
 * What the paper store keeps when `incoming` arrives for a paper it has as `existing`: Hugging
 * Face's record wins over arXiv's (HF has upvotes, summaries and links; an arXiv listing or lookup
 * never replaces them), the newer HF record over the older, and what only arXiv knows (the
 * categories, the latest version) is kept on whichever record stays. Returns `existing` itself
 * when nothing changes, so the store can skip the write.
 */
export function mergePaper(existing: Paper | undefined, incoming: Paper): Paper {
  if (!existing) return incoming;
  const version = laterVersion(existing.version, incoming.version);
  const categories = existing.categories?.length ? existing.categories : incoming.categories;
  if (existing.source === 'hf' && incoming.source === 'arxiv') {
    const moreCategories = !existing.categories?.length && incoming.categories?.length;
    if (version === existing.version && !moreCategories) return existing;
    return { ...existing, ...(version ? { version } : {}), ...(categories ? { categories } : {}) };
  }
  // An arXiv record over an arXiv record: the newer listing's text (a replacement may retitle it).
  return {
    ...incoming,
    ...(version ? { version } : {}),
    ...(incoming.categories?.length ? {} : categories ? { categories } : {}),
    ...(incoming.source === 'arxiv' && !incoming.publishedAt && existing.publishedAt
      ? { publishedAt: existing.publishedAt }
      : {}),
  };
}
