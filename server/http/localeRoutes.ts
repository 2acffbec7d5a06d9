// The console's language, per staff account (issue 10): read after sign-in, changed from the
// console's language picker. Customers' languages travel with their chats and tickets instead.
import { z } from 'zod';
import { DEFAULT_LOCALE, isLocale, LOCALES } from '../../shared/i18n/locales';
import type { StaffAuth } from '../auth/staff';
import { parsePayload } from '../realtime/handle';
import type { StoreApi } from '../store/api';
import type { Router } from './router';

export const ConsoleLocaleBody = z.object({ locale: z.enum(LOCALES) }).strict();

export function registerLocaleRoutes(router: Router, deps: { staff: StaffAuth; store: StoreApi }) {
  router
    .get('/api/auth/locale', async ({ bearer }) => {
      const { user } = await deps.staff.authenticate(bearer);
      const stored = await deps.store.users.locale(user.id);
      return { locale: isLocale(stored) ? stored : DEFAULT_LOCALE };
    })
    .post('/api/auth/locale', async ({ bearer, body }) => {
      const { user } = await deps.staff.authenticate(bearer);
      const { locale } = parsePayload(ConsoleLocaleBody, body);
      await deps.store.writeCalls((tx) => tx.users.setLocale(user.id, locale));
      return { locale };
    });
}
