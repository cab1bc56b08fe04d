import PQueue from 'p-queue';
import { withPost, type ChannelPoster } from '../delivery/channel-poster.js';

/** How fast edits may go on one platform (p-queue options). */
export interface EditPace {
  /** Edits in flight at once (default 1). */
  concurrency?: number;
  /** At most `intervalCap` edits started per `interval` ms (Slack's chat.update is Tier 3: 50 per minute). */
  intervalCap?: number;
  interval?: number;
}

/**
 * One platform's edit queue, which yields to posts: while any post of that platform is in flight
 * in this process (a daily fan-out), no edit starts; edits resume once posting has been quiet for
 * `idleMs`. An edit already in flight finishes. So edits take only request capacity the posts
 * leave unused, and a fan-out is never slowed by more than the edits in flight when it starts.
 */
export interface EditLane {
  readonly poster: ChannelPoster;
  /** The poster, counting its posts so edits pause while any is in flight. */
  readonly yielding: ChannelPoster;
  add(task: () => Promise<void>): Promise<void>;
  /** Resolves when nothing is queued or running. */
  onIdle(): Promise<void>;
  /** True while posts hold edits back. */
  paused(): boolean;
  stop(): void;
}

/** `idleMs` undefined: 2 s; `yieldToPosts` false (benchmarks only): edits run alongside posts. */
export function createEditLane(
  poster: ChannelPoster,
  pace: EditPace = {},
  idleMs = 2000,
  yieldToPosts = true,
): EditLane {
  const queue = new PQueue({
    concurrency: pace.concurrency ?? 1,
    ...(pace.intervalCap && pace.interval ? { intervalCap: pace.intervalCap, interval: pace.interval } : {}),
  });
  let posting = 0;
  let resume: NodeJS.Timeout | undefined;
  const started = () => {
    if (!yieldToPosts) return;
    posting++;
    clearTimeout(resume);
    resume = undefined;
    queue.pause();
  };
  const ended = () => {
    if (!yieldToPosts || --posting > 0) return;
    if (idleMs <= 0) return void queue.start();
    resume = setTimeout(() => queue.start(), idleMs);
    resume.unref();
  };
  const yielding = withPost(poster, async (channel, message, options) => {
    started();
    try {
      return await poster.post(channel, message, options);
    } finally {
      ended();
    }
  });
  return {
    poster,
    yielding,
    add: (task) => queue.add(task),
    onIdle: () => queue.onIdle(),
    paused: () => queue.isPaused,
    stop() {
      clearTimeout(resume);
      queue.clear();
    },
  };
}
