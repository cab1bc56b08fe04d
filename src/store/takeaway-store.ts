import type { MessageRef } from '../model.js';
import type { Backend } from './backend.js';
import { takeawaysMap } from './keys.js';

/** What one person learned from a paper, in their words. */
export interface Takeaway {
  /** The reader it is by: `platform:userId`, or the linked person. */
  author: string;
  /** The name they went by when they wrote it (plain text). */
  name: string;
  /** At most TAKEAWAY_MAX characters. */
  text: string;
  /** When it was written or last edited (ms since the epoch). */
  at: number;
  /** The message in the paper's thread that shows it, once posted. */
  message?: MessageRef;
}

/** Characters a takeaway holds at most. */
export const TAKEAWAY_MAX = 500;

/** Takeaways per (team, paper), one per author: writing again replaces it. */
export interface TakeawayStore {
  /** Stores `t`, replacing the author's earlier one. */
  put(team: string, paperId: string, t: Takeaway): Promise<void>;
  /** The author's takeaway on the paper, if any. */
  get(team: string, paperId: string, author: string): Promise<Takeaway | undefined>;
  /** The paper's takeaways, oldest first. */
  of(team: string, paperId: string): Promise<Takeaway[]>;
  /** Several papers' takeaways in one round trip, in the order asked. */
  ofMany(team: string, paperIds: readonly string[]): Promise<Takeaway[][]>;
}

const parse = (raw: string): Takeaway => JSON.parse(raw) as Takeaway;
const oldestFirst = (m: Map<string, string>) => [...m.values()].map(parse).sort((a, b) => a.at - b.at);

export function createTakeawayStore(backend: Backend): TakeawayStore {
  return {
    async put(team, paperId, t) {
      await backend.mapSet(takeawaysMap(team, paperId), t.author, JSON.stringify(t));
    },
    async get(team, paperId, author) {
      const raw = await backend.mapGet(takeawaysMap(team, paperId), author);
      return raw ? parse(raw) : undefined;
    },
    async of(team, paperId) {
      return oldestFirst(await backend.mapEntries(takeawaysMap(team, paperId)));
    },
    async ofMany(team, paperIds) {
      if (paperIds.length === 0) return [];
      return (await backend.mapEntriesMany(paperIds.map((id) => takeawaysMap(team, id)))).map(oldestFirst);
    },
  };
}
