import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A free TCP port on this machine (listen on 0, read it, close). */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/**
 * Node's arguments that run the `paperfeed` command from the TypeScript sources (`npm run dev`);
 * `bin/paperfeed.js` runs the build in dist/, which `npm install` (prepare) or `npm run build` makes.
 */
export const PAPERFEED_FROM_SOURCE = ['--import', 'tsx', 'adapters/cli/run.ts'];

/** The `paperfeed <args>` command as a child process, with only `env` (and PATH) in its environment. */
export interface SpawnedBot {
  child: ChildProcess;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** When stderr was last written to (ms since epoch). */
  lastOutputAt(): number;
  /** Resolves with the exit code, or with `undefined` if the process still runs after `timeoutMs`. */
  exit(timeoutMs: number): Promise<{ code: number | null; at: number } | undefined>;
}

/** `as` runs it as another user (only root can): where root would write a file whatever its mode says. */
export function spawnBot(
  env: Record<string, string>,
  args: string[] = ['start'],
  options: { withoutRootFileAccess?: boolean } = {},
): SpawnedBot {
  const command = [process.execPath, ...PAPERFEED_FROM_SOURCE, ...args];
  // Root writes a file whatever its mode says (CAP_DAC_OVERRIDE); util-linux's setpriv drops that
  // one capability, so a read-only file is read-only to the bot while it still reads the checkout
  // (running as another user instead fails where the checkout's folders are private to root).
  const dropOverride = options.withoutRootFileAccess && process.getuid?.() === 0;
  const argv = dropOverride
    ? ['setpriv', '--inh-caps=-dac_override', '--bounding-set=-dac_override', '--', ...command]
    : command;
  const child = spawn(argv[0]!, argv.slice(1), {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let lastAt = 0;
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    lastAt = Date.now();
  });
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.once('exit', (code) => resolve({ code, at: Date.now() })),
  );
  return {
    child,
    stderr: () => stderr,
    lastOutputAt: () => lastAt,
    exit: (timeoutMs) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
      return Promise.race([exited, late]).finally(() => clearTimeout(timer));
    },
  };
}
