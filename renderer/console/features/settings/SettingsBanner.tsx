// The demo-settings warning (issue 9): while a customer-facing setting still has its shipped
// placeholder, admins and supervisors see it on every screen, with the way to fix it.
import { useTranslation } from 'react-i18next';
import type { SettingsWarning } from '../../../../shared/protocol/settings';
import { useAuth } from '../auth/authStore';
import { useConnection } from '../connection/connectionStore';
import { useSettings } from './settingsStore';
import { warningText } from './settingsText';
import './settings.css';

const NONE: SettingsWarning[] = [];

export function SettingsBanner({ onOpenSettings }: { onOpenSettings(): void }) {
  const role = useAuth((s) => s.user?.role);
  const initial = useConnection((s) => s.settings?.settingsWarnings ?? NONE);
  const live = useSettings((s) => s.warnings);
  const warnings = live ?? initial;
  const { t } = useTranslation();
  if (role === 'agent' || warnings.length === 0) return null;
  return (
    <section className="banner banner--demo" aria-label={t('settings.banner.label')} data-testid="settings-warning">
      <p className="banner__title">{t('settings.banner.title')}</p>
      <ul className="banner__list">
        {warnings.map((w) => (
          <li key={`${w.brandId}-${w.key}`}>{warningText(w)}</li>
        ))}
      </ul>
      {role === 'admin' ? (
        <button type="button" className="btn btn--small" onClick={onOpenSettings}>
          {t('settings.banner.open')}
        </button>
      ) : (
        <p className="banner__hint">{t('settings.banner.hint')}</p>
      )}
    </section>
  );
}
