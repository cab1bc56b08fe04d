import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as storeKeys from '../src/store/keys.js';
import {
  cyclesOf,
  folderGraph,
  importGraph,
  importsOf,
  showCycle,
  srcFolderOf,
  type ImportGraph,
} from './support/import-graph.js';

const root = new URL('..', import.meta.url).pathname;
const FORBIDDEN = [/^discord\.js$/, /^@discordjs\//, /^@slack\//, /^node-cron$/];
const LAYERS = ['src', 'commands', 'adapters'] as const;
/** Dependencies point one way, adapters → commands → src: what each layer may never import. */
const BELOW: Record<string, readonly string[]> = { src: ['commands', 'adapters'], commands: ['adapters'] };

/** Every folder under `dir`, itself excluded. */
function foldersIn(dir: string): string[] {
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isDirectory())
    .flatMap((path) => [path, ...foldersIn(path)]);
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The code's import graph: every file of src/, commands/ and adapters/, by path from the root. */
function codeGraph(): ImportGraph {
  return importGraph(codeFiles(), (path) => existsSync(join(root, path)));
}

/** `file imports target` for each import of a layer into one it must not reach. */
function layerOffences(graph: ImportGraph): string[] {
  return [...graph.edges].flatMap(([file, targets]) => {
    const banned = BELOW[file.slice(0, file.indexOf('/'))] ?? [];
    return targets.filter((t) => banned.some((b) => t.startsWith(`${b}/`))).map((t) => `${file} imports ${t}`);
  });
}

const fileCycles = (graph: ImportGraph) => cyclesOf(graph.edges).map(showCycle);
const folderCycles = (graph: ImportGraph) => cyclesOf(folderGraph(graph.edges, srcFolderOf)).map(showCycle);

/** The code's files by path from the root, with their sources. */
const codeFiles = () =>
  new Map(
    LAYERS.flatMap((layer) => tsFiles(join(root, layer))).map((f) => [relative(root, f), readFileSync(f, 'utf8')]),
  );

/** A store call (map, kv, lease, claim) or a batch write given a literal name instead of one from keys.ts. */
const INLINE_KEY = /(?:\.map[A-Z]\w*|\.claimOnce|\.acquireLease|\.releaseLease|\bkv\.\w+)\(\s*['"`]|\bmap:\s*['"`]/g;

/**
 * The names keys.ts spells that no other text would contain by chance (a `-` or `:` in them, six
 * characters or more): constants as they are, and the fixed start of each name a function builds.
 */
function distinctiveKeyNames(): string[] {
  return Object.values(storeKeys as Record<string, unknown>)
    .map((v) => (typeof v === 'function' ? String((v as (...a: string[]) => string)('\u0000', '\u0000')) : String(v)))
    .map((name) => name.split('\u0000')[0]!)
    .filter((name) => name.length >= 6 && /^[a-z]/.test(name) && /[-:]/.test(name));
}

/** `file: text` for each store name spelled outside src/store/keys.ts. */
function keysSpelledTwice(files: ReadonlyMap<string, string>, names: readonly string[]): string[] {
  return [...files].flatMap(([file, source]) => {
    if (file === 'src/store/keys.ts') return [];
    const inline = [...source.matchAll(INLINE_KEY)].map((m) => `${file}: ${m[0]}`);
    const named = names.filter((n) => ["'", '"', '`'].some((q) => source.includes(q + n))).map((n) => `${file}: ${n}`);
    return [...inline, ...named];
  });
}

/** A graph of planted files, for the checks' own tests. */
const planted = (files: Record<string, string>) => importGraph(new Map(Object.entries(files)), () => false);

describe('architecture', () => {
  for (const layer of ['src', 'commands']) {
    it(`keeps ${layer}/ free of platform SDKs, node-cron and adapters`, () => {
      const offences: string[] = [];
      for (const file of tsFiles(join(root, layer))) {
        for (const spec of importsOf(readFileSync(file, 'utf8'))) {
          const resolved = spec.startsWith('.') ? relative(root, join(file, '..', spec)) : spec;
          if (FORBIDDEN.some((re) => re.test(spec)) || resolved.startsWith('adapters')) {
            offences.push(`${relative(root, file)} imports ${spec}`);
          }
        }
      }
      expect(offences).toEqual([]);
    });
  }

  it('lets only the scheduler import node-cron', () => {
    const importers = tsFiles(join(root, 'adapters'))
      .filter((f) => importsOf(readFileSync(f, 'utf8')).includes('node-cron'))
      .map((f) => relative(root, f));
    expect(importers.every((f) => f === 'adapters/bot/cron.ts')).toBe(true);
  });

  it('notices a forbidden import when one is there', () => {
    expect(
      importsOf("import { Client } from 'discord.js';\nconst x = await import('../adapters/bot/start.js');"),
    ).toEqual(['discord.js', '../adapters/bot/start.js']);
  });

  it('resolves every relative import of the code to a file', () => {
    expect(codeGraph().unresolved).toEqual([]);
  });

  it('keeps src/ from importing commands/ or adapters/, and commands/ from importing adapters/', () => {
    expect(layerOffences(codeGraph())).toEqual([]);
  });

  it('notices an import against the direction adapters → commands → src', () => {
    const graph = planted({
      'src/votes/a.ts': "import type { Command } from '../../commands/types.js';",
      'commands/types.ts': "export type { X } from '../adapters/cli/io.js';",
      'adapters/cli/io.ts': "import { a } from '../../src/votes/a.js';\nimport { t } from '../../commands/types.js';",
    });
    expect(layerOffences(graph)).toEqual([
      'src/votes/a.ts imports commands/types.ts',
      'commands/types.ts imports adapters/cli/io.ts',
    ]);
  });

  it('has no import cycle in src/, commands/ or adapters/, types included', () => {
    expect(fileCycles(codeGraph()), 'each line is a cycle of imports').toEqual([]);
  });

  it('notices an import cycle, through a type-only import too, and names its path', () => {
    const graph = planted({
      'src/a/one.ts': "import { two } from './two.js';",
      'src/a/two.ts': "import type {\n  Three,\n} from '../b/three.js';",
      'src/b/three.ts': "export { one } from '../a/one.js';",
      'src/b/four.ts': "const { one } = await import('../a/one.js');",
      'src/c/self.ts': "import { me } from './self.js';",
    });
    expect(fileCycles(graph)).toEqual([
      'src/a/one.ts → src/a/two.ts → src/b/three.ts → src/a/one.ts',
      'src/c/self.ts → src/c/self.ts',
    ]);
  });

  it('has no two src/ folders importing each other in a circle', () => {
    expect(folderCycles(codeGraph()), 'each line is a circle of folders').toEqual([]);
  });

  it('spells every store key, map name, lease and claim in src/store/keys.ts only', () => {
    expect(distinctiveKeyNames()).toEqual(expect.arrayContaining(['ledger:', 'vote-counts:', 'person-links']));
    expect(keysSpelledTwice(codeFiles(), distinctiveKeyNames())).toEqual([]);
  });

  it('notices a store key spelled outside keys.ts', () => {
    const files = new Map([
      ['commands/search.ts', 'await ctx.stores.backend.kv.set(`pager:${token}`, pager, ttl);'],
      [
        'src/store/vote-store.ts',
        "const ORDER = { map: 'vote-order', field: 'epoch' };\nbackend.mapGet(ORDER.map, 'x');",
      ],
      ['src/store/team-links.ts', "const LINKS = 'person-links';"],
      ['src/store/keys.ts', "export const PERSON_LINKS_MAP = 'person-links';"],
    ]);
    expect(keysSpelledTwice(files, ['person-links', 'vote-order'])).toEqual([
      'commands/search.ts: kv.set(`',
      "src/store/vote-store.ts: map: '",
      'src/store/vote-store.ts: vote-order',
      'src/store/team-links.ts: person-links',
    ]);
  });

  it('says in one line what each src/ folder holds, in its README.md', () => {
    const missing = foldersIn(join(root, 'src'))
      .map((dir) => relative(root, dir))
      .filter((dir) => {
        const readme = join(root, dir, 'README.md');
        return !existsSync(readme) || readFileSync(readme, 'utf8').trim().split('\n').length !== 1;
      });
    expect(missing, 'folders without a one-line README.md').toEqual([]);
  });

  it('notices a circle of src/ folders, loose files counted as folders of their own', () => {
    const graph = planted({
      'src/store/ledger.ts': "import { slots } from '../delivery/layout.js';",
      'src/delivery/layout.ts': "import { Paper } from '../model.js';",
      'src/delivery/post.ts': "import { ledger } from '../store/ledger.js';",
      'src/model.ts': "import type { Layout } from './delivery/layout.js';",
      'src/upstream/hf/client.ts': "import { http } from '../http.js';",
      'src/upstream/http.ts': "import { parse } from './hf/client.js';",
    });
    expect(folderCycles(graph)).toEqual([
      'src/delivery → src/model → src/delivery (tangled with src/store)',
      'src/upstream → src/upstream/hf → src/upstream',
    ]);
  });
});
