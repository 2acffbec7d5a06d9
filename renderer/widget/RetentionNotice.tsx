import { useWidget } from './widgetStore';

export function RetentionNotice() {
  const months = useWidget((s) => s.config?.retentionMonths);
  if (!months) return null;
  return (
    <p className="retention" data-testid="retention-notice">
      This chat is recorded for security and quality and kept for {months} months.
    </p>
  );
}
