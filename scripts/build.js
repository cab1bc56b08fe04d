#!/usr/bin/env node
// `npm run build`: bundles the CLI and the bot into dist/ with esbuild. A bundle starts about a
// third faster than tsc's one-file-per-module output (bench/start.ts): discord.js and Bolt are
// hundreds of small modules, and resolving and reading them is most of a start. Types are checked
// by `npm run typecheck`, not here.
//
// `--if-possible` (npm's `prepare`): a production install (`npm ci --omit=dev`) has no esbuild;
// it keeps the dist/ built before (a container's build stage) instead of failing the install.
// `--outdir=<dir>` builds somewhere other than dist/ (a test that runs the build of the sources it has).
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const outdirArg = process.argv.find((a) => a.startsWith('--outdir='));
const outdir = outdirArg ? resolve(outdirArg.slice('--outdir='.length)) : `${root}dist`;
let esbuild;
try {
  esbuild = createRequire(import.meta.url)('esbuild');
} catch {
  if (!process.argv.includes('--if-possible'))
    throw new Error('esbuild is not installed: run `npm install` (with dev dependencies) first');
  if (!existsSync(`${outdir}/paperfeed.js`))
    process.stderr.write(
      'paperfeed: esbuild is not installed (a production install), so dist/ is not built here; run `npm run build` where dev dependencies are installed\n',
    );
  process.exit(0);
}

rmSync(outdir, { recursive: true, force: true });
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: { paperfeed: 'adapters/cli/run.ts' },
  outdir,
  bundle: true,
  // Dynamic imports (a store driver, a platform SDK, the bot itself) stay separate chunks, loaded
  // only when configured: `--help` loads one small file.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Libraries read their own class names at run time (discord.js compares cache classes by name and
  // names its errors after the class); without this, esbuild renames some (`_MessageManager`).
  keepNames: true,
  // Native addons and the optional native speed-ups some libraries try to load at run time.
  external: ['better-sqlite3', 'pg-native', 'zlib-sync', 'bufferutil', 'utf-8-validate', 'erlpack'],
  // CommonJS libraries inside an ES module bundle still call require() for Node's own modules.
  banner: {
    js: "import { createRequire as __paperfeedRequire } from 'node:module'; const require = __paperfeedRequire(import.meta.url);",
  },
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});
// `await import('a-commonjs-package')` becomes a chunk whose only export is `default` (esbuild cannot
// know a CommonJS module's names), so `const { REST } = await import('discord.js')` works through tsx
// and fails in the bundle ("REST is not a constructor"). Such a package is imported statically, in a
// module that is itself imported lazily (adapters/cli/deploy-commands.ts).
const lazyCommonJs = Object.values(result.metafile.outputs)
  .map((o) => o.entryPoint)
  .filter((entry) => entry?.includes('node_modules/') && result.metafile.inputs[entry]?.format === 'cjs');
if (lazyCommonJs.length > 0) {
  rmSync(outdir, { recursive: true, force: true });
  throw new Error(
    `a dynamic import() of a CommonJS package loses its named exports in the bundle: ${lazyCommonJs.join(', ')}; import it statically in a module that is imported lazily`,
  );
}
// Which chunk holds which module: test/dockerfile.slow.test.ts reads it to check what `--help` loads.
writeFileSync(`${outdir}/meta.json`, JSON.stringify(result.metafile));
