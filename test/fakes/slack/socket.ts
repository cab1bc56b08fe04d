// Socket Mode side of the Slack fake (platform-testing.md B5): tickets issued by
// apps.connections.open, a `hello` on connect, envelopes out, acks back.
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';

export type EnvelopeType = 'slash_commands' | 'events_api' | 'interactive';

export interface SlackAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export interface EnvelopeOptions {
  envelopeId?: string;
  retryAttempt?: number;
  retryReason?: string;
  /** Defaults to true for slash_commands, false otherwise. */
  acceptsResponsePayload?: boolean;
  /** How long to wait for the client's ack (default 3000 ms, Slack's ack window). */
  timeoutMs?: number;
}

interface PendingAck {
  resolve: (ack: SlackAck) => void;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class SlackSocketHub {
  readonly acks: SlackAck[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly pending = new Map<string, PendingAck>();
  private readonly clients: WebSocket[] = [];
  private envelopeSeq = 0;

  /** Issue a one-time ticket and return the ws URL `apps.connections.open` should answer with. */
  issueUrl(wsBase: string): string {
    const ticket = crypto.randomBytes(8).toString('hex');
    this.tickets.add(ticket);
    return `${wsBase}/link/?ticket=${ticket}&app_id=A1`;
  }

  get connectionCount(): number {
    return this.clients.length;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link/' || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
  }

  private onConnection(ws: WebSocket): void {
    this.clients.push(ws);
    ws.on('close', () => {
      const i = this.clients.indexOf(ws);
      if (i >= 0) this.clients.splice(i, 1);
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let msg: unknown;
      try {
        msg = JSON.parse(data.toString()) as unknown;
      } catch {
        return;
      }
      if (!isRecord(msg) || typeof msg.envelope_id !== 'string') return;
      const ack: SlackAck = { envelope_id: msg.envelope_id };
      if (isRecord(msg.payload)) ack.payload = msg.payload;
      this.acks.push(ack);
      const p = this.pending.get(ack.envelope_id);
      if (p) {
        this.pending.delete(ack.envelope_id);
        p.resolve(ack);
      }
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.clients.length,
        debug_info: { host: 'slack-fake', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: 'A1' },
      }),
    );
  }

  private latestClient(): WebSocket {
    const ws = this.clients.filter((c) => c.readyState === c.OPEN).at(-1);
    if (!ws) throw new Error('slack-fake: no Socket Mode client is connected (did app.start() resolve?)');
    return ws;
  }

  /** Send an envelope to the most recently connected client; resolves with its ack. */
  sendEnvelope(type: EnvelopeType, payload: Record<string, unknown>, o: EnvelopeOptions = {}): Promise<SlackAck> {
    const ws = this.latestClient();
    const envelopeId = o.envelopeId ?? `env-${++this.envelopeSeq}`;
    const timeoutMs = o.timeoutMs ?? 3000;
    const envelope: Record<string, unknown> = {
      envelope_id: envelopeId,
      type,
      accepts_response_payload: o.acceptsResponsePayload ?? type === 'slash_commands',
      payload,
    };
    if (type === 'events_api') {
      envelope.retry_attempt = o.retryAttempt ?? 0;
      envelope.retry_reason = o.retryReason ?? '';
    }
    return new Promise<SlackAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        reject(new Error(`slack-fake: no ack for ${type} envelope ${envelopeId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(envelopeId, {
        resolve: (ack) => {
          clearTimeout(timer);
          resolve(ack);
        },
      });
      ws.send(JSON.stringify(envelope), (err) => {
        if (!err) return;
        clearTimeout(timer);
        this.pending.delete(envelopeId);
        reject(err);
      });
    });
  }

  /** Ask the client to reconnect (it will call apps.connections.open again). */
  sendDisconnect(reason = 'refresh_requested'): void {
    this.latestClient().send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'slack-fake' } }));
  }

  close(): void {
    for (const ws of this.clients) ws.terminate();
    this.clients.length = 0;
    this.wss.close();
  }
}
