import type { Paper } from '../../model.js';
import { canonicalPaperId } from '../../papers/paper-id.js';
import type { HfListItem, HfPaper } from './schema.js';

const HF_ORIGIN = 'https://huggingface.co';

/** Collapses hard wraps and runs of spaces (older abstracts wrap at ~80 columns). */
export const normaliseText = (text: string): string => text.replace(/\s+/g, ' ').trim();

const httpsUrl = (u: string | null | undefined): string | undefined => {
  if (!u) return undefined;
  if (u.startsWith('/')) return `${HF_ORIGIN}${u}`;
  return /^https?:\/\//.test(u) ? u : undefined;
};

/** Maps an HF paper (flat or the `paper` of a list item) to the neutral `Paper`; undefined when the id is not an arXiv id. */
export function hfToPaper(p: HfPaper, item?: Omit<HfListItem, 'paper'>): Paper | undefined {
  const id = canonicalPaperId(p.id);
  if (!id) return undefined;
  const org = p.organization ?? item?.organization;
  return {
    id,
    title: normaliseText(p.title),
    authors: (p.authors ?? [])
      .filter((a) => !a.hidden && a.name.trim() !== '')
      .map((a) => ({ name: normaliseText(a.name), ...(a.user?.user ? { hfUser: a.user.user } : {}) })),
    abstract: normaliseText(p.summary ?? ''),
    aiSummary: p.ai_summary ? normaliseText(p.ai_summary) : undefined,
    keywords: p.ai_keywords ?? [],
    upvotes: Math.max(0, Math.trunc(p.upvotes ?? 0)),
    publishedAt: p.publishedAt ?? undefined,
    featuredOn: p.submittedOnDailyAt ? p.submittedOnDailyAt.slice(0, 10) : undefined,
    githubRepo: httpsUrl(p.githubRepo),
    githubStars: p.githubStars ?? undefined,
    projectPage: httpsUrl(p.projectPage),
    thumbnail: httpsUrl(item?.thumbnail),
    numComments: item?.numComments ?? p.numComments ?? undefined,
    organization: org ? (org.fullname ?? org.name ?? undefined) : undefined,
    source: 'hf',
  };
}
