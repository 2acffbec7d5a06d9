// Hub configuration: DEFAULT_POLICY from shared/, overridden by `config.json` in the data folder.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_POLICY, mergePolicy, type DeskPolicy, type HoursPolicy, type PolicyOverrides } from '../shared/domain/config';

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
  /** Sign-in throttling: this many failures within the window lock the account (and address). */
  loginMaxFailures: number;
  loginFailureWindowMs: number;
  loginLockMs: number;
  /** Outgoing mail (transcript copies). */
  smtp: SmtpSettings;
  /** Per-brand desk name and care address; a brand not listed uses deskName and smtp.from. */
  brands: Record<string, BrandSettings>;
  /** Messages per transcripts:get page when the client asks for none, and the most it may ask. */
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
  /** Mail to the brands' care addresses becomes tickets (issue 10; docs/OPERATIONS.md, "Email"). */
  inboundMail: InboundMailSettings;
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
  pass: string;
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
  pass?: string;
  /** The sender address when the brand has no care address of its own. */
  from: string;
  /** Give up on an unreachable server after this long; the copy is recorded as failed. */
  connectionTimeoutMs: number;
}

export interface BrandSettings {
  deskName?: string;
  /** The brand's customer-care address: copies are sent from it (POLICY §3). */
  careAddress?: string;
  /** Where this brand's returns go (several lines). */
  returnAddress?: string;
  /** The widget's look (issue 3); defaults: widgetAccentColor, widgetGreeting. */
  accentColor?: string;
  greeting?: string;
  /** The brand's own hours, field by field over policy.hours (time zone, weekly, holidays). */
  hours?: Partial<HoursPolicy>;
  /** Read the care address's mailbox over IMAP; without it, mail arrives through the SMTP listener. */
  imap?: ImapSettings;
  /** A logo for emails and PDF copies (an https URL for emails). */
  logoUrl?: string;
}

export interface HubConfig {
  policy: DeskPolicy;
  settings: HubSettings;
}

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
};

const ConfigFile = z.object({
  policy: z.record(z.string(), z.unknown()).optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
});

export const CONFIG_FILE = 'config.json';

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

export function loadConfig(dataDir: string, overrides: { policy?: PolicyOverrides; settings?: Partial<HubSettings> } = {}): HubConfig {
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
  const fileSettings = (file.settings ?? {}) as Partial<HubSettings>;
  const settings = { ...DEFAULT_SETTINGS, ...fileSettings, ...overrides.settings };
  // SMTP is merged field by field: setting only the host must not drop the default port or sender.
  settings.smtp = { ...DEFAULT_SETTINGS.smtp, ...fileSettings.smtp, ...overrides.settings?.smtp };
  settings.uploads = { ...DEFAULT_SETTINGS.uploads, ...fileSettings.uploads, ...overrides.settings?.uploads };
  settings.inboundMail = { ...DEFAULT_SETTINGS.inboundMail, ...fileSettings.inboundMail, ...overrides.settings?.inboundMail };
  return { policy, settings };
}
