import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The README and every page of docs/, by path from the repository root. */
const pages = [
  'README.md',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** A page's lines outside fenced code blocks (a `#` line in a shell block is not a heading). */
function prose(page: string): string[] {
  let fenced = false;
  return readFileSync(page, 'utf8')
    .split('\n')
    .filter((line) => {
      if (/^\s*```/.test(line)) fenced = !fenced;
      else return !fenced;
      return false;
    });
}

/** `code spans` of a line, and the line without them (a link written inside one is an example, not a link). */
const codeSpans = (line: string) => ({
  spans: [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ''),
  rest: line.replace(/`[^`]*`/g, ''),
});

/**
 * The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens, and a
 * `-1`, `-2`, … suffix for repeats. Written here because no Markdown library is a dependency and
 * the rule is this short (github-slugger's).
 */
function anchors(page: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of prose(page)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '');
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return out;
}

/** Every `[text](target)` of a page whose target is in this repository (not a web address). */
function relativeLinks(page: string): { page: string; target: string }[] {
  return prose(page).flatMap((line) =>
    [...codeSpans(line).rest.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)]
      .map((m) => m[1] ?? '')
      .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
      .map((target) => ({ page, target })),
  );
}

/** Top-level folders whose files the docs name by path (`src/store/guard.ts`, `test/fakes/`). */
const CODE_ROOTS = ['src', 'commands', 'adapters', 'test', 'bench', 'scripts', 'slack', 'bin', 'docs', '.ci'];

/** Whether `pattern` (a path, possibly with `*` in its file name) names at least one file or folder. */
function pathExists(pattern: string): boolean {
  if (!pattern.includes('*')) return existsSync(pattern);
  const folder = dirname(pattern);
  const name = new RegExp(
    `^${pattern
      .slice(folder.length + 1)
      .replace(/[.]/g, '\\.')
      .replace(/\*/g, '[^/]*')}$`,
  );
  return existsSync(folder) && readdirSync(folder).some((f) => name.test(f));
}

describe('the README and docs/', () => {
  it('link only to files of the repository that exist', () => {
    const broken = pages
      .flatMap(relativeLinks)
      .filter(({ target }) => !target.startsWith('#'))
      .filter(({ page, target }) => !existsSync(normalize(join(dirname(page), target.split('#')[0] ?? ''))));
    expect(broken).toEqual([]);
  });

  it('link only to headings that exist on the page linked', () => {
    const broken = pages.flatMap(relativeLinks).filter(({ page, target }) => {
      const [file, anchor] = target.split('#');
      if (anchor === undefined) return false;
      const linked = file ? normalize(join(dirname(page), file)) : page;
      return !linked.endsWith('.md') || !existsSync(linked) || !anchors(linked).has(anchor);
    });
    expect(broken).toEqual([]);
  });

  it('name only source, test and config paths that exist', () => {
    const missing = pages.flatMap((page) =>
      prose(page)
        .flatMap((line) => codeSpans(line).spans)
        .filter((span) => new RegExp(`^(${CODE_ROOTS.join('|').replace('.', '\\.')})/[\\w.*/-]*$`).test(span))
        .filter((path) => !pathExists(path))
        .map((path) => ({ page, path })),
    );
    expect(missing).toEqual([]);
  });

  it('README links every page of docs/', () => {
    const linked = new Set(relativeLinks('README.md').map(({ target }) => normalize(target.split('#')[0] ?? '')));
    expect(pages.filter((p) => p !== 'README.md' && !linked.has(p))).toEqual([]);
  });
});
