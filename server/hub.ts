// Starts a hub: store, HTTP API, static console and widget, socket.io namespaces. Used by the
// `caredesk hub` command, by the Electron shell (embedded), and by tests (port 0).
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import { NAMESPACES } from '../shared/protocol/events';
import { SetupGate, staffAuth } from './auth/staff';
import { widgetAuth } from './auth/widget';
import { chatService, type ChatService } from './chat/chatService';
import { systemClock, type Clock } from './clock';
import { loadConfig, type HubConfig, type SettingsOverrides } from './config';
import { drain, Router, sendJson } from './http/router';
import { answerPreflight, corsHeaders, transportGuard } from './http/transport';
import { registerRoutes } from './http/routes';
import { registerConsoleRoutes } from './http/consoleRoutes';
import { registerUserRoutes } from './http/userRoutes';
import { staticFiles } from './http/static';
import { registerAgent } from './realtime/agent';
import { broadcaster } from './realtime/broadcast';
import { registerCustomer } from './realtime/customer';
import type { Log } from './realtime/handle';
import { openHubStore } from './hubStore';
import type { GivenKeys } from './keys';
import { clusterPresence, type ClusterPresence } from './realtime/cluster';
import type { StoreApi } from './store/api';
import type { Store } from './store/index';
import { onOneHub, RETENTION_LOCK } from './store/pg/locks';
import { pgRateLimiter } from './store/pg/rateLimits';
import { pgThrottleBook } from './store/pg/loginThrottle';
import { smtpMailer, type Mailer } from './mail/mailer';
import { oneTimeCodes, type OneTimeCodes } from './identity/codes';
import { createLimits, type Limits } from './limits/limits';
import { clientAddress } from './limits/address';
import { identityTokens } from './identity/tokens';
import { customerIdentity, type CustomerIdentityService } from './identity/service';
import { identityBroadcast, registerIdentity, socketAddress } from './realtime/identity';
import { registerTranscriptRoutes } from './http/transcriptRoutes';
import { copyBroadcaster } from './realtime/transcripts';
import { pgBroadcastAdapter } from './realtime/pgAdapter';
import { retentionSchedule, type OpenCaseCheck } from './retention/purge';
import { endAbandonedChats, ranElsewhere, runRetention, type RetentionResult } from './retention/run';
import { customerPresence } from './chat/presence';
import { privacyService, type PrivacyService } from './privacy/service';
import { codesVerifier, type PrivacyVerifier } from './privacy/verification';
import { privacyBroadcaster, registerPrivacy } from './realtime/privacy';
import { transcriptCopies, type TranscriptCopies } from './transcripts/copies';
import { transcriptReview } from './transcripts/review';
import type { CasesService } from './cases/service';
import { startCases } from './cases/setup';
import type { PolicyOverrides } from '../shared/domain/config';
import { DeskError } from '../shared/protocol/errors';
import { OfflineMessageBody } from '../shared/protocol/routing';
import { brandOpen, requireBrand } from './brands';
import type { ChatEvents } from './chat/chatService';
import { parsePayload } from './realtime/handle';
import { registerRouting, routingBroadcast } from './realtime/routing';
import { registerSupervise } from './realtime/supervise';
import { registerReports } from './realtime/reports';
import { reportsService } from './reports/reports';
import { cannedReplies } from './routing/canned';
import { chatNotes } from './routing/notes';
import { createRouter, type Router as ChatRouter } from './routing/router';
import { mayWorkTicket, ticketsService, type TicketsService } from './tickets/tickets';
import { floodLimiter, ticketInbox, type TicketInbox } from './tickets/inbox';
import { startInboundSmtp, type InboundSmtp } from './mail/smtpListener';
import { imapPollers } from './mail/imapPoller';
import { registerTicketRoutes } from './http/ticketRoutes';
import { registerLocaleRoutes } from './http/localeRoutes';
import { registerSettings, settingsBroadcast } from './realtime/settings';
import { liveSettings, type LiveSettings } from './settings/liveSettings';

export const VERSION = '0.1.0';

// CAREDESK_RENDERER_DIR: a console and widget built elsewhere (`vite build --outDir DIR`), so that
// two builds in progress do not overwrite each other's files under a running test.
export const DEFAULT_RENDERER_DIR = process.env.CAREDESK_RENDERER_DIR || fileURLToPath(new URL('../dist/renderer', import.meta.url));

export interface HubOptions {
  dataDir: string;
  port?: number;
  host?: string;
  clock?: Clock;
  log?: Log;
  rendererDir?: string;
  policy?: PolicyOverrides;
  settings?: SettingsOverrides;
  /** Outgoing mail; default: SMTP from settings.smtp. */
  mailer?: Mailer;
  /** The inbound SMTP listener's port (0: any free one); default: settings.inboundMail.smtpPort. */
  inboundSmtpPort?: number | null;
  /** Holds a transcript from retention while its case is open; default: the cases in the store. */
  openCase?: OpenCaseCheck;
  /** One-time codes for privacy requests (POLICY §3a); default: the hub's one-time codes (purpose 'privacy'). */
  privacyVerifier?: PrivacyVerifier;
  /**
   * Shows the one-time setup code to the operator (the `caredesk hub` terminal, a desktop dialog):
   * it never goes to the log. Called at start and again when too many wrong tries used a code up.
   */
  announceSetupCode?: (code: string, consoleUrl: string) => void;
  /** Keys from the desktop app's OS key store; default: environment, settings, key folder (server/keys.ts). */
  keys?: GivenKeys;
  /** A postgres:// URL: run on PostgreSQL, beside other hubs (server/hubStore.ts); default: CAREDESK_DATABASE_URL, settings.database, else SQLite. */
  database?: string;
}

export interface Hub {
  url: string;
  port: number;
  /**
   * The SQLite store (the embedded desk). On PostgreSQL there is none: every use throws, saying
   * so; use `api`, which both backends have.
   */
  store: Store;
  /** The store behind the async interface (server/store/api.ts): SQLite or PostgreSQL. */
  api: StoreApi;
  /** On PostgreSQL, this hub's id among the others; null for a hub on its own SQLite file. */
  cluster: { hubId: string } | null;
  config: HubConfig;
  chat: ChatService;
  /** The one-time code for creating the first admin, or null once the desk has one. */
  setupCode: string | null;
  /** The scheduled retention run (every row of POLICY §3b); run() runs now (or joins the run under way). */
  retention: { run(): Promise<RetentionResult> };
  /** Privacy requests (issue 13). */
  privacy: PrivacyService;
  copies: TranscriptCopies;
  /** Returns and claims (issue 5). */
  cases: CasesService;
  /** Agents' status, offers, transfers (issue 3). */
  routing: ChatRouter;
  tickets: TicketsService;
  /** Mail to the brands' care addresses (issue 10). */
  inbox: TicketInbox;
  /** The inbound SMTP listener, when one was started. */
  inboundSmtp: InboundSmtp | null;
  /** One-time codes emailed to customers (server/identity/codes.ts). */
  codes: OneTimeCodes;
  /** Limits on what strangers can make the hub do (server/limits/limits.ts). */
  limits: Limits;
  /** Brand settings: config.json with the console's changes on top (issue 9). */
  settings: LiveSettings;
  close(): Promise<void>;
}

export const consoleLog: Log = (level, msg, extra) => {
  const line = `[hub] ${level === 'info' ? '' : level.toUpperCase() + ' '}${msg}${extra ? ' ' + JSON.stringify(extra) : ''}`;
  (level === 'error' ? console.error : console.log)(line);
};

export async function startHub(opts: HubOptions): Promise<Hub> {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? consoleLog;
  const config = loadConfig(opts.dataDir, { policy: opts.policy, settings: opts.settings });
  const opened = await openHubStore({ dataDir: opts.dataDir, settings: config.settings, keys: opts.keys, clock, log, database: opts.database });
  const api: StoreApi = opened.api;
  const sealed = opened.sealed;
  if (sealed && sealed.detail.reason !== 'new desk') {
    // A desk whose log was keyed before and now is not would also land here: say so plainly.
    log('warn', `audit log: keyed stretch started (${String(sealed.detail.reason)}) after ${String(sealed.detail.rowsBefore)} earlier rows; if this desk's log was already keyed, rows were removed`, {
      keyId: opened.auditKeyId,
    });
  }
  // Brand settings set in the console, applied over config.json before anything reads them.
  const brandSettings = await liveSettings({ store: api, clock, config, log });
  const staff = staffAuth(api, clock, {
    sessionIdleMs: config.settings.staffSessionIdleMs,
    sessionMaxMs: config.settings.staffSessionMaxMs,
    password: config.settings.passwordScrypt,
    throttle: {
      maxFailures: config.settings.loginMaxFailures,
      windowMs: config.settings.loginFailureWindowMs,
      lockMs: config.settings.loginLockMs,
      lockMaxMs: config.settings.loginLockMaxMs,
      perAddress: config.settings.limits.loginPerAddress,
    },
    // Failed passwords count once for all hubs of a cluster, like the limits on strangers.
    throttleBook: opened.pool ? pgThrottleBook(opened.pool) : undefined,
  });
  const widget = widgetAuth(api, clock, { ttlMs: config.settings.widgetSessionTtlMs, log });
  const setup = new SetupGate(staff, config.settings.setupCodeMaxTries);

  const addressOf = (req: { socket: { remoteAddress?: string }; headers: Record<string, string | string[] | undefined> }) =>
    clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], config.settings.trustedProxies);
  const router = new Router(log, { maxBytes: config.settings.httpBodyMaxBytes, drainMaxBytes: config.settings.httpDrainMaxBytes }, addressOf);
  const serveStatic = staticFiles(opts.rendererDir ?? DEFAULT_RENDERER_DIR);
  const transport = transportGuard(() => config.settings, { host: opts.host ?? '127.0.0.1' });
  const http: HttpServer = createServer((req, res) => {
    try {
      transport.check(req);
    } catch (e) {
      const error = (e as DeskError).toJSON();
      // Read what was sent before answering, so the client gets the reply rather than a reset.
      void drain(req, 0, config.settings.httpBodyMaxBytes).finally(() => sendJson(res, 403, { ok: false, error }, req.complete ? {} : { connection: 'close' }));
      return;
    }
    const crossOrigin = transport.crossOrigin(req);
    if (crossOrigin) {
      for (const [k, v] of Object.entries(corsHeaders(crossOrigin))) res.setHeader(k, v);
      if (answerPreflight(req, res, crossOrigin)) return;
    }
    router
      .handle(req, res)
      .then((handled) => {
        if (!handled) serveStatic(req, res);
      })
      .catch((e) => {
        log('error', 'http request failed', { error: String(e) });
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });

  const io = new Server(http, {
    maxHttpBufferSize: config.settings.socketPacketMaxBytes,
    // The Host and Origin rules of HTTP hold for the handshake too (polling and websocket): a
    // refusal is engine.io's 403 { code: 4, message } with the reason.
    allowRequest: (req, callback) => {
      try {
        transport.check(req);
        callback(null, true);
      } catch (e) {
        callback((e as Error).message, false);
      }
    },
    // Console and widget are served by this hub (same origin); CORS only for the stores' pages.
    cors: { origin: (origin, callback) => callback(null, origin !== undefined && transport.corsOrigins().includes(origin) ? origin : false) },
    serveClient: false,
  });
  // On PostgreSQL, rooms and broadcasts reach the sockets of every hub through the database
  // (socket.io's Postgres adapter: NOTIFY, large payloads in socket_io_attachments), this hub's own
  // at once and the others' in order (realtime/pgAdapter.ts).
  if (opened.broadcastPool) {
    io.adapter(
      pgBroadcastAdapter(opened.broadcastPool, {
        errorHandler: (e) => log('warn', 'socket.io adapter', { error: String(e) }),
        // Seconds after start at the earliest, when broadcast and routing exist.
        resumed: () => {
          log('info', 'listening to the other hubs again: telling this hub\'s clients where their chats stand');
          broadcast.resumed((token) => staff.authenticate(token, { whileLocked: true })).catch((e: unknown) => log('warn', 'catching clients up after a cut LISTEN connection failed', { error: String(e) }));
          routing.schedule();
        },
      }),
    );
  }
  const cluster: ClusterPresence | null = opened.pool
    ? clusterPresence(io, {
        clock,
        heartbeatMs: config.settings.clusterHeartbeatMs,
        peerTimeoutMs: config.settings.clusterPeerTimeoutMs,
        localAgents: () => routing.localAgents(),
        onRouting: () => routing.schedule(),
        onSessionRevoked: (id, reason) => broadcast.revokeSession(id, reason),
      })
    : null;
  const broadcast = broadcaster(io, () => chat);
  const revokeSession = (id: string, reason: string) => {
    broadcast.revokeSession(id, reason);
    cluster?.revokeSession(id, reason);
  };
  // Every queue change (new chat, taken, ended) also re-runs routing (issue 3).
  const chatEvents: ChatEvents = {
    messageStored: (m) => broadcast.messageStored(m),
    conversationChanged: (c) => broadcast.conversationChanged(c),
    readChanged: (r) => broadcast.readChanged(r),
    queueChanged: () => {
      broadcast.queueChanged();
      routing.schedule();
      cluster?.pokeRouting();
    },
  };
  const settings = () => config.settings;
  const chat: ChatService = chatService(api, clock, () => config.policy, chatEvents, settings);
  const mailer = opts.mailer ?? smtpMailer(config.settings.smtp);
  const pool = opened.pool;
  const limits = createLimits(() => config.settings.limits, pool ? (o) => pgRateLimiter(pool, o) : undefined);
  const codes = oneTimeCodes({ store: api, clock, settings, mailer, limits, log });
  const routingEvents = routingBroadcast(io, () => supervise.changed(config.settings.superviseUpdateMs), (user, t) => mayWorkTicket(api, user, t));
  const routing: ChatRouter = createRouter({ store: api, clock, config, chat, log, events: routingEvents, cluster: cluster ?? undefined });
  const notes = chatNotes(api, clock, routingEvents);
  const tickets = ticketsService({ store: api, dataDir: opts.dataDir, clock, config, mailer, log, events: routingEvents });
  const inbox = ticketInbox({ store: api, dataDir: opts.dataDir, clock, config, mailer, log, events: routingEvents });
  const mailLimiter = floodLimiter({ clock, config });
  const canned = cannedReplies(api, clock, config, routingEvents);
  const copies = transcriptCopies({ store: api, clock, settings, mailer, log, limits, events: copyBroadcaster(io.of(NAMESPACES.agent), io.of(NAMESPACES.customer)) });
  const identity: CustomerIdentityService = customerIdentity({
    store: api,
    clock,
    config,
    widget,
    codes,
    tokens: identityTokens({ store: api, clock, settings }),
    limits,
    chat,
    events: identityBroadcast(io, () => chat),
  });
  const review = transcriptReview(api, clock, settings);
  const presence = customerPresence(io.of(NAMESPACES.customer), clock);
  const privacy = privacyService({
    store: api,
    dataDir: opts.dataDir,
    checkpoint: opened.checkpoint,
    clock,
    policy: () => config.policy,
    settings,
    mailer,
    verifier: opts.privacyVerifier ?? codesVerifier(codes),
    log,
    openCase: opts.openCase,
    changed: privacyBroadcaster(io),
  });
  // An erasure postponed by a hold goes by itself once the hold is lifted: a run right after.
  const release = review.release;
  review.release = async (...args) => {
    const meta = await release(...args);
    if ((await api.privacy.openErasures()).length > 0) void retention.run();
    return meta;
  };
  registerCustomer(io.of(NAMESPACES.customer) as never, {
    auth: widget,
    chat,
    broadcast,
    log,
    copies,
    limits,
    address: (socket) => socketAddress(socket, config.settings.trustedProxies),
    routing: {
      mayStart(brandId) {
        const id = requireBrand(config, brandId);
        if (!brandOpen(config, id, clock.now())) {
          throw new DeskError('closed', 'Customer care is closed now. Leave a message and we will answer by email next shift.');
        }
        return id;
      },
      position: (conversationId) => routing.position(conversationId),
    },
  });
  registerAgent(io.of(NAMESPACES.agent) as never, { auth: staff, chat, broadcast, log, transcripts: { review, copies } });
  registerRouting(io, { auth: staff, router: routing, notes, tickets, canned, store: api, chat, config, log, clock });
  const supervise = registerSupervise(io, { auth: staff, router: () => routing, chat, notes, log });
  registerIdentity(io, { staff, widget, identity: () => identity, store: api, trustedProxies: () => config.settings.trustedProxies, log });
  // A widget session the store's signed identity (or an earlier code) verified is verified for its own address.
  registerPrivacy(io, { auth: staff, widget, privacy, store: api, clock, log, sessionVerified: (identity) => identity.customer.verified === true });
  registerReports(io, { auth: staff, widget, chat, reports: reportsService({ store: api, clock, config, chat }), log });
  router.post('/api/widget/offline-message', async ({ body, address }) => {
    const p = parsePayload(OfflineMessageBody, body);
    await limits.consume('offlineMessage', { address, email: p.email, brand: requireBrand(config, p.brandId) });
    return { ticket: publicTicketReceipt(await tickets.create(p)) };
  });
  registerTranscriptRoutes(router, { widget, chat, store: api, clock, settings });
  brandSettings.setEvents(settingsBroadcast(io));
  registerSettings(io, { auth: staff, settings: brandSettings, log });
  const cases = await startCases({ io, router, store: api, dataDir: opts.dataDir, clock, config, chat, staff, widget, mailer, log, settings: brandSettings, identity, limits });
  registerConsoleRoutes(router, { staff, config, settings: brandSettings });
  registerTicketRoutes(router, { staff, tickets });
  registerLocaleRoutes(router, { staff, store: api });
  registerUserRoutes(router, { store: api, clock, staff, revokeSession, demoted: (userId) => broadcast.demoted(userId) });
  registerRoutes(router, {
    staff,
    setup,
    identity,
    config,
    clock,
    version: VERSION,
    onLogout: (sessionId) => revokeSession(sessionId, 'Signed out.'),
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const smtpPort = opts.inboundSmtpPort !== undefined ? opts.inboundSmtpPort : config.settings.inboundMail.smtpPort;
  const inboundSmtp = smtpPort === null ? null : await startInboundSmtp({ port: smtpPort, config, inbox, limiter: mailLimiter, log });
  const imap = imapPollers({ config, inbox, limiter: mailLimiter, log });

  const retentionDeps = {
    store: api,
    dataDir: opts.dataDir,
    // Only SQLite has a WAL of its own to trim after the deletes (server/store/index.ts checkpoint()).
    checkpoint: opened.checkpoint,
    clock,
    policy: () => config.policy.retention,
    openCase: opts.openCase,
    log,
    customerPresent: presence.present,
    customerLastSeen: presence.lastSeen,
    chatEnded: (id: string) => {
      presence.forget(id);
      chat.changed(id).catch((e) => log('warn', 'announcing an ended chat failed', { conversationId: id, error: String(e) }));
    },
    settleErasures: () => privacy.settleErasures(),
  };
  // In a cluster one hub at a time runs it (an advisory lock); the others skip that round.
  const retention = retentionSchedule(retentionDeps, async () => (await onOneHub(opened.pool, RETENTION_LOCK, () => runRetention(retentionDeps))) ?? ranElsewhere(clock.now()));
  // Chats nobody ended are looked for more often than the hourly purge (POLICY §3b: 30 minutes).
  // Who this hub sees goes to the store: the other hubs, and the CLI, judge by it. A connected
  // customer is written again a quarter of the idle time after the last write, so a chat is never
  // judged gone while they are here, and a busy hub does not rewrite every chat every check.
  const recordSeen = async (refreshMs: number) => {
    const seen = presence.seen(refreshMs);
    try {
      await api.writeCalls((tx) => tx.privacy.markCustomersSeen(seen));
    } catch (e) {
      presence.unseen(seen);
      throw e;
    }
  };
  const idleTimer = setInterval(() => {
    recordSeen(config.policy.retention.chatIdleEndMs / 4)
      .then(() => endAbandonedChats(retentionDeps, false))
      .catch((e) => log('error', 'ending abandoned chats failed', { error: String(e) }));
  }, config.policy.retention.chatIdleCheckMs);
  idleTimer.unref();

  const announce = (code: string) => opts.announceSetupCode?.(code, `${url}/console/`);
  setup.onReissue(announce);
  const setupCode = await setup.issue();
  if (setupCode) {
    log('info', `No admin yet. Open ${url}/console/ and create the first admin with the setup code shown where the hub was started.`);
    announce(setupCode);
  }

  return {
    url,
    port,
    get store() {
      return opened.sqlite?.() ?? sqliteOnly();
    },
    api,
    cluster: cluster ? { hubId: cluster.hubId } : null,
    config,
    chat,
    setupCode,
    retention: { run: retention.run },
    privacy,
    copies,
    cases: cases.service,
    routing,
    tickets,
    inbox,
    inboundSmtp,
    codes,
    limits,
    settings: brandSettings,
    async close() {
      supervise.close();
      clearInterval(idleTimer);
      await inboundSmtp?.close();
      await imap.stop();
      await routing.close();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      // The customers just cut off were last seen now: the next hub, or the CLI, counts from here.
      await recordSeen(0).catch((e) => log('warn', 'recording when customers were last seen failed', { error: String(e) }));
      // Let a purge or a copy under way finish its write before the store closes.
      await retention.stop();
      await copies.idle();
      await cases.stop();
      mailer.close();
      cluster?.close();
      await opened.close();
    },
  };
}

/** What the widget is told about its offline message: that it arrived, not the desk's record. */
function publicTicketReceipt(t: { id: string; ref: string; createdAt: string }): { id: string; ref: string; createdAt: string } {
  return { id: t.id, ref: t.ref, createdAt: t.createdAt };
}

/** Hub.store on PostgreSQL: there is no SQLite store; whatever reaches for one is told so. */
function sqliteOnly(): Store {
  return new Proxy({} as Store, {
    get(_, member) {
      if (member === 'then') return undefined;
      throw new Error(`hub.store.${String(member)}: this hub runs on PostgreSQL, which has no SQLite store; use hub.api`);
    },
  });
}
