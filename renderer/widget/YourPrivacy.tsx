// "Your privacy" in the widget (POLICY §3a): ask to see your data, correct it, erase it, or stop
// marketing. The request is about the address this chat was started with; a code emailed to it
// proves the mailbox is yours (a store-verified session needs none). Access then downloads here.
import { useId, useState } from 'react';
import type { AccessFiles, PrivacyAsk, PrivacyReceipt } from '../../shared/protocol/privacy';
import { useBusyAction } from '../common/useBusyAction';
import { FormError } from '../common/FormError';
import { useWidget, widgetLink } from './widgetStore';

type Kind = PrivacyAsk['kind'];
const KINDS: { value: Kind; label: string }[] = [
  { value: 'access', label: 'See the data you hold about me' },
  { value: 'correction', label: 'Correct my details' },
  { value: 'erasure', label: 'Erase my data' },
  { value: 'optout', label: 'Stop marketing emails' },
];

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
  const id = useId();
  const brandId = useWidget((s) => s.config?.brand.id);
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<Kind>('access');
  const [wholeGroup, setWholeGroup] = useState(false);
  const [fix, setFix] = useState({ name: '', phone: '', address: '' });
  const [receipt, setReceipt] = useState<PrivacyReceipt | null>(null);
  const [code, setCode] = useState('');
  const [files, setFiles] = useState<AccessFiles | null>(null);
  const action = useBusyAction();
  const { busy, error } = action;

  const run = async (fn: () => Promise<void>) => {
    if (!widgetLink()) return action.setError('Not connected. Try again in a moment.');
    return action.run(fn);
  };
  const ask = () =>
    run(async () => {
      const correction = Object.fromEntries(Object.entries(fix).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]));
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
        <h2 id={`${id}-title`}>Your privacy</h2>
        <button type="button" className="btn btn--link" aria-expanded={open} aria-controls={`${id}-body`} onClick={() => setOpen(!open)}>
          {open ? 'Hide' : 'Show'}
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
              <legend>What would you like us to do?</legend>
              {KINDS.map((k) => (
                <label key={k.value} className="your-privacy__choice">
                  <input type="radio" name={`${id}-kind`} value={k.value} checked={kind === k.value} onChange={() => setKind(k.value)} /> {k.label}
                </label>
              ))}
            </fieldset>
            {kind === 'optout' ? (
              <label className="your-privacy__choice">
                <input type="checkbox" checked={wholeGroup} onChange={(e) => setWholeGroup(e.target.checked)} /> From every brand of the group, not only this one
              </label>
            ) : null}
            {kind === 'correction' ? (
              <>
                {(['name', 'phone', 'address'] as const).map((f) => (
                  <div className="field" key={f}>
                    <label htmlFor={`${id}-${f}`}>Correct {f} to</label>
                    <input id={`${id}-${f}`} value={fix[f]} onChange={(e) => setFix({ ...fix, [f]: e.target.value })} />
                  </div>
                ))}
              </>
            ) : null}
            <p className="your-privacy__note">We will email a 6-digit code to the address you gave, to make sure it is you.</p>
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {busy ? 'Sending…' : 'Send my request'}
            </button>
          </form>
        ) : (
          <div role="status" data-testid="privacy-receipt">
            <p>
              Your request <strong>{receipt.reference}</strong> is received. We will complete it by {receipt.dueAt.slice(0, 10)}.
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
                  <label htmlFor={`${id}-code`}>The code we emailed you</label>
                  <input id={`${id}-code`} inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} onChange={(e) => setCode(e.target.value)} />
                </div>
                <button type="submit" className="btn btn--primary" disabled={busy || code.trim().length !== 6}>
                  Confirm
                </button>
              </form>
            ) : receipt.kind === 'access' && files ? (
              <div className="your-privacy__files">
                <p>Your data is ready.</p>
                <button type="button" className="btn" onClick={() => save(files.html.fileName, files.html.content, 'text/html')}>
                  Download (readable page)
                </button>{' '}
                <button type="button" className="btn" onClick={() => save(files.json.fileName, files.json.content, 'application/json')}>
                  Download (JSON file)
                </button>
              </div>
            ) : (
              <p>{receipt.state === 'done' ? 'Done. Thank you.' : 'Thank you: you are verified. Our team is on it and will email you when it is done.'}</p>
            )}
          </div>
        )}
        <FormError error={error} />
      </div>
    </section>
  );
}
