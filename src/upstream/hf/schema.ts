import { z } from 'zod';

/**
 * Shapes of Hugging Face's papers API, as observed in real captures (see
 * ../shared/reference/data-sources.md §1.3). Unknown fields are ignored and everything not needed
 * to show a paper is optional, so HF adding or dropping a field never sinks a day.
 */
const author = z.object({
  name: z.string(),
  hidden: z.boolean().nullish(),
  user: z.object({ user: z.string().nullish() }).nullish(),
});

const org = z.object({ name: z.string().nullish(), fullname: z.string().nullish() });

export const hfPaper = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  summary: z.string().nullish(),
  authors: z.array(author).nullish(),
  upvotes: z.number().nullish(),
  publishedAt: z.string().nullish(),
  submittedOnDailyAt: z.string().nullish(),
  ai_summary: z.string().nullish(),
  ai_keywords: z.array(z.string()).nullish(),
  githubRepo: z.string().nullish(),
  githubStars: z.number().nullish(),
  projectPage: z.string().nullish(),
  numComments: z.number().nullish(),
  organization: org.nullish(),
  withdrawnAt: z.string().nullish(),
});

/** One entry of `/api/daily_papers` and `/api/papers/search`. */
export const hfListItem = z.object({
  paper: hfPaper,
  thumbnail: z.string().nullish(),
  numComments: z.number().nullish(),
  organization: org.nullish(),
});

export type HfPaper = z.infer<typeof hfPaper>;
export type HfListItem = z.infer<typeof hfListItem>;
