// An admin limits someone to some of the desk's brands (issue 3): chats and tickets of other
// brands are then neither offered to them nor theirs to take. None checked means every brand,
// including brands added to the desk later.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../../../shared/protocol/staff';
import { errorMessage } from '../../../common/ack';
import { tr } from '../../../common/i18n';
import { useAccounts } from './accountsStore';
import { brandLabel, brandsText, type DeskBrand } from './brands';
import './accounts.css';
import { FormError } from '../../../common/FormError';

export function BrandsForm({ user, brands, onDone }: { user: Account; brands: DeskBrand[]; onDone: () => void }) {
  const id = useId();
  const setBrands = useAccounts((s) => s.setBrands);
  // Kept as the account had them, even a brand the desk no longer configures, until unchecked.
  const listed = [...brands, ...(user.brands ?? []).filter((b) => !brands.some((d) => d.id === b)).map((b) => ({ id: b, name: b }))];
  const [chosen, setChosen] = useState<string[]>(user.brands ?? []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { t } = useTranslation();

  const toggle = (brandId: string, on: boolean) => setChosen((c) => (on ? [...c, brandId] : c.filter((b) => b !== brandId)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await setBrands(user.id, chosen, (u) => (u.brands ? tr('accounts.brands.servesOnly', { name: u.name, brands: brandsText(u.brands, brands) }) : tr('accounts.brands.servesAll', { name: u.name })));
      onDone();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-describedby={error ? `${id}-error` : undefined} data-testid="brands-form">
      <fieldset className="brand-choice" aria-describedby={`${id}-help`}>
        <legend>{t('accounts.brands.legend', { name: user.name })}</legend>
        {listed.map((b, i) => (
          <label key={b.id} className="brand-choice__item">
            <input type="checkbox" autoFocus={i === 0} checked={chosen.includes(b.id)} onChange={(e) => toggle(b.id, e.target.checked)} />
            {brandLabel(b)}
          </label>
        ))}
      </fieldset>
      <p id={`${id}-help`} className="field__help" aria-live="polite">
        {chosen.length === 0 ? t('accounts.brands.noneChecked', { name: user.name }) : t('accounts.brands.someChecked', { name: user.name })}
      </p>
      <FormError error={error} id={`${id}-error`} />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? t('accounts.saving') : t('accounts.brands.save')}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          {t('accounts.cancel')}
        </button>
      </div>
    </form>
  );
}
