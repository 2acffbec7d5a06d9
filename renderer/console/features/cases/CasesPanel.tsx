// The "Cases" side panel of an open chat: the customer's cases linked to this chat, the way to open
// a new return or claim (a wizard), and the customer's other open cases, which can be linked here.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/protocol/cases';
import type { Conversation } from '../../../../shared/protocol/schemas';
import { useConversation } from '../conversation/conversationStore';
import { StatusBadge } from './CaseBadges';
import { CaseCard } from './CaseCard';
import { CaseWizard } from './CaseWizard';
import { CasesAnnouncer } from './CasesAnnouncer';
import { caseUi, useCases } from './casesStore';
import { caseName } from './caseText';
import { StepRefusal } from './StepRefusal';
import './cases.css';

export function CasesPanel() {
  const conversation = useConversation((s) => (s.selectedId ? s.threads[s.selectedId]?.conversation : undefined));
  if (!conversation) return null;
  // Keyed: each chat has its own folded/unfolded cards and focus.
  return <ChatCases key={conversation.id} conversation={conversation} />;
}

function ChatCases({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const entry = useCases((s) => s.byConversation[conversation.id]);
  const wizard = useCases((s) => s.wizards[conversation.id]);
  const details = useCases((s) => s.details);
  const loadForConversation = useCases((s) => s.loadForConversation);
  const openWizard = useCases((s) => s.openWizard);
  const closeWizard = useCases((s) => s.closeWizard);
  // null: the latest case unfolded; '' : all folded by the agent.
  const [expanded, setExpanded] = useState<string | null>(null);
  const [focusCase, setFocusCase] = useState<string | null>(null);
  const [focusNew, setFocusNew] = useState(false);
  const newReturn = useRef<HTMLButtonElement>(null);

  // Loaded once per chat shown (this component is keyed by it), not on each of its messages; later
  // changes arrive as pushes (casesStore.summaryUpdated).
  const [shownChat] = useState(conversation);
  useEffect(() => {
    void loadForConversation(shownChat);
  }, [shownChat, loadForConversation]);

  useEffect(() => {
    if (focusNew && !wizard) {
      newReturn.current?.focus();
      setFocusNew(false);
    }
  }, [focusNew, wizard]);

  const linked = (entry?.linked ?? []).map((id) => details[id]).filter((d): d is CaseDetail => d !== undefined);
  const others = (entry?.others ?? []).map((id) => details[id]).filter((d): d is CaseDetail => d !== undefined);
  const shown = expanded ?? linked[0]?.id ?? '';

  // A verified customer's orders are found by their email; a guest's typed email finds nothing (issue 12): search by order number.
  const start = (kind: 'rma' | 'claim') => openWizard(conversation.id, kind, conversation.customer.verified ? conversation.customer.email : '');
  const finish = (caseId: string | null) => {
    closeWizard(conversation.id);
    if (caseId) {
      setExpanded(caseId);
      setFocusCase(caseId);
    } else setFocusNew(true);
  };

  return (
    <aside className="cases-panel" aria-labelledby="cases-panel-title" data-testid="cases-panel">
      <div className="cases-panel__head">
        <h2 id="cases-panel-title">{t('cases.title')}</h2>
        <span className="case-muted">{conversation.customer.name}</span>
      </div>
      <CasesAnnouncer />
      {wizard ? (
        <CaseWizard conversation={conversation} wizard={wizard} onFinish={finish} />
      ) : (
        <>
          <div className="cases-panel__new">
            <button ref={newReturn} type="button" className="btn btn--small btn--primary" onClick={() => start('rma')}>
              {t('cases.panel.newReturn')}
            </button>
            <button type="button" className="btn btn--small" onClick={() => start('claim')}>
              {t('cases.panel.newClaim')}
            </button>
          </div>
          {entry?.error ? (
            <div className="form__error cases-panel__error" role="alert">
              <span>{t('cases.panel.loadError', { error: entry.error })}</span>
              <button type="button" className="btn btn--link" onClick={() => void loadForConversation(conversation)}>
                {t('cases.tryAgain')}
              </button>
            </div>
          ) : null}
          {!entry?.loaded ? (
            <p className="case-muted">{entry?.loading ? t('cases.loading') : ''}</p>
          ) : linked.length === 0 ? (
            <p className="case-muted" data-testid="no-cases">
              {t('cases.panel.none')}
            </p>
          ) : null}
          {linked.length ? (
            <ul className="stack case-stack" aria-label={t('cases.panel.linked')}>
              {linked.map((d) => (
                <li key={d.id}>
                  <CaseCard detail={d} expanded={shown === d.id} onToggle={() => setExpanded(shown === d.id ? '' : d.id)} autoFocus={focusCase === d.id} />
                </li>
              ))}
            </ul>
          ) : null}
          {others.length ? <OtherCases cases={others} conversationId={conversation.id} /> : null}
        </>
      )}
    </aside>
  );
}

/** The customer's open cases started from another chat: linking one here sends its news here. */
function OtherCases({ cases, conversationId }: { cases: CaseDetail[]; conversationId: string }) {
  const { t } = useTranslation();
  return (
    <section className="case-section" aria-labelledby="other-cases-title">
      <h3 id="other-cases-title" className="case-section__title">
        {t('cases.panel.others')}
      </h3>
      <ul className="other-cases">
        {cases.map((c) => (
          <OtherCase key={c.id} detail={c} conversationId={conversationId} />
        ))}
      </ul>
    </section>
  );
}

function OtherCase({ detail, conversationId }: { detail: CaseDetail; conversationId: string }) {
  const link = useCases((s) => s.link);
  const clearError = useCases((s) => s.clearError);
  const ui = useCases((s) => caseUi(s, detail.id));
  const { t } = useTranslation();
  return (
    <li className="other-case">
      <span className="other-case__name">{caseName(detail)}</span>
      <StatusBadge status={detail.status} />
      <button type="button" className="btn btn--small" disabled={ui.busy === 'link'} onClick={() => void link(detail.id, conversationId)}>
        {t('cases.panel.link')}
        <span className="visually-hidden">{t('cases.panel.linkWhich', { name: caseName(detail) })}</span>
      </button>
      {ui.error?.action === 'link' ? <StepRefusal error={ui.error} onDismiss={() => clearError(detail.id)} /> : null}
    </li>
  );
}
