import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The bot scopes `slack/manifest.yml` asks for (`oauth_config.scopes.bot`), read from the file so
 * `doctor` compares a token against what the manifest says today, not against a copy in code.
 *
 * A small reader for that one block list, not a YAML parser: the manifest is ours, and a test
 * checks that this reader and the file agree.
 */
export function manifestBotScopes(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const path = ['oauth_config', 'scopes', 'bot'];
  const stack: { key: string; indent: number }[] = [];
  const scopes: string[] = [];
  let listIndent: number | undefined;
  for (const raw of lines) {
    const line = raw.replace(/\s+#.*$/, '').replace(/^\s*#.*$/, '');
    if (!line.trim()) continue;
    const indent = line.length - line.trimStart().length;
    const item = /^\s*-\s+["']?([^"'\s]+)["']?\s*$/.exec(line);
    if (item && listIndent !== undefined && indent >= listIndent) {
      scopes.push(item[1] ?? '');
      continue;
    }
    listIndent = undefined;
    const key = /^\s*([A-Za-z_]+):/.exec(line)?.[1];
    if (!key) continue;
    while (stack.length && (stack.at(-1)?.indent ?? 0) >= indent) stack.pop();
    stack.push({ key, indent });
    if (stack.map((s) => s.key).join('.') === path.join('.')) listIndent = indent;
  }
  return scopes;
}

/** Finds `slack/manifest.yml` above this file: the same walk works from the sources and a build in `dist/`. */
export function findManifest(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'slack', 'manifest.yml');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The manifest's bot scopes; throws with the path when the file is missing or lists none. */
export function readManifestBotScopes(file = findManifest()): string[] {
  if (!file) throw new Error('slack/manifest.yml not found next to the program');
  const scopes = manifestBotScopes(readFileSync(file, 'utf8'));
  if (scopes.length === 0) throw new Error(`${file} lists no oauth_config.scopes.bot`);
  return scopes;
}
