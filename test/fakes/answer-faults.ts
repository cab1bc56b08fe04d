/**
 * Answer faults shared by the Discord and Slack fakes: the request is applied (the message
 * exists), then its answer is held back for a while or never sent. These are the two faults
 * behind "did my post land?": a client that times out, or loses the connection, cannot tell.
 */
import type { ServerResponse } from 'node:http';

/** How the recorded request was answered when an answer fault hit it. */
export type AnswerFault = 'held' | 'dropped';

/**
 * How a dropped answer ends the connection: 'close' ends it cleanly (FIN; undici reports
 * UND_ERR_SOCKET "other side closed", axios "socket hang up"), 'reset' aborts it (RST; both
 * report ECONNRESET).
 */
export type DropMode = 'close' | 'reset';

interface Pending<Req> {
  matches: (req: Req) => boolean;
  fault: { kind: 'held'; ms: number } | { kind: 'dropped'; mode: DropMode };
  remaining: number;
}

export type AnswerPlan = { kind: 'held'; ms: number } | { kind: 'dropped'; mode: DropMode };

export class AnswerFaults<Req> {
  private readonly pending: Pending<Req>[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  hold(matches: (req: Req) => boolean, ms: number, times: number): void {
    this.pending.push({ matches, fault: { kind: 'held', ms }, remaining: times });
  }

  drop(matches: (req: Req) => boolean, times: number, mode: DropMode): void {
    this.pending.push({ matches, fault: { kind: 'dropped', mode }, remaining: times });
  }

  /** The plan for this (already applied) request, consuming one use of the first matching fault. */
  take(req: Req): AnswerPlan | undefined {
    const p = this.pending.find((x) => x.remaining > 0 && x.matches(req));
    if (!p) return undefined;
    p.remaining -= 1;
    if (p.remaining === 0) this.pending.splice(this.pending.indexOf(p), 1);
    return p.fault;
  }

  /** Answer now with `write`, after the held delay, or never (socket destroyed). */
  answer(plan: AnswerPlan | undefined, res: ServerResponse, write: () => void): void {
    if (!plan) return write();
    if (plan.kind === 'dropped') {
      if (plan.mode === 'reset') res.socket?.resetAndDestroy();
      else res.socket?.destroy();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      // The client may have given up (timeout) and closed the connection meanwhile.
      if (!res.destroyed) write();
    }, plan.ms);
    this.timers.add(timer);
  }

  /** Forget pending faults (held answers already scheduled still go out). */
  clear(): void {
    this.pending.length = 0;
  }

  /** Cancel held answers; for close(). */
  close(): void {
    this.clear();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
