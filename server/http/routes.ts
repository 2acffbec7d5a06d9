// The HTTP API: sign-in and setup for staff, sessions for the widget. Everything else is socket.io.
import { LoginBody, SetupBody, WidgetSessionBody } from '../../shared/protocol/schemas';
import type { StaffAuth, SetupGate } from '../auth/staff';
import type { WidgetAuth } from '../auth/widget';
import type { HubConfig } from '../config';
import { parsePayload } from '../realtime/handle';
import type { Router } from './router';

export function registerRoutes(
  router: Router,
  deps: { staff: StaffAuth; setup: SetupGate; widget: WidgetAuth; config: HubConfig; version: string; onLogout(sessionId: string): void },
) {
  const { staff, setup, widget, config } = deps;
  const ua = (h: string | string[] | undefined) => (typeof h === 'string' ? h.slice(0, 200) : null);

  router
    .get('/api/health', () => ({ status: 'ok', version: deps.version }))
    .get('/api/setup', () => ({ needsSetup: staff.needsSetup() }))
    .post('/api/setup', ({ body, req }) => setup.claim(parsePayload(SetupBody, body), ua(req.headers['user-agent'])))
    .post('/api/auth/login', ({ body, req }) => {
      const b = parsePayload(LoginBody, body);
      return staff.login(b.email, b.password, ua(req.headers['user-agent']));
    })
    .post('/api/auth/logout', async ({ bearer }) => {
      const { session } = staff.authenticate(bearer);
      await staff.logout(session.id);
      deps.onLogout(session.id);
      return null;
    })
    .get('/api/auth/me', ({ bearer }) => ({ user: staff.authenticate(bearer).user }))
    .get('/api/widget/config', () => ({
      deskName: config.settings.deskName,
      retentionMonths: config.policy.retention.transcriptMonths,
      messageMaxChars: config.policy.chat.messageMaxChars,
      ackTimeoutMs: config.settings.ackTimeoutMs,
    }))
    .post('/api/widget/session', ({ body }) => {
      const b = parsePayload(WidgetSessionBody, body);
      return widget.start(b.name, b.email);
    });
}
