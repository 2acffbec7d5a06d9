// What a signed-in console asks of the hub besides chat: its configuration, and the idle lock
// (POLICY §3 "Shared computers": a desk left idle locks and asks for the password again).
import type { ConsoleConfig } from '../../shared/protocol/staff';
import { UnlockBody } from '../../shared/protocol/staff';
import type { StaffAuth } from '../auth/staff';
import { deskBrands } from '../brands';
import type { HubConfig } from '../config';
import type { LiveSettings } from '../settings/liveSettings';
import { parsePayload } from '../realtime/handle';
import type { Router } from './router';

export function registerConsoleRoutes(router: Router, deps: { staff: StaffAuth; config: HubConfig; settings: LiveSettings }) {
  const { staff, config, settings } = deps;
  router
    // Staff only: read per request, so a changed config.json applies at the next sign-in.
    .get('/api/console/config', async ({ bearer }): Promise<ConsoleConfig> => {
      const { user } = await staff.authenticate(bearer);
      const brands = deskBrands(config);
      return {
        idleLockMs: config.policy.chat.idleLockMs,
        deskName: brands[0]!.name,
        messageMaxChars: config.policy.chat.messageMaxChars,
        ackTimeoutMs: config.settings.ackTimeoutMs,
        brands,
        transcriptMonths: config.policy.retention.transcriptMonths,
        privacyDueMonths: config.policy.privacy.dueMonths,
        // Demo values still in use: a banner for those who can act on it (issue 9).
        settingsWarnings: user.role === 'agent' ? [] : settings.warnings(),
      };
    })
    // Remembered so that reloading a locked console comes back locked (GET /api/auth/me says so).
    .post('/api/auth/lock', async ({ bearer }) => {
      await staff.lock((await staff.authenticate(bearer, { whileLocked: true })).session);
      return null;
    })
    .post('/api/auth/unlock', async ({ bearer, body, address }) => {
      const identity = await staff.authenticate(bearer, { whileLocked: true });
      const { password } = parsePayload(UnlockBody, body);
      await staff.unlock(identity, password, address);
      return null;
    });
}
