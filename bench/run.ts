import { benchDigest } from './digest.js';
import { machineLine } from './machine.js';
import { benchSearch } from './search.js';

/** `npm run bench`: prints each benchmark's figures and the machine. Not a test: nothing here fails on a number. */
console.log(machineLine());
for (const line of await benchDigest()) console.log(line);
for (const line of benchSearch()) console.log(line);
