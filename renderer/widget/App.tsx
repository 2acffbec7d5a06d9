import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { accentProperties } from '../common/accentPalette';
import { ChatView } from './ChatView';
import { ClosedView } from './ClosedView';
import { StartForm } from './StartForm';
import { useWidget } from './widgetStore';

export function App() {
  const { t } = useTranslation();
  const phase = useWidget((s) => s.phase);
  const deskName = useWidget((s) => s.config?.brand.name ?? s.config?.deskName);
  const accent = useWidget((s) => s.config?.brand.accentColor);
  // The brand's look: the whole palette follows its accent, texts on it kept at 4.5:1.
  const look = accent ? (accentProperties(accent) as CSSProperties) : undefined;
  return (
    <div className="widget" style={look} data-testid="widget">
      <header className="widget__head">
        <h1>{deskName ?? t('widget.deskNameFallback')}</h1>
        <p>{t('widget.tagline')}</p>
      </header>
      <main className="widget__main">
        <Body phase={phase} />
      </main>
    </div>
  );
}

function Body({ phase }: { phase: ReturnType<typeof useWidget.getState>['phase'] }) {
  const status = useWidget((s) => s.status);
  const error = useWidget((s) => s.error);
  const init = useWidget((s) => s.init);
  const { t } = useTranslation();
  switch (phase) {
    case 'loading':
      return (
        <p className="widget__loading" role="status">
          {status === 'reconnecting' || status === 'connecting' ? t('widget.connecting') : t('widget.loading')}
        </p>
      );
    case 'unreachable':
      return (
        <div className="widget__loading">
          <p className="form__error" role="alert">
            {error}
          </p>
          <button type="button" className="btn btn--primary" onClick={() => void init()}>
            {t('widget.tryAgain')}
          </button>
        </div>
      );
    case 'form':
      return <StartForm />;
    case 'chat':
      return <ChatView />;
    case 'closed':
      return <ClosedView />;
  }
}
