import { benchAcks } from './acks.js';
import { benchArxivListing } from './arxiv-listing.js';
import { benchCards } from './cards.js';
import { benchDigest } from './digest.js';
import { benchFanout } from './fanout.js';
import { benchFaults } from './faults.js';
import { benchMemory } from './memory.js';
import { benchRenderDay } from './render-day.js';
import { benchSearch } from './search.js';
import { benchStart } from './start.js';
import { benchTaste } from './taste.js';
import { benchVoteOutage } from './vote-outage.js';
import { benchVotes } from './votes.js';

/** Runs one benchmark by name in this process (`bench/run.ts` gives each its own, so memory figures stay apart). */
const benches: Record<string, () => Promise<string[]> | string[]> = {
  acks: () => benchAcks(),
  'arxiv-listing': () => benchArxivListing(),
  cards: () => benchCards(),
  digest: () => benchDigest(),
  fanout: () => benchFanout(),
  faults: () => benchFaults(),
  memory: () => benchMemory(),
  'render-day': () => benchRenderDay(),
  search: () => benchSearch(),
  start: () => benchStart(),
  taste: () => benchTaste(),
  votes: () => benchVotes(),
  'vote-outage': () => benchVoteOutage(),
};
const name = process.argv[2] ?? '';
const bench = benches[name];
if (!bench) {
  console.error(`unknown benchmark "${name}"; one of ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
for (const line of await bench()) console.log(line);
process.exit(0);
