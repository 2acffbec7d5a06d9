// "Settings" (admins, issue 9): per brand, what customers see of the desk — its name, the care
// address copies come from, the return address given on every RMA, the widget's greeting and
// accent, the hours. Stored by the hub over config.json and applied at once, without a restart.
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { BrandHours, BrandSettingKey, BrandSettingsValues, BrandSettingsView, SettingSource } from '../../../../shared/protocol/settings';
import { WEEKDAYS } from '../../../../shared/protocol/settings';
import { Announcer } from '../../../common/Announcer';
import { FormError } from '../../../common/FormError';
import { useFocusOnMount } from '../../desk/useFocusOnMount';
import { useSettings } from './settingsStore';
import './settings.css';

const SOURCE_TEXT: Record<SettingSource, string> = {
  console: 'Set here',
  config: 'From config.json',
  default: 'Built-in default',
};

const DAY_NAME: Record<(typeof WEEKDAYS)[number], string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

export function SettingsView() {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const { snapshot, loading, error } = useSettings();
  const load = useSettings((s) => s.load);
  const announcement = useSettings((s) => s.announcement);
  const [brandId, setBrandId] = useState('default');
  const pickId = useId();

  useEffect(() => {
    void load();
  }, [load]);

  const brand = snapshot?.brands.find((b) => b.brandId === brandId) ?? snapshot?.brands[0];
  const warnings = snapshot?.warnings.filter((w) => w.brandId === brand?.brandId) ?? [];

  return (
    <section className="page page--controls settings" aria-labelledby="settings-title">
      <div className="page__head">
        <h2 id="settings-title" ref={heading} tabIndex={-1}>
          Settings
        </h2>
        <p className="page__lead">
          What customers see of each brand. Changes apply at once (the next chat, email or RMA), without restarting the hub; every change is in the audit log.
          The brands themselves, mail server and policy numbers stay in config.json.
        </p>
      </div>
      <Announcer announcement={announcement} testId="settings-announcement" />
      <p className="page__status" role="status">
        {loading && !snapshot ? 'Loading settings…' : ''}
      </p>
      <FormError error={error} className="page__error" />
      {snapshot && brand ? (
        <>
          {snapshot.brands.length > 1 ? (
            <div className="compact-field settings__brand">
              <label htmlFor={pickId}>Brand</label>
              <select id={pickId} value={brand.brandId} onChange={(e) => setBrandId(e.target.value)}>
                {snapshot.brands.map((b) => (
                  <option key={b.brandId} value={b.brandId}>
                    {b.values.deskName} ({b.brandId})
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {warnings.length ? (
            <ul className="settings__warnings" data-testid="settings-brand-warnings">
              {warnings.map((w) => (
                <li key={w.key}>{w.message}</li>
              ))}
            </ul>
          ) : null}
          <BrandForm key={brand.brandId} brand={brand} />
        </>
      ) : null}
    </section>
  );
}

type Draft = Omit<BrandSettingsValues, 'hours'> & { hours: BrandHours; holidaysText: string };

const toDraft = (v: BrandSettingsValues): Draft => ({ ...v, hours: structuredClone(v.hours), holidaysText: v.hours.holidays.join(', ') });

function BrandForm({ brand }: { brand: BrandSettingsView }) {
  const id = useId();
  const save = useSettings((s) => s.save);
  const saving = useSettings((s) => s.saving);
  const [draft, setDraft] = useState<Draft>(() => toDraft(brand.values));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  // Stored (here, by a revert, or by another admin): the form shows what is now in force.
  const stored = `${brand.updatedAt ?? ''}|${JSON.stringify(brand.values)}`;
  useEffect(() => {
    setDraft(toDraft(brand.values));
  }, [stored]);
  const patch = (p: Partial<Draft>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...p }));
  };

  const changed = (): Partial<Record<BrandSettingKey, unknown>> => {
    const v = brand.values;
    const out: Partial<Record<BrandSettingKey, unknown>> = {};
    for (const k of ['deskName', 'careAddress', 'returnAddress', 'greeting', 'accentColor'] as const) {
      const next = draft[k].trim();
      if (next !== v[k]) out[k] = next;
    }
    const holidays = draft.holidaysText
      .split(/[\s,]+/)
      .map((h) => h.trim())
      .filter(Boolean);
    const hours = { ...draft.hours, holidays };
    if (JSON.stringify(hours) !== JSON.stringify(v.hours)) out.hours = hours;
    return out;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const set = changed();
    if (Object.keys(set).length === 0) {
      setError('Nothing has changed.');
      return;
    }
    setError(null);
    const refused = await save({ brandId: brand.brandId, set: set as never });
    if (refused) setError(refused);
    else setSaved(true);
  };

  const revert = async (key: BrandSettingKey) => {
    setError(null);
    const refused = await save({ brandId: brand.brandId, set: { [key]: null } as never });
    if (refused) setError(refused);
  };

  const source = (key: BrandSettingKey) => (
    <span className="settings__source" data-testid={`source-${key}`}>
      {SOURCE_TEXT[brand.sources[key]]}
      {brand.sources[key] === 'console' ? (
        <button type="button" className="btn btn--link" disabled={saving} onClick={() => void revert(key)}>
          Use config.json’s value<span className="visually-hidden"> for the {key}</span>
        </button>
      ) : null}
    </span>
  );

  const setDay = (day: (typeof WEEKDAYS)[number], value: { open: string; close: string } | undefined) =>
    patch({ hours: { ...draft.hours, weekly: { ...draft.hours.weekly, [day]: value } } });

  return (
    <form className="card form settings__form" onSubmit={(e) => void submit(e)} aria-describedby={error ? `${id}-error` : undefined} data-testid="settings-form">
      <h3>{brand.values.deskName}</h3>
      <div className="form--grid">
        <div className="field">
          <label htmlFor={`${id}-desk`}>Desk name</label>
          <input id={`${id}-desk`} required maxLength={80} value={draft.deskName} onChange={(e) => patch({ deskName: e.target.value })} />
          {source('deskName')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-care`}>Care address</label>
          <input id={`${id}-care`} type="email" required value={draft.careAddress} onChange={(e) => patch({ careAddress: e.target.value })} aria-describedby={`${id}-care-help`} />
          <p id={`${id}-care-help`} className="field__help">
            Copies and case emails are sent from it.
          </p>
          {source('careAddress')}
        </div>
        <div className="field form--grid__wide">
          <label htmlFor={`${id}-return`}>Return address</label>
          <textarea id={`${id}-return`} required rows={4} maxLength={500} value={draft.returnAddress} onChange={(e) => patch({ returnAddress: e.target.value })} aria-describedby={`${id}-return-help`} />
          <p id={`${id}-return-help`} className="field__help">
            Given to the customer on every RMA from now on (RMAs already issued keep theirs).
          </p>
          {source('returnAddress')}
        </div>
        <div className="field form--grid__wide">
          <label htmlFor={`${id}-greeting`}>Widget greeting</label>
          <textarea id={`${id}-greeting`} required rows={2} maxLength={300} value={draft.greeting} onChange={(e) => patch({ greeting: e.target.value })} />
          {source('greeting')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-accent`}>Accent colour</label>
          <div className="settings__colour">
            <input type="color" aria-label="Pick the accent colour" value={/^#[0-9a-fA-F]{6}$/.test(draft.accentColor) ? draft.accentColor : '#000000'} onChange={(e) => patch({ accentColor: e.target.value })} />
            <input id={`${id}-accent`} className="input--mono" required pattern="#[0-9a-fA-F]{6}" value={draft.accentColor} onChange={(e) => patch({ accentColor: e.target.value })} aria-describedby={`${id}-accent-help`} />
          </div>
          <p id={`${id}-accent-help`} className="field__help">
            As #RRGGBB; the widget keeps its text readable on it.
          </p>
          {source('accentColor')}
        </div>
      </div>
      <fieldset className="settings__hours">
        <legend>Hours</legend>
        <div className="field">
          <label htmlFor={`${id}-tz`}>Time zone</label>
          <input id={`${id}-tz`} required value={draft.hours.timeZone} onChange={(e) => patch({ hours: { ...draft.hours, timeZone: e.target.value } })} aria-describedby={`${id}-tz-help`} />
          <p id={`${id}-tz-help`} className="field__help">
            An IANA name, e.g. America/New_York or Europe/Paris.
          </p>
        </div>
        <table className="table settings__week">
          <caption className="visually-hidden">Opening hours by day</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Open</th>
              <th scope="col">Opens</th>
              <th scope="col">Closes</th>
            </tr>
          </thead>
          <tbody>
            {WEEKDAYS.map((day) => {
              const h = draft.hours.weekly[day];
              return (
                <tr key={day}>
                  <th scope="row">{DAY_NAME[day]}</th>
                  <td>
                    <input type="checkbox" aria-label={`Open on ${DAY_NAME[day]}`} checked={Boolean(h)} onChange={(e) => setDay(day, e.target.checked ? { open: '10:00', close: '18:00' } : undefined)} />
                  </td>
                  <td>{h ? <input type="time" aria-label={`${DAY_NAME[day]} opens`} value={h.open} onChange={(e) => setDay(day, { ...h, open: e.target.value })} /> : <span className="muted">Closed</span>}</td>
                  <td>{h ? <input type="time" aria-label={`${DAY_NAME[day]} closes`} value={h.close === '24:00' ? '23:59' : h.close} onChange={(e) => setDay(day, { ...h, close: e.target.value })} /> : null}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="field">
          <label htmlFor={`${id}-holidays`}>Closed on</label>
          <input id={`${id}-holidays`} value={draft.holidaysText} onChange={(e) => patch({ holidaysText: e.target.value })} aria-describedby={`${id}-holidays-help`} />
          <p id={`${id}-holidays-help`} className="field__help">
            Dates as YYYY-MM-DD, separated by commas.
          </p>
        </div>
        {source('hours')}
      </fieldset>
      <FormError error={error} id={`${id}-error`} testId="settings-error" />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save settings'}
        </button>
        <button type="button" className="btn btn--ghost" disabled={saving} onClick={() => setDraft(toDraft(brand.values))}>
          Discard changes
        </button>
      </div>
      {saved ? (
        <p className="settings__saved" data-testid="settings-saved">
          Saved. Customers see the new settings from now on.
        </p>
      ) : null}
    </form>
  );
}
