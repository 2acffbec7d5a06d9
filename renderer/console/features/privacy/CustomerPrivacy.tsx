// The customer panel's privacy line (issue 13): the marketing opt-outs with time and source, and
// what staff were told about age — an agent flags a customer as under 13, a supervisor confirms
// and everything held about them is erased at once (POLICY §3a); an under-16's guardian agreement.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrivacyKind } from '../../../../shared/domain/privacy';
import type { CustomerPrivacy as Privacy } from '../../../../shared/protocol/privacy';
import { errorMessage } from '../../../common/ack';
import { tr, type MessageKey } from '../../../common/i18n';
import { FormError } from '../../../common/FormError';
import { useBusyAction } from '../../../common/useBusyAction';
import { getLink } from '../../desk/linkRef';
import { useAuth } from '../auth/authStore';
import { maySupervise } from '../../DeskNav';
import { CorrectionFields, correctionOf, EMPTY_CORRECTION, type CorrectionDraft } from '../../../common/CorrectionFields';
import { formatUtcDay, sourceLabel } from './privacyText';

// What the customer asks, as the agent would put it (the Privacy section names the kinds formally).
const LOG_KINDS: { value: PrivacyKind; label: MessageKey }[] = [
  { value: 'access', label: 'privacy.ask.access' },
  { value: 'correction', label: 'privacy.ask.correction' },
  { value: 'erasure', label: 'privacy.ask.erasure' },
  { value: 'optout', label: 'privacy.ask.optout' },
  { value: 'guardian_erasure', label: 'privacy.ask.guardian_erasure' },
];

const optOutLine = (o: Privacy['optOuts'][number]) =>
  o.brandId
    ? tr('privacy.panel.optOutBrand', { brand: o.brandId, date: formatUtcDay(o.at), source: sourceLabel(o.source) })
    : tr('privacy.panel.optOutAll', { date: formatUtcDay(o.at), source: sourceLabel(o.source) });

export function CustomerPrivacy({ customerId, email, conversationId }: { customerId: string; email: string; conversationId: string }) {
  const { t } = useTranslation();
  const role = useAuth((s) => s.user?.role);
  const [p, setP] = useState<Privacy | null>(null);
  const [erased, setErased] = useState<string | null>(null);
  const { busy, error, setError, run } = useBusyAction();
  const [kind, setKind] = useState<PrivacyKind>('access');
  const [fix, setFix] = useState<CorrectionDraft>(EMPTY_CORRECTION);
  const [logged, setLogged] = useState<string | null>(null);
  const kindId = useId();

  useEffect(() => {
    getLink()
      .privacy.customer(customerId)
      .then(setP, (e: unknown) => setError(errorMessage(e)));
  }, [customerId]);

  if (erased) return <p className="privacy-panel" role="status" data-testid="under13-erased">{erased}</p>;
  if (!p) return error ? <FormError error={error} /> : null;
  return (
    <div className="privacy-panel" data-testid="customer-privacy">
      <h3 className="customer-panel__sub">{t('privacy.panel.title')}</h3>
      <p data-testid="customer-optouts">
        {p.optOuts.length === 0 ? t('privacy.panel.noOptOut') : p.optOuts.map(optOutLine).join('; ')}
      </p>
      {p.guardianAgreementAt ? <p>{t('privacy.panel.guardianRecorded', { date: formatUtcDay(p.guardianAgreementAt) })}</p> : null}
      {p.under13FlaggedAt ? <p data-testid="under13-flagged">{t('privacy.panel.under13Flagged', { date: formatUtcDay(p.under13FlaggedAt) })}</p> : null}
      <div className="privacy-inline">
        {!p.under13FlaggedAt ? (
          <button type="button" className="btn btn--ghost" disabled={busy} onClick={() => void run(async () => setP(await getLink().privacy.flagUnder13(customerId)))}>
            {t('privacy.panel.flagUnder13')}
          </button>
        ) : maySupervise(role) ? (
          <button
            type="button"
            className="btn btn--danger"
            disabled={busy}
            onClick={() =>
              void run(async () => {
                const r = await getLink().privacy.confirmUnder13(customerId);
                setErased(
                  r.postponed.length
                    ? tr('privacy.panel.erasedButKept', { detail: r.postponed.map((x) => x.detail).join('; ') })
                    : tr('privacy.panel.erasedAll'),
                );
              })
            }
          >
            {t('privacy.panel.confirmUnder13')}
          </button>
        ) : null}
        {!p.guardianAgreementAt ? (
          <button type="button" className="btn btn--ghost" disabled={busy} onClick={() => void run(async () => setP(await getLink().privacy.guardianAgreement(customerId)))}>
            {t('privacy.panel.guardianAgreement')}
          </button>
        ) : null}
      </div>
      <form
        className="privacy-inline"
        aria-label={t('privacy.panel.logForm')}
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const correction = kind === 'correction' ? correctionOf(fix) : undefined;
            const r = await getLink().privacy.log({ kind, email, source: 'chat', sourceRef: conversationId, ...(correction ? { correction } : {}) });
            setFix(EMPTY_CORRECTION);
            setLogged(tr('privacy.panel.logged', { reference: r.reference, date: formatUtcDay(r.dueAt) }));
          });
        }}
      >
        <label htmlFor={kindId}>{t('privacy.panel.asks')}</label>
        <select id={kindId} value={kind} onChange={(e) => setKind(e.target.value as PrivacyKind)}>
          {LOG_KINDS.map((k) => (
            <option key={k.value} value={k.value}>
              {t(k.label)}
            </option>
          ))}
        </select>
        {kind === 'correction' ? <CorrectionFields value={fix} onChange={setFix} /> : null}
        <button type="submit" className="btn btn--ghost" disabled={busy}>
          {t('privacy.panel.logSubmit')}
        </button>
      </form>
      {logged ? (
        <p role="status" data-testid="privacy-logged">
          {logged}
        </p>
      ) : null}
      <FormError error={error} />
    </div>
  );
}
