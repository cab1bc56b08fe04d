/**
 * Fake Discord gateway: HELLO → IDENTIFY → READY + GUILD_CREATE, heartbeat ACKs, RESUME,
 * dispatches with per-connection sequence numbers, intent filtering, and sharding (each
 * connection gets only the guilds, and the guilds' events, of the shard it identified as). Plain-text JSON frames
 * only (no zlib-stream), which is what discord.js uses when zlib-sync is not installed.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { DiscordFakeState } from './state.js';
import { parseShard, shardReceives } from './shards.js';
import { Intent } from './types.js';

export interface IdentifyRecord {
  token: string;
  intents: number;
  shard: unknown;
  properties: unknown;
  compress: unknown;
  time: number;
}

export interface GatewayFrame {
  op: number;
  d: unknown;
  time: number;
}

interface Connection {
  ws: WebSocket;
  seq: number;
  identify: IdentifyRecord | null;
  /** `[id, count]` from IDENTIFY (or the resumed session's). */
  shard: [number, number];
  sessionId: string | null;
  ready: boolean;
  heartbeats: number;
}

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});

/** The intent a dispatch needs, or 0 when it is always delivered. */
function requiredIntent(t: string, d: Obj): number {
  const inGuild = typeof d.guild_id === 'string';
  if (t.startsWith('MESSAGE_REACTION_')) return inGuild ? Intent.GuildMessageReactions : Intent.DirectMessageReactions;
  if (t.startsWith('MESSAGE_')) return inGuild ? Intent.GuildMessages : Intent.DirectMessages;
  if (t.startsWith('GUILD_MEMBER')) return Intent.GuildMembers;
  if (/^(GUILD_|CHANNEL_|THREAD_)/.test(t)) return Intent.Guilds;
  return 0;
}

export class FakeGateway {
  readonly wss = new WebSocketServer({ noServer: true });
  readonly identifies: IdentifyRecord[] = [];
  /** Every frame the clients sent (heartbeats, identify, resume, presence …). */
  readonly received: GatewayFrame[] = [];
  /** Dispatches not delivered to a client because it lacked the intent. */
  readonly dropped: { t: string; requiredIntent: number; clientIntents: number }[] = [];
  /** Set false to stop ACKing heartbeats (zombie-connection tests). */
  ackHeartbeats = true;
  private readonly connections = new Set<Connection>();
  private readonly sessions = new Map<string, number>();
  /** session id → the shard it identified as, for RESUME. */
  private readonly sessionShards = new Map<string, { identify: IdentifyRecord; shard: [number, number] }>();
  private sessionCounter = 0;

  constructor(private readonly state: DiscordFakeState) {
    this.wss.on('connection', (ws) => this.onConnection(ws));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== '/gateway') return void socket.destroy();
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  get heartbeats(): number {
    return this.received.filter((f) => f.op === 1).length;
  }

  /** Connections that identified (or resumed) and got READY. */
  get readyCount(): number {
    return [...this.connections].filter((c) => c.ready).length;
  }

  private send(conn: Connection, payload: Obj): void {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(payload));
  }

  private sendDispatch(conn: Connection, t: string, d: unknown): void {
    conn.seq += 1;
    if (conn.sessionId) this.sessions.set(conn.sessionId, conn.seq);
    this.send(conn, { op: 0, t, s: conn.seq, d });
  }

  private onConnection(ws: WebSocket): void {
    const conn: Connection = {
      ws,
      seq: 0,
      identify: null,
      shard: [0, 1],
      sessionId: null,
      ready: false,
      heartbeats: 0,
    };
    this.connections.add(conn);
    ws.on('close', () => this.connections.delete(conn));
    ws.on('message', (data) => this.onMessage(conn, data));
    this.send(conn, { op: 10, d: { heartbeat_interval: this.state.heartbeatIntervalMs }, s: null, t: null });
  }

  private onMessage(conn: Connection, data: RawData): void {
    let frame: Obj;
    try {
      frame = asObj(JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : String(data)));
    } catch {
      return void conn.ws.close(4002, 'Error while decoding payload.');
    }
    const op = typeof frame.op === 'number' ? frame.op : -1;
    const d = asObj(frame.d);
    this.received.push({ op, d: frame.d, time: Date.now() });
    if (op === 1) {
      conn.heartbeats += 1;
      if (this.ackHeartbeats) this.send(conn, { op: 11 });
    } else if (op === 2) {
      this.onIdentify(conn, d);
    } else if (op === 6) {
      this.onResume(conn, d);
    }
  }

  private tokenOk(token: unknown): boolean {
    return (
      typeof token === 'string' && token.length > 0 && (this.state.token === undefined || token === this.state.token)
    );
  }

  private onIdentify(conn: Connection, d: Obj): void {
    if (!this.tokenOk(d.token)) return void conn.ws.close(4004, 'Authentication failed.');
    const shard = parseShard(d.shard);
    if (!shard) return void conn.ws.close(4010, 'Invalid shard.');
    const identify: IdentifyRecord = {
      token: String(d.token),
      intents: typeof d.intents === 'number' ? d.intents : 0,
      shard: d.shard,
      properties: d.properties,
      compress: d.compress,
      time: Date.now(),
    };
    conn.identify = identify;
    conn.shard = shard;
    this.identifies.push(identify);
    this.sessionCounter += 1;
    conn.sessionId = `fake-session-${this.sessionCounter}`;
    this.sessionShards.set(conn.sessionId, { identify, shard });
    conn.seq = 0;
    const s = this.state;
    const guilds = s.guilds.filter((g) => shardReceives(shard, g.id));
    this.sendDispatch(conn, 'READY', {
      v: 10,
      user: { ...s.botUser, verified: true, mfa_enabled: false, flags: 0 },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: conn.sessionId,
      resume_gateway_url: s.gatewayUrl,
      shard,
      application: { id: s.applicationId, flags: 0 },
      user_settings: {},
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      _trace: ['fake-discord'],
    });
    for (const g of guilds) this.sendDispatch(conn, 'GUILD_CREATE', s.guildCreatePayload(g));
    conn.ready = true;
    s.emit('gateway-ready', identify);
  }

  private onResume(conn: Connection, d: Obj): void {
    const sessionId = typeof d.session_id === 'string' ? d.session_id : '';
    if (!this.tokenOk(d.token)) return void conn.ws.close(4004, 'Authentication failed.');
    const previous = this.sessionShards.get(sessionId);
    if (!this.sessions.has(sessionId) || !previous || previous.identify.token !== d.token)
      return void this.send(conn, { op: 9, d: false });
    conn.sessionId = sessionId;
    conn.identify = previous.identify;
    conn.shard = previous.shard;
    conn.seq = typeof d.seq === 'number' ? d.seq : (this.sessions.get(sessionId) ?? 0);
    this.sendDispatch(conn, 'RESUMED', { _trace: ['fake-discord'] });
    conn.ready = true;
    this.state.emit('gateway-ready', previous.identify);
  }

  /**
   * Sends `{op:0,t,s,d}` to every ready connection that has the intent the event needs
   * (MESSAGE_CREATE without MESSAGE_CONTENT gets content/embeds/components/attachments blanked
   * unless the bot is the author or is mentioned). Only the shard that owns the event's guild
   * gets it (shard 0 for DMs). Returns the number of clients it reached.
   */
  dispatch(t: string, d: unknown): number {
    const ready = [...this.connections].filter((c) => c.ready);
    if (ready.length === 0)
      throw new Error(`dispatch(${t}): no gateway client has identified yet (await fake.waitForReady())`);
    const needed = requiredIntent(t, asObj(d));
    // GUILD_CREATE/UPDATE/DELETE name their guild as `id`.
    const guildId = asObj(d).guild_id ?? (/^GUILD_(CREATE|UPDATE|DELETE)$/.test(t) ? asObj(d).id : undefined);
    let delivered = 0;
    for (const conn of ready.filter((c) => shardReceives(c.shard, typeof guildId === 'string' ? guildId : null))) {
      const intents = conn.identify?.intents ?? 0;
      if (needed !== 0 && (intents & needed) === 0) {
        this.dropped.push({ t, requiredIntent: needed, clientIntents: intents });
        continue;
      }
      this.sendDispatch(conn, t, this.applyContentIntent(t, d, intents));
      delivered += 1;
    }
    return delivered;
  }

  private applyContentIntent(t: string, d: unknown, intents: number): unknown {
    if ((t !== 'MESSAGE_CREATE' && t !== 'MESSAGE_UPDATE') || (intents & Intent.MessageContent) !== 0) return d;
    const msg = asObj(d);
    const mentioned = Array.isArray(msg.mentions) && msg.mentions.some((m) => asObj(m).id === this.state.botUserId);
    if (asObj(msg.author).id === this.state.botUserId || mentioned || typeof msg.guild_id !== 'string') return d;
    return { ...msg, content: '', embeds: [], components: [], attachments: [] };
  }

  /** op 7 RECONNECT: the client closes and RESUMEs against resume_gateway_url. */
  requestReconnect(): void {
    for (const c of this.connections) this.send(c, { op: 7, d: null });
  }

  /** op 9 INVALID_SESSION. */
  invalidateSession(resumable = false): void {
    for (const c of this.connections) this.send(c, { op: 9, d: resumable });
  }

  /** Close every client socket with a code (4004 auth failed, 1000 normal, …). */
  closeClients(code: number, reason = ''): void {
    for (const c of this.connections) c.ws.close(code, reason);
  }

  close(): void {
    for (const c of this.connections) c.ws.terminate();
    this.connections.clear();
    this.wss.close();
  }
}
