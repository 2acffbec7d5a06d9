// The customer panel's privacy line (issue 13): the marketing opt-outs with time and source, and
// what staff were told about age — an agent flags a customer as under 13, a supervisor confirms
// and everything held about them is erased at once (POLICY §3a); an under-16's guardian agreement.
import { useEffect, useId, useState } from 'react';
import type { PrivacyKind } from '../../../../shared/domain/privacy';
import type { CustomerPrivacy as Privacy } from '../../../../shared/protocol/privacy';
import { errorMessage } from '../../../common/ack';
import { FormError } from '../../../common/FormError';
import { useBusyAction } from '../../../common/useBusyAction';
import { getLink } from '../../desk/linkRef';
import { useAuth } from '../auth/authStore';
import { maySupervise } from '../../DeskNav';

const day = (iso: string) => iso.slice(0, 10);

const LOG_KINDS: { value: PrivacyKind; label: string }[] = [
  { value: 'access', label: 'See their data' },
  { value: 'correction', label: 'Correct their details' },
  { value: 'erasure', label: 'Erase their data' },
  { value: 'optout', label: 'Stop marketing' },
  { value: 'guardian_erasure', label: 'A parent asks to erase a child’s data' },
];

export function CustomerPrivacy({ customerId, email, conversationId }: { customerId: string; email: string; conversationId: string }) {
  const role = useAuth((s) => s.user?.role);
  const [p, setP] = useState<Privacy | null>(null);
  const [erased, setErased] = useState<string | null>(null);
  const { busy, error, setError, run } = useBusyAction();
  const [kind, setKind] = useState<PrivacyKind>('access');
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
      <h3 className="customer-panel__sub">Privacy</h3>
      <p data-testid="customer-optouts">
        {p.optOuts.length === 0
          ? 'Marketing: no opt-out.'
          : p.optOuts.map((o) => `No marketing ${o.brandId ? `from ${o.brandId}` : 'from the whole group'} since ${day(o.at)} (${o.source})`).join('; ')}
      </p>
      {p.guardianAgreementAt ? <p>Guardian agreement recorded {day(p.guardianAgreementAt)}.</p> : null}
      {p.under13FlaggedAt ? <p data-testid="under13-flagged">Flagged as under 13 on {day(p.under13FlaggedAt)}: a supervisor confirms, then everything is erased.</p> : null}
      <div className="privacy-inline">
        {!p.under13FlaggedAt ? (
          <button type="button" className="btn btn--ghost" disabled={busy} onClick={() => void run(async () => setP(await getLink().privacy.flagUnder13(customerId)))}>
            Flag as under 13
          </button>
        ) : maySupervise(role) ? (
          <button
            type="button"
            className="btn btn--danger"
            disabled={busy}
            onClick={() =>
              void run(async () => {
                const r = await getLink().privacy.confirmUnder13(customerId);
                setErased(r.postponed.length ? `Erased, but for what a hold or an open case keeps: ${r.postponed.map((x) => x.detail).join('; ')}.` : 'Confirmed under 13: everything held about this customer was erased.');
              })
            }
          >
            Confirm under 13 and erase everything
          </button>
        ) : null}
        {!p.guardianAgreementAt ? (
          <button type="button" className="btn btn--ghost" disabled={busy} onClick={() => void run(async () => setP(await getLink().privacy.guardianAgreement(customerId)))}>
            Record guardian agreement (under 16)
          </button>
        ) : null}
      </div>
      <form
        className="privacy-inline"
        aria-label="Log a privacy request"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const r = await getLink().privacy.log({ kind, email, source: 'chat', sourceRef: conversationId });
            setLogged(`Logged ${r.reference}; a supervisor verifies and carries it out (due ${day(r.dueAt)}).`);
          });
        }}
      >
        <label htmlFor={kindId}>The customer asks to</label>
        <select id={kindId} value={kind} onChange={(e) => setKind(e.target.value as PrivacyKind)}>
          {LOG_KINDS.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </select>
        <button type="submit" className="btn btn--ghost" disabled={busy}>
          Log privacy request
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
