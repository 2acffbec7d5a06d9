import { useTranslation } from 'react-i18next';
import { useWidget } from './widgetStore';

export function RetentionNotice() {
  const months = useWidget((s) => s.config?.retentionMonths);
  const { t } = useTranslation();
  if (!months) return null;
  return (
    <p className="retention" data-testid="retention-notice">
      {t('widget.retention', { months })}
    </p>
  );
}
