// Checks that package.json's `engines.node` is exactly the set of Node versions that every locked
// package accepts (each `engines.node` in package-lock.json, dev and optional ones included: a
// developer installs them all), and that the README names the same range. Compared on a grid of
// versions (every major.minor.0 up to 40.40): ranges are not compared symbolically.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('..', import.meta.url);
const semver = createRequire(import.meta.url)('semver');
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8'));
const declared = pkg.engines?.node ?? '*';
const ranges = Object.entries(lock.packages)
  .filter(([path, p]) => path && p.engines?.node)
  .map(([path, p]) => ({ name: path.replace(/^.*node_modules\//, ''), range: p.engines.node }));

const problems = [];
for (let major = 0; major <= 40; major++) {
  for (let minor = 0; minor <= 40; minor++) {
    const v = `${major}.${minor}.0`;
    const refused = ranges.find((r) => !semver.satisfies(v, r.range));
    const ok = semver.satisfies(v, declared);
    if (ok && refused) problems.push(`Node ${v} is allowed by engines but ${refused.name} needs ${refused.range}`);
    if (!ok && !refused)
      problems.push(`Node ${v} works with every locked package but engines (${declared}) refuses it`);
  }
}
const readme = readFileSync(new URL('README.md', root), 'utf8');
if (!readme.includes(declared)) problems.push(`README.md does not name the supported Node versions "${declared}"`);
if (problems.length) {
  console.error(
    `engines.node does not match the lockfile (${problems.length} mismatches; first ones):\n  ${problems.slice(0, 8).join('\n  ')}`,
  );
  process.exit(1);
}
console.log(`engines: node ${declared} is what all ${ranges.length} locked packages with engines accept`);
