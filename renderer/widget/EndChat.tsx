// "End chat" for the customer (issue 9): asks first — ending cannot be undone, the conversation
// closes for both sides — then the ended panel asks how it went and offers the copy.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../common/FormError';
import { useWidget } from './widgetStore';

export function EndChat() {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const busy = useWidget((s) => s.ending.busy);
  const error = useWidget((s) => s.ending.error);
  const endChat = useWidget((s) => s.endChat);
  const keep = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLButtonElement>(null);

  // The question takes focus on its safe answer; closing it gives focus back to "End chat".
  useEffect(() => {
    if (asking) keep.current?.focus();
  }, [asking]);

  if (!asking) {
    return (
      <button ref={opener} type="button" className="btn btn--small end-chat__open" onClick={() => setAsking(true)} data-testid="end-chat">
        {t('widget.end.open')}
      </button>
    );
  }
  const cancel = () => {
    setAsking(false);
    setTimeout(() => opener.current?.focus(), 0);
  };
  return (
    <div
      className="end-chat"
      role="group"
      aria-labelledby="end-chat-question"
      data-testid="end-chat-confirm"
      onKeyDown={(e) => {
        if (e.key === 'Escape') cancel();
      }}
    >
      <p id="end-chat-question">
        <strong>{t('widget.end.question')}</strong> {t('widget.end.explain')}
      </p>
      <div className="end-chat__buttons">
        <button ref={keep} type="button" className="btn btn--small" onClick={cancel} disabled={busy}>
          {t('widget.end.keep')}
        </button>
        <button type="button" className="btn btn--small btn--primary" disabled={busy} onClick={() => void endChat().then((ended) => ended && setAsking(false))}>
          {busy ? t('widget.end.ending') : t('widget.end.confirm')}
        </button>
      </div>
      <FormError error={error} />
    </div>
  );
}
