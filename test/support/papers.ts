import type { Paper } from '../../src/model.js';
import { hfListItem } from '../../src/upstream/hf/schema.js';
import { hfToPaper } from '../../src/upstream/hf/to-paper.js';
import { fixtureDay } from '../fakes/hf-fake.js';

/** The real 2026-06-12 papers as the neutral model, in fixture order. */
export function fixturePapers(): Paper[] {
  return fixtureDay().map((raw) => {
    const item = hfListItem.parse(raw);
    return hfToPaper(item.paper, item)!;
  });
}

export const makePaper = (over: Partial<Paper> & { id: string }): Paper => ({
  title: `Paper ${over.id}`,
  authors: [{ name: 'Ada Lovelace' }],
  abstract: 'An abstract.',
  keywords: [],
  upvotes: 0,
  source: 'hf',
  ...over,
});
