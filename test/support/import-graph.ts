import { posix } from 'node:path';

/**
 * The import graph of the code, read from the sources with regular expressions rather than the
 * TypeScript compiler: the project writes every relative import with its `.js` extension, so a
 * specifier maps to one file, and a regex pass over ~200 files takes milliseconds where building a
 * program takes seconds. Paths are relative to the repository root, with `/`.
 */

/** Every module specifier a file imports or re-exports, static or dynamic, `import type` included. */
export function importsOf(source: string): string[] {
  const found = [
    ...source.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/import\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
  ];
  return found.map((m) => m[1]!);
}

/** Files and the files they import (relative specifiers only, resolved to a `.ts` file). */
export interface ImportGraph {
  edges: Map<string, string[]>;
  /** Relative specifiers that match no file: `file imports spec`. */
  unresolved: string[];
}

/**
 * Builds the graph of `files` (path → source). `./x.js` resolves to `x.ts` (the NodeNext
 * convention). A specifier of a file outside `files` that is not TypeScript (`../package.json`)
 * is left out when `exists` finds it; anything else that matches no file is reported as unresolved.
 */
export function importGraph(files: ReadonlyMap<string, string>, exists: (path: string) => boolean): ImportGraph {
  const edges = new Map<string, string[]>();
  const unresolved: string[] = [];
  for (const [file, source] of files) {
    const targets = new Set<string>();
    for (const spec of importsOf(source)) {
      if (!spec.startsWith('.')) continue;
      const joined = posix.join(posix.dirname(file), spec);
      const target = joined.replace(/\.js$/, '.ts');
      if (files.has(target)) targets.add(target);
      else if (!exists(joined) || joined.endsWith('.ts')) unresolved.push(`${file} imports ${spec}`);
    }
    edges.set(file, [...targets]);
  }
  return { edges, unresolved };
}

/** One tangle of imports: a cycle through it, and every node on some cycle with it. */
export interface Tangle {
  /** A cycle, as a path that starts and ends at the same node: `['a.ts', 'b.ts', 'a.ts']`. */
  path: string[];
  /** The strongly connected component the cycle lies in, sorted. */
  members: string[];
}

/**
 * The import cycles of a graph, one per strongly connected component (Tarjan's algorithm): every
 * node of a component lies on some cycle, so one path and the member list name the tangle.
 */
export function cyclesOf(edges: ReadonlyMap<string, readonly string[]>): Tangle[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (edges.get(v) ?? []).includes(v)) components.push(component);
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
  return components.map((c) => ({ path: cycleThrough(edges, new Set(c)), members: c.sort() }));
}

/** The shortest cycle through the component's first node (in sorted order), staying inside it. */
function cycleThrough(edges: ReadonlyMap<string, readonly string[]>, component: ReadonlySet<string>): string[] {
  const start = [...component].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const w of [...(edges.get(v) ?? [])].sort()) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

/**
 * The graph between folders: `folderOf` names each file's node (undefined: left out), and an edge
 * joins two different nodes when some file of one imports a file of the other.
 */
export function folderGraph(
  edges: ReadonlyMap<string, readonly string[]>,
  folderOf: (file: string) => string | undefined,
): Map<string, string[]> {
  const folders = new Map<string, Set<string>>();
  for (const [file, targets] of edges) {
    const from = folderOf(file);
    if (from === undefined) continue;
    const out = folders.get(from) ?? new Set<string>();
    folders.set(from, out);
    for (const target of targets) {
      const to = folderOf(target);
      if (to !== undefined && to !== from) out.add(to);
    }
  }
  return new Map([...folders].map(([k, v]) => [k, [...v]]));
}

/**
 * A src/ file's folder node: its directory (`src/upstream/hf`), or for a loose file the file
 * itself without `.ts` (`src/model`), so model, config and errors are nodes of their own.
 */
export function srcFolderOf(file: string): string | undefined {
  if (!file.startsWith('src/')) return undefined;
  const dir = posix.dirname(file);
  return dir === 'src' ? file.replace(/\.ts$/, '') : dir;
}

/** `a → b → a`, and the other members when the tangle is larger than that cycle; for a failure message. */
export function showCycle({ path, members }: Tangle): string {
  const others = members.filter((m) => !path.includes(m));
  return path.join(' → ') + (others.length ? ` (tangled with ${others.join(', ')})` : '');
}
