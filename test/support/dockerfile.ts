import { exec, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** One instruction of a Dockerfile stage, continuation lines joined. */
export interface Instruction {
  op: string;
  args: string;
}

export interface Stage {
  name: string;
  from: string;
  steps: Instruction[];
}

/** The stages of a Dockerfile, in order (comments and line continuations handled; nothing more). */
export function parseDockerfile(text: string): Stage[] {
  const lines = text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op = '', args = ''] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    if (op === 'FROM') {
      const [, from = '', name = ''] = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(args) ?? [];
      stages.push({ name, from, steps: [] });
    } else stages.at(-1)?.steps.push({ op, args });
  }
  return stages;
}

/** The repository as `docker build .` would see it: tracked and new files, less .dockerignore's. */
export function copyContext(repo: string, to: string): void {
  const ignored = readFileSync(join(repo, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: repo, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  const skip = (f: string) =>
    ignored.some((p) => (p.startsWith('*') ? f.endsWith(p.slice(1)) : f === p || f.startsWith(`${p}/`)));
  for (const f of files.filter((f) => !skip(f))) cpSync(join(repo, f), join(to, f), { recursive: true });
}

/**
 * Runs a stage's own steps in `dir` (its `/app`): COPY from the context or from an earlier stage's
 * folder, and each RUN that is an npm or node command. System steps (apt-get for the toolchain,
 * /data's owner) are left out: this machine has the toolchain, and nothing here runs as another user.
 */
export async function runStage(
  stage: Stage,
  dir: string,
  context: string,
  stageDirs: Map<string, string>,
  env: NodeJS.ProcessEnv,
): Promise<string[]> {
  const ran: string[] = [];
  const parent = stageDirs.get(stage.from);
  if (parent) cpSync(parent, dir, { recursive: true });
  mkdirSync(dir, { recursive: true });
  stageDirs.set(stage.name, dir);
  for (const { op, args } of stage.steps) {
    if (op === 'COPY') {
      const from = /--from=(\S+)/.exec(args)?.[1];
      const paths = args.replace(/--\S+/g, '').trim().split(/\s+/);
      const dest = paths.pop()!;
      for (const p of paths) {
        const source = from ? join(stageDirs.get(from)!, p.replace(/^\/app\/?/, '')) : join(context, p);
        const target =
          dest.endsWith('/') || paths.length > 1
            ? join(dir, dest, p === '.' ? '' : p.split('/').pop()!)
            : join(dir, dest);
        cpSync(source, p === '.' ? join(dir, dest) : target, { recursive: true });
      }
    } else if (op === 'RUN') {
      const command = args.replace(/^(--\S+\s+)+/, '');
      if (!/^(npm|node) /.test(command)) continue;
      await promisify(exec)(command, { cwd: dir, env, maxBuffer: 64 * 2 ** 20 });
      ran.push(command);
    }
  }
  return ran;
}
