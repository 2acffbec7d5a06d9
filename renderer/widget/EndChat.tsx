// "End chat" for the customer (issue 9): asks first — ending cannot be undone, the conversation
// closes for both sides — then the ended panel asks how it went and offers the copy.
import { useEffect, useRef, useState } from 'react';
import { FormError } from '../common/FormError';
import { useWidget } from './widgetStore';

export function EndChat() {
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
        End chat
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
        <strong>End this chat?</strong> You will not be able to write in it again; you can start a new one.
      </p>
      <div className="end-chat__buttons">
        <button ref={keep} type="button" className="btn btn--small" onClick={cancel} disabled={busy}>
          Keep chatting
        </button>
        <button type="button" className="btn btn--small btn--primary" disabled={busy} onClick={() => void endChat().then((ended) => ended && setAsking(false))}>
          {busy ? 'Ending…' : 'Yes, end the chat'}
        </button>
      </div>
      <FormError error={error} />
    </div>
  );
}
