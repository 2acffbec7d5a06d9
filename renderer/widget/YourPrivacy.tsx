// "Your privacy" in the widget (POLICY §3a): ask to see your data, correct it, erase it, or stop
// marketing. The request is about the address this chat was started with; a code emailed to it
// proves the mailbox is yours (a store-verified session needs none). Access then downloads here.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessFiles, PrivacyAsk, PrivacyReceipt } from '../../shared/protocol/privacy';
import { useBusyAction } from '../common/useBusyAction';
import { CorrectionFields, correctionOf, EMPTY_CORRECTION, type CorrectionDraft } from '../common/CorrectionFields';
import { FormError } from '../common/FormError';
import { Emphasis, MARK } from './Emphasis';
import { formatDay } from './widgetFormat';
import { useWidget, widgetLink } from './widgetStore';

type Kind = PrivacyAsk['kind'];
const KINDS: Kind[] = ['access', 'correction', 'erasure', 'optout'];
/** The code a request's email carries (server/privacy): said in the note before it is sent. */
const CODE_DIGITS = 6;

function save(name: string, content: string, type: string) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function YourPrivacy() {
  const { t } = useTranslation();
  const id = useId();
  const brandId = useWidget((s) => s.config?.brand.id);
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<Kind>('access');
  const [wholeGroup, setWholeGroup] = useState(false);
  const [fix, setFix] = useState<CorrectionDraft>(EMPTY_CORRECTION);
  const [receipt, setReceipt] = useState<PrivacyReceipt | null>(null);
  const [code, setCode] = useState('');
  const [files, setFiles] = useState<AccessFiles | null>(null);
  const action = useBusyAction();
  const { busy, error } = action;

  const run = async (fn: () => Promise<void>) => {
    if (!widgetLink()) return action.setError(t('widget.privacy.notConnected'));
    return action.run(fn);
  };
  const ask = () =>
    run(async () => {
      const correction = correctionOf(fix);
      const p: PrivacyAsk = { kind, ...(brandId ? { brandId } : {}), ...(kind === 'optout' && wholeGroup ? { wholeGroup: true } : {}), ...(kind === 'correction' ? { correction } : {}) };
      const r = await widgetLink()!.privacyRequest(p);
      setReceipt(r);
      // A shopper the store vouched for needs no code: the data is ready at once.
      if (r.verification === 'verified' && r.kind === 'access') setFiles(await widgetLink()!.privacyDownload(r.requestId));
    });
  const verify = () =>
    run(async () => {
      const r = await widgetLink()!.privacyVerify(receipt!.requestId, code.trim());
      setReceipt(r);
      if (r.kind === 'access') setFiles(await widgetLink()!.privacyDownload(r.requestId));
    });

  return (
    <section className="your-privacy" aria-labelledby={`${id}-title`} data-testid="your-privacy">
      <div className="your-cases__head">
        <h2 id={`${id}-title`}>{t('widget.privacy.title')}</h2>
        <button type="button" className="btn btn--link" aria-expanded={open} aria-controls={`${id}-body`} onClick={() => setOpen(!open)}>
          {open ? t('widget.more.hide') : t('widget.more.show')}
        </button>
      </div>
      <div id={`${id}-body`} hidden={!open}>
        {!receipt ? (
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              void ask();
            }}
          >
            <fieldset>
              <legend>{t('widget.privacy.question')}</legend>
              {KINDS.map((k) => (
                <label key={k} className="your-privacy__choice">
                  <input type="radio" name={`${id}-kind`} value={k} checked={kind === k} onChange={() => setKind(k)} /> {t(`widget.privacy.kind.${k}`)}
                </label>
              ))}
            </fieldset>
            {kind === 'optout' ? (
              <label className="your-privacy__choice">
                <input type="checkbox" checked={wholeGroup} onChange={(e) => setWholeGroup(e.target.checked)} /> {t('widget.privacy.wholeGroup')}
              </label>
            ) : null}
            {kind === 'correction' ? <CorrectionFields value={fix} onChange={setFix} /> : null}
            <p className="your-privacy__note">{t('widget.privacy.codeNote', { digits: CODE_DIGITS })}</p>
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {busy ? t('widget.more.sending') : t('widget.privacy.send')}
            </button>
          </form>
        ) : (
          <div role="status" data-testid="privacy-receipt">
            <p>
              <Emphasis text={t('widget.privacy.received', { reference: MARK, date: formatDay(receipt.dueAt) })} value={receipt.reference} />
            </p>
            {receipt.verification === 'code_sent' ? (
              <form
                className="form"
                onSubmit={(e) => {
                  e.preventDefault();
                  void verify();
                }}
              >
                <div className="field">
                  <label htmlFor={`${id}-code`}>{t('widget.privacy.codeLabel')}</label>
                  <input id={`${id}-code`} inputMode="numeric" autoComplete="one-time-code" maxLength={CODE_DIGITS} value={code} onChange={(e) => setCode(e.target.value)} />
                </div>
                <button type="submit" className="btn btn--primary" disabled={busy || code.trim().length !== CODE_DIGITS}>
                  {t('widget.verify.confirm')}
                </button>
              </form>
            ) : receipt.kind === 'access' && files ? (
              <div className="your-privacy__files">
                <p>{t('widget.privacy.ready')}</p>
                <button type="button" className="btn" onClick={() => save(files.html.fileName, files.html.content, 'text/html')}>
                  {t('widget.privacy.downloadHtml')}
                </button>{' '}
                <button type="button" className="btn" onClick={() => save(files.json.fileName, files.json.content, 'application/json')}>
                  {t('widget.privacy.downloadJson')}
                </button>
              </div>
            ) : (
              <p>{receipt.state === 'done' ? t('widget.privacy.done') : t('widget.privacy.working')}</p>
            )}
          </div>
        )}
        <FormError error={error} />
      </div>
    </section>
  );
}
