import PQueue from 'p-queue';
import { withPost, type ChannelPoster } from '../delivery/channel-poster.js';
import type { Clock, Timer } from '../ports/clock.js';

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
 *
 * Posts do not queue here: `postsFirst` sends each post straight to the platform's poster and
 * only counts it, so that the edits wait.
 */
export interface EditLane {
  /** The platform's poster; edits go through its `edit`. */
  readonly poster: ChannelPoster;
  /** The poster to post with: each post goes straight through, and holds edits back while it is in flight. */
  readonly postsFirst: ChannelPoster;
  add(task: () => Promise<void>): Promise<void>;
  /** Resolves when nothing is queued or running. */
  onIdle(): Promise<void>;
  /** True while posts hold edits back. */
  paused(): boolean;
  stop(): void;
}

/** How an edit lane paces its edits and when it lets them run. */
export interface EditLaneOptions {
  /** Times the quiet period after posts. */
  clock: Clock;
  pace?: EditPace;
  /** Quiet after the last post before edits resume (ms, default 2 s). */
  idleMs?: number;
  /** False (benchmarks only): edits run alongside posts. */
  yieldToPosts?: boolean;
}

export function createEditLane(poster: ChannelPoster, options: EditLaneOptions): EditLane {
  const { clock, pace = {}, idleMs = 2000, yieldToPosts = true } = options;
  const queue = new PQueue({
    concurrency: pace.concurrency ?? 1,
    ...(pace.intervalCap && pace.interval ? { intervalCap: pace.intervalCap, interval: pace.interval } : {}),
  });
  let posting = 0;
  let resume: Timer | undefined;
  const started = () => {
    if (!yieldToPosts) return;
    posting++;
    resume?.cancel();
    resume = undefined;
    queue.pause();
  };
  const ended = () => {
    if (!yieldToPosts || --posting > 0) return;
    if (idleMs <= 0) return void queue.start();
    resume = clock.setTimeout(() => queue.start(), idleMs);
  };
  const postsFirst = withPost(poster, async (channel, message, options) => {
    started();
    try {
      return await poster.post(channel, message, options);
    } finally {
      ended();
    }
  });
  return {
    poster,
    postsFirst,
    add: (task) => queue.add(task),
    onIdle: () => queue.onIdle(),
    paused: () => queue.isPaused,
    stop() {
      resume?.cancel();
      queue.clear();
    },
  };
}
