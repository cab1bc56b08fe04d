import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const FORBIDDEN = [/^discord\.js$/, /^@discordjs\//, /^@slack\//, /^node-cron$/];

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
function importsOf(source: string): string[] {
  const found = [
    ...source.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/import\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
  ];
  return found.map((m) => m[1]!);
}

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
});
