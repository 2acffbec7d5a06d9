// Visible notices beside the live region (Announcer.tsx): the same news for sighted users, at the
// corner of the screen, each with a close button. Not a live region itself — the Announcer speaks —
// so a screen reader does not hear everything twice.
import { useTranslation } from 'react-i18next';

export interface ToastView {
  id: number;
  text: string;
  tone: 'info' | 'warn' | 'ok';
  action?: { label: string; run(): void };
}

/** The close sign: a symbol, named for screen readers by the button's label. */
const CLOSE_SIGN = '×';

export function Toasts({ toasts, onDismiss }: { toasts: ToastView[]; onDismiss(id: number): void }) {
  const { t: say } = useTranslation();
  return (
    <section className="toasts" aria-label={say('toast.label')} data-testid="toasts">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast--${t.tone}`} data-testid="toast">
          <p className="toast__text">{t.text}</p>
          <div className="toast__actions">
            {t.action ? (
              <button
                type="button"
                className="btn btn--small"
                onClick={() => {
                  t.action!.run();
                  onDismiss(t.id);
                }}
              >
                {t.action.label}
              </button>
            ) : null}
            <button type="button" className="btn btn--ghost btn--small toast__close" onClick={() => onDismiss(t.id)} aria-label={say('toast.dismiss', { text: t.text })}>
              {CLOSE_SIGN}
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}
