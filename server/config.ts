// Hub configuration: DEFAULT_POLICY from shared/, overridden by `config.json` in the data folder.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_POLICY, mergePolicy, type DeskPolicy, type PolicyOverrides } from '../shared/domain/config';

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
};

const ConfigFile = z.object({
  policy: z.record(z.string(), z.unknown()).optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
});

export const CONFIG_FILE = 'config.json';

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
  const settings = { ...DEFAULT_SETTINGS, ...(file.settings as Partial<HubSettings>), ...overrides.settings };
  return { policy, settings };
}
