import { benchDigest } from './digest.js';
import { benchFanout } from './fanout.js';
import { machineLine } from './machine.js';
import { benchSearch } from './search.js';

/** `npm run bench`: prints each benchmark's figures and the machine. Not a test: nothing here fails on a number. */
console.log(machineLine());
for (const line of await benchDigest()) console.log(line);
for (const line of await benchFanout()) console.log(line);
// Last: it holds 100,000 papers in memory.
for (const line of benchSearch()) console.log(line);
process.exit(0);
