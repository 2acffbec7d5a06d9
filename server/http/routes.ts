// The HTTP API: sign-in and setup for staff, sessions for the widget. Everything else is socket.io.
import { z } from 'zod';
import { Id, LoginBody, SetupBody } from '../../shared/protocol/schemas';
import { WidgetSessionBody } from '../../shared/protocol/identity';
import { DeskError } from '../../shared/protocol/errors';
import type { StaffAuth, SetupGate } from '../auth/staff';
import type { CustomerIdentityService } from '../identity/service';
import type { HubConfig } from '../config';
import { DEFAULT_BRAND, requireBrand, widgetBrand } from '../brands';
import type { Clock } from '../clock';
import { parsePayload } from '../realtime/handle';
import type { Router } from './router';

export function registerRoutes(
  router: Router,
  deps: { staff: StaffAuth; setup: SetupGate; identity: CustomerIdentityService; config: HubConfig; clock: Clock; version: string; onLogout(sessionId: string): void },
) {
  const { staff, setup, identity, config } = deps;
  const ua = (h: string | string[] | undefined) => (typeof h === 'string' ? h.slice(0, 200) : null);

  router
    .get('/api/health', () => ({ status: 'ok', version: deps.version }))
    .get('/api/setup', async () => ({ needsSetup: await staff.needsSetup() }))
    .post('/api/setup', async ({ body, req }) => setup.claim(parsePayload(SetupBody, body), ua(req.headers['user-agent'])))
    .post('/api/auth/login', async ({ body, req, address }) => {
      const b = parsePayload(LoginBody, body);
      return staff.login(b.email, b.password, ua(req.headers['user-agent']), address);
    })
    .post('/api/auth/logout', async ({ bearer }) => {
      const { session } = await staff.authenticate(bearer, { whileLocked: true });
      await staff.logout(session.id);
      deps.onLogout(session.id);
      return null;
    })
    // Allowed while locked: the lock screen needs to know whose password to ask for.
    .get('/api/auth/me', async ({ bearer }) => {
      const { user, session } = await staff.authenticate(bearer, { whileLocked: true });
      // `locked`: the console idle-locked this session; a reload must come back to the lock screen.
      return { user, locked: session.lockedAt !== null };
    })
    .get('/api/auth/sessions', async ({ bearer, url }) => {
      const { user, session } = await staff.authenticate(bearer);
      const of = url.searchParams.get('userId') ?? user.id;
      if (of !== user.id && user.role !== 'admin') throw new DeskError('forbidden', "Only an admin can list another person's sessions.");
      return {
        sessions: (await staff.sessions(of)).map((s) => ({ id: s.id, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, userAgent: s.userAgent, current: s.id === session.id })),
      };
    })
    .post('/api/auth/sessions/revoke', async ({ bearer, body }) => {
      const { user } = await staff.authenticate(bearer);
      const { sessionId } = parsePayload(z.object({ sessionId: Id }), body);
      await staff.revoke(user, sessionId);
      deps.onLogout(sessionId);
      return null;
    })
    .get('/api/widget/config', async ({ url }) => ({
      // Read per request from the live settings (issue 9): a change in the console shows at the next load.
      deskName: widgetBrand(config, DEFAULT_BRAND, deps.clock.now()).name,
      // The brand's look and hours (issue 3): ?brand=ID, default 'default'.
      brand: widgetBrand(config, requireBrand(config, url.searchParams.get('brand') || undefined), deps.clock.now()),
      retentionMonths: config.policy.retention.transcriptMonths,
      messageMaxChars: config.policy.chat.messageMaxChars,
      ackTimeoutMs: config.settings.ackTimeoutMs,
    }))
    // A guest (name, email) or a shopper the store vouches for (identityToken): issue 12.
    .post('/api/widget/session', async ({ body, address }) => identity.startSession(parsePayload(WidgetSessionBody, body), address));
}
