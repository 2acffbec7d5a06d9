// "Settings" (admins, issue 9): per brand, what customers see of the desk — its name, the care
// address copies come from, the return address given on every RMA, the widget's greeting and
// accent, the hours. Stored by the hub over config.json and applied at once, without a restart.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BrandHours, BrandSettingKey, BrandSettingsValues, BrandSettingsView, SettingSource } from '../../../../shared/protocol/settings';
import { WEEKDAYS } from '../../../../shared/protocol/settings';
import { Announcer } from '../../../common/Announcer';
import { FormError } from '../../../common/FormError';
import type { MessageKey } from '../../../common/i18n';
import { useFocusOnMount } from '../../desk/useFocusOnMount';
import { useSettings } from './settingsStore';
import { FIELD_NAME, dayName, warningText } from './settingsText';
import './settings.css';

const SOURCE_TEXT: Record<SettingSource, MessageKey> = {
  console: 'settings.source.console',
  config: 'settings.source.config',
  default: 'settings.source.default',
};

export function SettingsView() {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const { snapshot, loading, error } = useSettings();
  const load = useSettings((s) => s.load);
  const announcement = useSettings((s) => s.announcement);
  const [brandId, setBrandId] = useState('default');
  const pickId = useId();
  const { t } = useTranslation();

  useEffect(() => {
    void load();
  }, [load]);

  const brand = snapshot?.brands.find((b) => b.brandId === brandId) ?? snapshot?.brands[0];
  const warnings = snapshot?.warnings.filter((w) => w.brandId === brand?.brandId) ?? [];

  return (
    <section className="page page--controls settings" aria-labelledby="settings-title">
      <div className="page__head">
        <h2 id="settings-title" ref={heading} tabIndex={-1}>
          {t('settings.title')}
        </h2>
        <p className="page__lead">{t('settings.lead')}</p>
      </div>
      <Announcer announcement={announcement} testId="settings-announcement" />
      <p className="page__status" role="status">
        {loading && !snapshot ? t('settings.loading') : ''}
      </p>
      <FormError error={error} className="page__error" />
      {snapshot && brand ? (
        <>
          {snapshot.brands.length > 1 ? (
            <div className="compact-field settings__brand">
              <label htmlFor={pickId}>{t('settings.brand')}</label>
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
                <li key={w.key}>{warningText(w)}</li>
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
  const { t } = useTranslation();
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
      setError(t('settings.unchanged'));
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
      {t(SOURCE_TEXT[brand.sources[key]])}
      {brand.sources[key] === 'console' ? (
        <button type="button" className="btn btn--link" disabled={saving} onClick={() => void revert(key)}>
          {t('settings.useConfig')}
          <span className="visually-hidden"> {t('settings.useConfigFor', { field: t(FIELD_NAME[key]) })}</span>
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
          <label htmlFor={`${id}-desk`}>{t('settings.label.deskName')}</label>
          <input id={`${id}-desk`} required maxLength={80} value={draft.deskName} onChange={(e) => patch({ deskName: e.target.value })} />
          {source('deskName')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-care`}>{t('settings.label.careAddress')}</label>
          <input id={`${id}-care`} type="email" dir="ltr" required value={draft.careAddress} onChange={(e) => patch({ careAddress: e.target.value })} aria-describedby={`${id}-care-help`} />
          <p id={`${id}-care-help`} className="field__help">
            {t('settings.help.careAddress')}
          </p>
          {source('careAddress')}
        </div>
        <div className="field form--grid__wide">
          <label htmlFor={`${id}-return`}>{t('settings.label.returnAddress')}</label>
          <textarea id={`${id}-return`} required rows={4} maxLength={500} value={draft.returnAddress} onChange={(e) => patch({ returnAddress: e.target.value })} aria-describedby={`${id}-return-help`} />
          <p id={`${id}-return-help`} className="field__help">
            {t('settings.help.returnAddress')}
          </p>
          {source('returnAddress')}
        </div>
        <div className="field form--grid__wide">
          <label htmlFor={`${id}-greeting`}>{t('settings.label.greeting')}</label>
          <textarea id={`${id}-greeting`} required rows={2} maxLength={300} value={draft.greeting} onChange={(e) => patch({ greeting: e.target.value })} />
          {source('greeting')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-accent`}>{t('settings.label.accentColor')}</label>
          <div className="settings__colour">
            <input type="color" aria-label={t('settings.pickColour')} value={/^#[0-9a-fA-F]{6}$/.test(draft.accentColor) ? draft.accentColor : '#000000'} onChange={(e) => patch({ accentColor: e.target.value })} />
            <input id={`${id}-accent`} dir="ltr" className="input--mono" required pattern="#[0-9a-fA-F]{6}" value={draft.accentColor} onChange={(e) => patch({ accentColor: e.target.value })} aria-describedby={`${id}-accent-help`} />
          </div>
          <p id={`${id}-accent-help`} className="field__help">
            {t('settings.help.accentColor')}
          </p>
          {source('accentColor')}
        </div>
      </div>
      <fieldset className="settings__hours">
        <legend>{t('settings.label.hours')}</legend>
        <div className="field">
          <label htmlFor={`${id}-tz`}>{t('settings.label.timeZone')}</label>
          <input id={`${id}-tz`} dir="ltr" required value={draft.hours.timeZone} onChange={(e) => patch({ hours: { ...draft.hours, timeZone: e.target.value } })} aria-describedby={`${id}-tz-help`} />
          <p id={`${id}-tz-help`} className="field__help">
            {t('settings.help.timeZone')}
          </p>
        </div>
        <table className="table settings__week">
          <caption className="visually-hidden">{t('settings.week.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('settings.week.day')}</th>
              <th scope="col">{t('settings.week.open')}</th>
              <th scope="col">{t('settings.week.opens')}</th>
              <th scope="col">{t('settings.week.closes')}</th>
            </tr>
          </thead>
          <tbody>
            {WEEKDAYS.map((day) => {
              const h = draft.hours.weekly[day];
              const name = dayName(day);
              return (
                <tr key={day}>
                  <th scope="row">{name}</th>
                  <td>
                    <input type="checkbox" aria-label={t('settings.week.openOn', { day: name })} checked={Boolean(h)} onChange={(e) => setDay(day, e.target.checked ? { open: '10:00', close: '18:00' } : undefined)} />
                  </td>
                  <td>{h ? <input type="time" aria-label={t('settings.week.dayOpens', { day: name })} value={h.open} onChange={(e) => setDay(day, { ...h, open: e.target.value })} /> : <span className="muted">{t('settings.week.closed')}</span>}</td>
                  <td>{h ? <input type="time" aria-label={t('settings.week.dayCloses', { day: name })} value={h.close === '24:00' ? '23:59' : h.close} onChange={(e) => setDay(day, { ...h, close: e.target.value })} /> : null}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="field">
          <label htmlFor={`${id}-holidays`}>{t('settings.label.holidays')}</label>
          <input id={`${id}-holidays`} dir="ltr" value={draft.holidaysText} onChange={(e) => patch({ holidaysText: e.target.value })} aria-describedby={`${id}-holidays-help`} />
          <p id={`${id}-holidays-help`} className="field__help">
            {t('settings.help.holidays')}
          </p>
        </div>
        {source('hours')}
      </fieldset>
      <FormError error={error} id={`${id}-error`} testId="settings-error" />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={saving}>
          {saving ? t('settings.saving') : t('settings.save')}
        </button>
        <button type="button" className="btn btn--ghost" disabled={saving} onClick={() => setDraft(toDraft(brand.values))}>
          {t('settings.discard')}
        </button>
      </div>
      {saved ? (
        <p className="settings__saved" data-testid="settings-saved">
          {t('settings.saved')}
        </p>
      ) : null}
    </form>
  );
}
