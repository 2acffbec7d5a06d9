// Hub configuration: DEFAULT_POLICY from shared/, overridden by `config.json` in the data folder.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_POLICY, mergePolicy, type DeskPolicy, type HoursPolicy, type PolicyOverrides, type PrivacyPolicy, type TicketsPolicy } from '../shared/domain/config';
import type { ScryptParams } from './auth/passwords';

export interface HubSettings {
  /** Staff sessions expire after this long without use. */
  staffSessionIdleMs: number;
  widgetSessionTtlMs: number;
  /** Largest HTTP body and socket.io packet accepted; bigger ones are refused before parsing. */
  httpBodyMaxBytes: number;
  socketPacketMaxBytes: number;
  /** How long a client waits for an ack before it retries (also documented for integrators). */
  ackTimeoutMs: number;
  deskName: string;
  /**
   * Sign-in throttling: this many failures within the window pause sign-in for that account from
   * that address, for loginLockMs, doubling with each further pause up to loginLockMaxMs. Keyed
   * on account and address together: nobody can keep a named agent out from elsewhere. Failures
   * from one address across accounts: limits.loginPerAddress.
   */
  loginMaxFailures: number;
  loginFailureWindowMs: number;
  loginLockMs: number;
  loginLockMaxMs: number;
  /** Outgoing mail (transcript copies). */
  smtp: SmtpSettings;
  /** Per-brand desk name and care address; a brand not listed uses deskName and smtp.from. */
  brands: Record<string, BrandSettings>;
  /** Messages per page (transcripts:get, conversation:open with a page) when the client asks for none, and the most it may ask. */
  transcriptPageDefault: number;
  transcriptPageMax: number;
  /** Results per transcripts:search page. */
  searchPageSize: number;
  /** The most matching messages one search ranks, newest first (its cost grows with this, not with the archive). */
  searchCandidateCap: number;
  /** Copies a customer may request per conversation (each is an email the desk sends). */
  customerCopiesMax: number;
  /** A TrueType font for PDF copies (e.g. DejaVuSans.ttf) for scripts beyond Latin; none: Helvetica. */
  pdfFontFile: string | null;
  /** Where returns are sent when the brand has no address of its own (stored on each RMA, POLICY §1). */
  returnAddress: string;
  /** Claim photos the widget uploads: accepted types, largest file, most per case. */
  uploads: UploadSettings;
  /** How often the hub looks for returns to expire (nothing shipped by the return-by date), ms. */
  caseJobIntervalMs: number;
  /** Load the demo orders (server/orders/demo.ts) when a hub starts with no orders at all. */
  demoOrdersOnFirstRun: boolean;
  /** The widget's look for brands that set none of their own (the accent is the stylesheets' own). */
  widgetAccentColor: string;
  widgetGreeting: string;
  /** How often supervisors' live view is pushed at most (changes in between are coalesced), ms. */
  superviseUpdateMs: number;
  /** Tickets per tickets:list page when the client asks for none. */
  ticketPageDefault: number;
  /** One-time codes emailed to customers (email verification, order proof, privacy requests). */
  oneTimeCodes: OneTimeCodeSettings;
  /** The store's signed identity for its shoppers (docs/OPERATIONS.md "Verified customers"). */
  identityToken: IdentityTokenSettings;
  /** Limits on what strangers can make the hub do (docs/OPERATIONS.md "Limits"). */
  limits: LimitSettings;
  /**
   * Addresses of reverse proxies in front of the hub (exact IPs; 'loopback' for 127.0.0.1 and ::1).
   * Only a request arriving from one of them has its X-Forwarded-For believed; empty: none is.
   */
  trustedProxies: string[];
  /** Reports (issue 9): the longest range one report covers (days), what counts as a low rating, how many are listed. */
  reportMaxDays: number;
  reportLowRatingMax: number;
  reportLowRatingsMax: number;

  // ---- hardening (issue 12): docs/SECURITY.md ----
  /** The longest a staff session lives from sign-in, however busy (its expires_at). */
  staffSessionMaxMs: number;
  /** The cost of new staff password hashes; older hashes are redone at their next sign-in. */
  passwordScrypt: ScryptParams;
  /** Wrong setup codes before the code is replaced by a new one (shown to the operator). */
  setupCodeMaxTries: number;
  /** Origins of the stores' pages that embed the widget (the hub's own origin is always allowed). */
  allowedOrigins: string[];
  /** Host names the hub answers to beyond its own address and localhost (e.g. a proxy's public name). */
  allowedHosts: string[];
  /** A body refused as too large is read to its end (so the client reads the 413) up to this size. */
  httpDrainMaxBytes: number;
  /** SQLCipher encryption of the database file; switch off only on an already encrypted volume. */
  databaseEncryption: boolean;
  /** The file holding the database key (else CAREDESK_DB_KEY, else <data folder>-keys/db.key). */
  databaseKeyFile: string | null;
  /** The file holding the audit key(s) (else CAREDESK_AUDIT_KEY, else <data folder>-keys/audit.key). */
  auditKeyFile: string | null;
  /** Mail to the brands' care addresses becomes tickets (issue 10; docs/OPERATIONS.md, "Email"). */
  inboundMail: InboundMailSettings;

  // ---- the store off the event loop (issue 11): docs/PERFORMANCE.md ----
  /** How often the checkpoint worker folds the WAL into the database file (PASSIVE, beside the commits). */
  walCheckpointIntervalMs: number;
  /** WAL pages past which the worker restarts the WAL between two group commits (4 KiB each). */
  walRestartPages: number;
  /**
   * How often stored messages are added to the search index, in batches of at most
   * searchIndexBatch (migration 0012: indexing each in its own small commit cost as much as storing
   * it). A backlog larger than a batch is worked off batch after batch at once, each in its own
   * commit: chat writes arriving meanwhile wait for one batch (a few ms at 500), where a tick of
   * 2,000 held them 20–60 ms. A search first indexes whatever is still waiting, so it always finds
   * every stored message. On PostgreSQL the same two settings pace the counting of the messages'
   * words for search (its migration 10), a batch per statement, shared by the hubs.
   */
  searchIndexIntervalMs: number;
  searchIndexBatch: number;
  /**
   * The most the hub's SQLite page cache holds, in MiB (it fills only as pages are read). SQLite's
   * default (2 MiB) re-read and decrypted the same pages for every search: a mix of searches at 5M
   * messages needed about 256 MiB to stop doing so (docs/PERFORMANCE.md).
   */
  storeCacheMiB: number;
  /**
   * The hub's SQLite connection in a worker thread (default true), so no SQL or fsync runs on the
   * event loop that serves the sockets; false keeps it in the hub's thread (as before issue 11).
   */
  storeInWorker: boolean;

  // ---- several hubs on one PostgreSQL (issue 11): docs/OPERATIONS.md, "Running a cluster" ----
  /**
   * The store: null for the SQLite file in the data folder (the default), or a postgres:// URL
   * without its password (PGPASSWORD, or CAREDESK_DATABASE_URL / `hub --database` for a full URL).
   */
  database: string | null;
  /**
   * On PostgreSQL, work_mem for the hub's store connections, in MiB: enough that a search's bitmap
   * of a common word's matches stays exact (PostgreSQL's default of 4 MiB made it lossy).
   */
  pgWorkMemMiB: number;
  /**
   * On PostgreSQL, the most connections the hub's store opens at once. The broadcast adapter has its
   * own 3 beside them (store/pg/api.ts BROADCAST_POOL_SIZE). PostgreSQL's max_connections must hold
   * both for every hub.
   */
  pgPoolSize: number;
  /** How often a hub tells the others which agents it has and how they stand. */
  clusterHeartbeatMs: number;
  /** A hub not heard from for this long is gone: its agents count as offline (their chats' grace starts). */
  clusterPeerTimeoutMs: number;
}

export interface OneTimeCodeSettings {
  digits: number;
  ttlMs: number;
  maxTries: number;
}

export interface IdentityTokenSettings {
  /** Longest accepted lifetime (exp - iat) of a store's identity token. */
  maxLifetimeMs: number;
  /** Tolerance for the store's and the hub's clocks disagreeing. */
  clockToleranceMs: number;
}

/** `points` requests per `windowMs`; the next one is refused with rate_limited until the window moves on. */
export interface Rate {
  points: number;
  windowMs: number;
}

/** Each endpoint is limited per client address, per email address given, and per brand (any of them may be left out). */
export interface EndpointLimit {
  perAddress?: Rate;
  perEmail?: Rate;
  perBrand?: Rate;
}

export const LIMITED_ENDPOINTS = ['widgetSession', 'chatStart', 'offlineMessage', 'copy', 'upload', 'codeRequest', 'codeTry', 'identityToken'] as const;
export type LimitedEndpoint = (typeof LIMITED_ENDPOINTS)[number];

export interface LimitSettings extends Record<LimitedEndpoint, EndpointLimit> {
  /** Failed sign-ins (and unlocks) from one address, whatever the account, before that address is paused. */
  loginPerAddress: Rate;
}

export interface InboundMailSettings {
  /** The SMTP listener a mail relay forwards to; null: none (`caredesk hub --inbound-smtp-port N`). */
  smtpPort: number | null;
  smtpHost: string;
  /** The name the listener greets with (and puts in the Message-IDs of the desk's mail). */
  hostname: string;
  /** PEM files: with both, the listener offers STARTTLS. */
  tlsKeyFile: string | null;
  tlsCertFile: string | null;
  /** Largest message accepted (SMTP SIZE); a bigger one is refused with 552. */
  maxBytes: number;
  /** Messages one sender may send within the window; beyond that they are refused (451, try later). */
  perSenderMax: number;
  perSenderWindowMs: number;
  /** Attachments kept per message, largest file, and the types the desk stores (read from the bytes). */
  attachmentMaxBytes: number;
  attachmentsMaxPerMessage: number;
  attachmentTypes: AttachmentType[];
  /** How often IMAP mailboxes are read, ms. */
  imapPollMs: number;
}

export type AttachmentType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic' | 'application/pdf' | 'text/plain';

/** A brand whose care address is a mailbox the hub reads over IMAP (instead of the relay). */
export interface ImapSettings {
  host: string;
  port: number;
  /** TLS from the first byte (993); otherwise STARTTLS. */
  secure: boolean;
  user: string;
  /** Never from config.json: read at load from passFile (a 0600 file; relative to the data folder). */
  pass?: string;
  passFile?: string;
  mailbox: string;
}

export interface UploadSettings {
  types: ('image/jpeg' | 'image/png' | 'image/webp' | 'image/heic')[];
  maxBytes: number;
  maxPerCase: number;
}

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user?: string;
  /** Never from config.json: CAREDESK_SMTP_PASSWORD or the file named by passFile (resolved at load). */
  pass?: string;
  passFile?: string;
  /** The sender address when the brand has no care address of its own. */
  from: string;
  /** Give up on an unreachable server after this long; the copy is recorded as failed. */
  connectionTimeoutMs: number;
}

export interface BrandSettings {
  deskName?: string;
  /** The brand's customer-care address: copies are sent from it (POLICY §3). */
  careAddress?: string;
  /**
   * Files that each hold one of the brand's identity-token secrets (two during a rotation).
   * Secrets never sit in config.json; see brandIdentitySecrets().
   */
  identitySecretFiles?: string[];
  /** Where this brand's returns go (several lines). */
  returnAddress?: string;
  /** The widget's look (issue 3); defaults: widgetAccentColor, widgetGreeting. */
  accentColor?: string;
  greeting?: string;
  /** The brand's own hours, field by field over policy.hours (time zone, weekly, holidays). */
  hours?: Partial<HoursPolicy>;
  /** The brand's own privacy-request terms, field by field over policy.privacy (POLICY §3a: per brand). */
  privacy?: Partial<PrivacyPolicy>;
  /** The brand's own return, claim and ticket numbers, field by field over policy.returns, .claims, .tickets (brandPolicy). */
  returns?: PolicyOverrides['returns'];
  claims?: PolicyOverrides['claims'];
  tickets?: Partial<TicketsPolicy>;
  /** Read the care address's mailbox over IMAP; without it, mail arrives through the SMTP listener. */
  imap?: ImapSettings;
  /** A logo for emails and PDF copies (an https URL for emails). */
  logoUrl?: string;
}

export interface HubConfig {
  policy: DeskPolicy;
  settings: HubSettings;
}

const MINUTE = 60 * 1000;

export const DEFAULT_SETTINGS: HubSettings = {
  staffSessionIdleMs: 12 * 60 * 60 * 1000,
  widgetSessionTtlMs: 30 * 24 * 60 * 60 * 1000,
  httpBodyMaxBytes: 64 * 1024,
  socketPacketMaxBytes: 256 * 1024,
  ackTimeoutMs: 5000,
  deskName: 'Customer Care',
  loginMaxFailures: 5,
  loginFailureWindowMs: 15 * 60 * 1000,
  loginLockMs: 15 * 60 * 1000,
  loginLockMaxMs: 24 * 60 * 60 * 1000,
  smtp: { host: 'localhost', port: 25, secure: false, from: 'care@localhost', connectionTimeoutMs: 10_000 },
  brands: {},
  transcriptPageDefault: 200,
  transcriptPageMax: 1000,
  searchPageSize: 20,
  searchCandidateCap: 2000,
  customerCopiesMax: 5,
  pdfFontFile: null,
  returnAddress: 'Returns Department\n(demo address: set settings.returnAddress in config.json)',
  uploads: { types: ['image/jpeg', 'image/png', 'image/webp', 'image/heic'], maxBytes: 10 * 1024 * 1024, maxPerCase: 20 },
  caseJobIntervalMs: 15 * 60 * 1000,
  demoOrdersOnFirstRun: true,
  widgetAccentColor: '#1e4a72',
  widgetGreeting: 'Hello! How can we help you today?',
  superviseUpdateMs: 250,
  ticketPageDefault: 100,
  inboundMail: {
    smtpPort: null,
    smtpHost: '127.0.0.1',
    hostname: 'caredesk.local',
    tlsKeyFile: null,
    tlsCertFile: null,
    maxBytes: 25 * 1024 * 1024,
    perSenderMax: 20,
    perSenderWindowMs: 60 * 60 * 1000,
    attachmentMaxBytes: 10 * 1024 * 1024,
    attachmentsMaxPerMessage: 10,
    attachmentTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf', 'text/plain'],
    imapPollMs: 60_000,
  },
  oneTimeCodes: { digits: 6, ttlMs: 15 * 60 * 1000, maxTries: 5 },
  identityToken: { maxLifetimeMs: 10 * 60 * 1000, clockToleranceMs: 30 * 1000 },
  limits: {
    widgetSession: { perAddress: { points: 20, windowMs: 10 * MINUTE }, perEmail: { points: 10, windowMs: 10 * MINUTE }, perBrand: { points: 600, windowMs: MINUTE } },
    chatStart: { perAddress: { points: 20, windowMs: 10 * MINUTE }, perBrand: { points: 120, windowMs: MINUTE } },
    offlineMessage: { perAddress: { points: 5, windowMs: 10 * MINUTE }, perEmail: { points: 3, windowMs: 10 * MINUTE }, perBrand: { points: 60, windowMs: MINUTE } },
    copy: { perAddress: { points: 10, windowMs: 60 * MINUTE }, perEmail: { points: 5, windowMs: 60 * MINUTE }, perBrand: { points: 200, windowMs: 60 * MINUTE } },
    upload: { perAddress: { points: 60, windowMs: 10 * MINUTE }, perBrand: { points: 600, windowMs: 10 * MINUTE } },
    codeRequest: { perAddress: { points: 10, windowMs: 60 * MINUTE }, perEmail: { points: 5, windowMs: 60 * MINUTE }, perBrand: { points: 300, windowMs: 60 * MINUTE } },
    codeTry: { perAddress: { points: 30, windowMs: 15 * MINUTE }, perBrand: { points: 1000, windowMs: 15 * MINUTE } },
    identityToken: { perAddress: { points: 30, windowMs: 10 * MINUTE }, perBrand: { points: 1200, windowMs: MINUTE } },
    loginPerAddress: { points: 50, windowMs: 15 * MINUTE },
  },
  trustedProxies: [],
  reportMaxDays: 366,
  reportLowRatingMax: 2,
  reportLowRatingsMax: 50,
  staffSessionMaxMs: 24 * 60 * 60 * 1000,
  passwordScrypt: { N: 2 ** 17, r: 8, p: 1 },
  setupCodeMaxTries: 5,
  allowedOrigins: [],
  allowedHosts: [],
  httpDrainMaxBytes: 64 * 1024 * 1024,
  databaseEncryption: true,
  databaseKeyFile: null,
  auditKeyFile: null,
  walCheckpointIntervalMs: 1000,
  walRestartPages: 4000,
  searchIndexIntervalMs: 250,
  searchIndexBatch: 500,
  storeCacheMiB: 256,
  storeInWorker: true,
  database: null,
  pgWorkMemMiB: 32,
  pgPoolSize: 10,
  clusterHeartbeatMs: 3000,
  clusterPeerTimeoutMs: 10_000,
};

const ConfigFile = z.object({
  policy: z.record(z.string(), z.unknown()).optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
});

export const CONFIG_FILE = 'config.json';

/** The pages of a chat's messages (transcripts:get, conversation:open): their default and largest size. */
export type PageSizes = Pick<HubSettings, 'transcriptPageDefault' | 'transcriptPageMax'>;

/** How many messages a page holds: what the client asked for, else the default, never more than the most. */
export function pageLimit(sizes: PageSizes, asked: number | undefined): number {
  return Math.min(asked ?? sizes.transcriptPageDefault, sizes.transcriptPageMax);
}

/** The desk name and sender address a brand's customers see. */
export function brandDesk(settings: HubSettings, brandId: string): { deskName: string; from: string } {
  const b = settings.brands[brandId];
  return { deskName: b?.deskName ?? settings.deskName, from: b?.careAddress ?? settings.smtp.from };
}

/** The brand whose care address `address` is (case-insensitive), or null: mail for it is refused. */
export function brandByCareAddress(settings: HubSettings, address: string): string | null {
  const a = address.trim().toLowerCase();
  for (const [id, b] of Object.entries(settings.brands)) if (b.careAddress?.toLowerCase() === a) return id;
  return null;
}

/** Every care address the desk sends from: mail from one of them is the desk's own (a loop). */
export function careAddresses(settings: HubSettings): Set<string> {
  return new Set([settings.smtp.from, ...Object.values(settings.brands).map((b) => b.careAddress)].filter((a): a is string => !!a).map((a) => a.toLowerCase()));
}

/** The address customer care gives for a brand's returns. */
export function brandReturnAddress(settings: HubSettings, brandId: string): string {
  return settings.brands[brandId]?.returnAddress ?? settings.returnAddress;
}

/** Settings given in code (tests, the desktop app): any top-level field; limits endpoint by endpoint. */
export type SettingsOverrides = Partial<Omit<HubSettings, 'limits'>> & { limits?: Partial<LimitSettings> };

export function loadConfig(dataDir: string, overrides: { policy?: PolicyOverrides; settings?: SettingsOverrides } = {}): HubConfig {
  const path = join(dataDir, CONFIG_FILE);
  let file: z.infer<typeof ConfigFile> = {};
  if (existsSync(path)) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new Error(`${path} is not valid JSON: ${(e as Error).message}`);
    }
    const parsed = ConfigFile.safeParse(raw);
    if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    file = parsed.data;
  }
  const policy = mergePolicy(mergePolicy(DEFAULT_POLICY, file.policy as PolicyOverrides), overrides.policy);
  refuseSecrets(file.settings ?? {}, path);
  const problems = policyNumberProblems(file);
  if (problems.length > 0) throw new Error(`${path}: ${problems.join('; ')}`);
  const fileSettings = (file.settings ?? {}) as SettingsOverrides;
  const settings = { ...DEFAULT_SETTINGS, ...fileSettings, ...overrides.settings } as HubSettings;
  // SMTP is merged field by field: setting only the host must not drop the default port or sender.
  settings.smtp = { ...DEFAULT_SETTINGS.smtp, ...fileSettings.smtp, ...overrides.settings?.smtp };
  settings.uploads = { ...DEFAULT_SETTINGS.uploads, ...fileSettings.uploads, ...overrides.settings?.uploads };
  settings.inboundMail = { ...DEFAULT_SETTINGS.inboundMail, ...fileSettings.inboundMail, ...overrides.settings?.inboundMail };
  settings.oneTimeCodes = { ...DEFAULT_SETTINGS.oneTimeCodes, ...fileSettings.oneTimeCodes, ...overrides.settings?.oneTimeCodes };
  settings.identityToken = { ...DEFAULT_SETTINGS.identityToken, ...fileSettings.identityToken, ...overrides.settings?.identityToken };
  // Limits merge endpoint by endpoint: tightening one leaves the others at their defaults.
  settings.limits = { ...DEFAULT_SETTINGS.limits, ...fileSettings.limits, ...overrides.settings?.limits };
  for (const e of LIMITED_ENDPOINTS) {
    settings.limits[e] = { ...DEFAULT_SETTINGS.limits[e], ...fileSettings.limits?.[e], ...overrides.settings?.limits?.[e] };
  }
  settings.smtp.pass ??= readSecret({ env: 'CAREDESK_SMTP_PASSWORD', file: settings.smtp.passFile, label: 'the SMTP password', baseDir: dataDir }) ?? undefined;
  // Relative secret files are found beside config.json.
  for (const [id, b] of Object.entries(settings.brands)) {
    if (b.imap) b.imap.pass ??= readSecret({ file: b.imap.passFile, label: `brand ${id}'s IMAP password`, baseDir: dataDir }) ?? undefined;
    if (b.identitySecretFiles) b.identitySecretFiles = b.identitySecretFiles.map((f) => (isAbsolute(f) ? f : join(dataDir, f)));
  }
  return { policy, settings };
}

/** The policy sections a brand may set numbers of its own in (server/brands.ts, brandPolicy). */
const PER_BRAND_SECTIONS = ['returns', 'claims', 'tickets', 'privacy'] as const;
/** Records whose keys are the admin's own (carriers); every other key must be one the policy knows. */
const OPEN_RECORDS = new Set(['claims.carrierClaimDays']);

/**
 * Wrong policy numbers in config.json, desk-wide and per brand: a key the policy does not know (a
 * typo would silently leave the default in force) or a value of the wrong kind. Each is named by
 * its path so the admin can find it.
 */
function policyNumberProblems(file: z.infer<typeof ConfigFile>): string[] {
  const problems: string[] = [];
  const check = (value: unknown, def: unknown, at: string, path: string): void => {
    if (typeof def === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) problems.push(`${path} must be a number, 0 or more`);
    } else if (def === null || typeof def === 'string') {
      if (value !== null && typeof value !== 'string') problems.push(`${path} must be text or null`);
    } else if (def && typeof def === 'object' && !Array.isArray(def)) {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return void problems.push(`${path} must be an object`);
      for (const [k, v] of Object.entries(value)) {
        const known = Object.hasOwn(def, k);
        if (!known && !OPEN_RECORDS.has(at)) problems.push(`${path}.${k} is not a policy setting (known: ${Object.keys(def).join(', ')})`);
        else check(v, known ? (def as Record<string, unknown>)[k] : 0, `${at}.${k}`, `${path}.${k}`);
      }
    }
  };
  for (const section of PER_BRAND_SECTIONS) {
    const desk = (file.policy as Record<string, unknown> | undefined)?.[section];
    if (desk !== undefined) check(desk, DEFAULT_POLICY[section], section, `policy.${section}`);
  }
  const brands = (file.settings as { brands?: Record<string, Record<string, unknown>> } | undefined)?.brands ?? {};
  for (const [id, b] of Object.entries(brands)) {
    for (const section of PER_BRAND_SECTIONS) if (b?.[section] !== undefined) check(b[section], DEFAULT_POLICY[section], section, `settings.brands.${id}.${section}`);
    for (const desk of ['retention', 'chat'] as const) {
      if (b?.[desk] !== undefined) problems.push(`settings.brands.${id}.${desk}: the ${desk} numbers are the desk's, not a brand's (set them in policy.${desk})`);
    }
  }
  return problems;
}

// ---- secrets (issue 12): never in config.json; from the environment or a 0600 file ----

/** Setting names that would hold a secret itself; the matching `…File` setting names a file instead. */
const SECRET_NAME = /^(pass|password|secret|secrets|identitySecret|identitySecrets|auditKey|databaseKey|dbKey|apiKey|privateKey|token)$/i;

const SECRET_HOME: Record<string, string> = {
  'smtp.pass': 'the environment variable CAREDESK_SMTP_PASSWORD, or a file named by settings.smtp.passFile',
  'smtp.password': 'the environment variable CAREDESK_SMTP_PASSWORD, or a file named by settings.smtp.passFile',
  auditKey: 'the environment variable CAREDESK_AUDIT_KEY, or a file named by settings.auditKeyFile',
  databaseKey: 'the environment variable CAREDESK_DB_KEY, or a file named by settings.databaseKeyFile',
};

/** Refuses a config.json that holds a secret, saying where it belongs instead. */
function refuseSecrets(settings: Record<string, unknown>, path: string): void {
  const walk = (value: unknown, at: string[]): void => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const here = [...at, k];
      if (SECRET_NAME.test(k) && v !== null && v !== undefined && v !== '') {
        const name = here.join('.');
        const home = SECRET_HOME[name] ?? `a file named by settings.${name}File (or the environment variable docs/OPERATIONS.md names)`;
        throw new Error(`${path} holds a secret at settings.${name}. Secrets never go in config.json: remove it and use ${home}. See docs/OPERATIONS.md, "Secrets and keys".`);
      }
      walk(v, here);
    }
  };
  walk(settings, []);
}

export interface SecretSource {
  /** An environment variable that holds the secret itself. */
  env?: string;
  /** A file holding the secret (relative paths are taken from baseDir); it must not be readable by group or others. */
  file?: string | null;
  /** What the secret is, for error messages ("the SMTP password"). */
  label: string;
  baseDir?: string;
  /** Where the file was named, for the error when it is missing (default: the settings). */
  named?: string;
}

/**
 * The one way the hub reads a secret: the environment variable when set, else the file, else
 * null. A file others can read is refused (chmod 600 it), and so is a missing one that the
 * settings name. Trailing newlines are dropped. Used for the SMTP password, the audit and database
 * keys, and brands' identity secrets.
 */
export function readSecret(src: SecretSource, env: NodeJS.ProcessEnv = process.env): string | null {
  const fromEnv = src.env ? env[src.env] : undefined;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv.trim();
  if (!src.file) return null;
  const file = isAbsolute(src.file) || !src.baseDir ? src.file : join(src.baseDir, src.file);
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    throw new Error(`${src.label}: the file ${file} ${src.named ?? 'named in the settings'} does not exist.`);
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new Error(`${src.label}: ${file} can be read by other users of this computer (mode ${(mode & 0o777).toString(8)}). Run: chmod 600 '${file}'`);
  }
  const value = readFileSync(file, 'utf8').replace(/[\r\n]+$/, '');
  if (!value.trim()) throw new Error(`${src.label}: ${file} is empty.`);
  return value;
}

/** `CAREDESK_BRAND_<ID>_IDENTITY_SECRETS`: the brand id upper-cased, anything but A–Z and 0–9 as '_'. */
export function brandSecretEnvName(brandId: string): string {
  return `CAREDESK_BRAND_${brandId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_IDENTITY_SECRETS`;
}

/**
 * The secrets a brand's store signs identity tokens with (HS256), newest first; none: the brand
 * takes no identity tokens. From the environment (`CAREDESK_BRAND_<ID>_IDENTITY_SECRETS`, comma-
 * separated, or `…_IDENTITY_SECRET` for one) and from the files in `identitySecretFiles` (one
 * secret per file). Read on every use, so a rotation needs no restart: add the new secret beside
 * the old, switch the store over, then remove the old. Secrets shorter than 32 bytes are refused.
 */
export function brandIdentitySecrets(settings: HubSettings, brandId: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const name = brandSecretEnvName(brandId);
  const fromEnv = [...(env[name] ?? '').split(','), env[name.replace(/S$/, '')] ?? ''];
  // readSecret: a file other users can read is refused, like every secret file.
  const fromFiles = (settings.brands[brandId]?.identitySecretFiles ?? []).map((f) => readSecret({ file: f, label: `an identity secret of brand ${brandId}` }) ?? '');
  const secrets = [...fromEnv, ...fromFiles].map((x) => x.trim()).filter((x) => x.length > 0);
  for (const x of secrets) {
    if (Buffer.byteLength(x) < 32) throw new Error(`an identity secret of brand ${brandId} is shorter than 32 bytes`);
  }
  return [...new Set(secrets)];
}
