// An admin limits someone to some of the desk's brands (issue 3): chats and tickets of other
// brands are then neither offered to them nor theirs to take. None checked means every brand,
// including brands added to the desk later.
import { useId, useState, type FormEvent } from 'react';
import type { Account } from '../../../../shared/protocol/staff';
import { errorMessage } from '../../../common/ack';
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

  const toggle = (brandId: string, on: boolean) => setChosen((c) => (on ? [...c, brandId] : c.filter((b) => b !== brandId)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await setBrands(user.id, chosen, (u) => (u.brands ? `${u.name} now serves ${brandsText(u.brands, brands)} only.` : `${u.name} now serves every brand.`));
      onDone();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-describedby={error ? `${id}-error` : undefined} data-testid="brands-form">
      <fieldset className="brand-choice" aria-describedby={`${id}-help`}>
        <legend>Brands {user.name} serves</legend>
        {listed.map((b, i) => (
          <label key={b.id} className="brand-choice__item">
            <input type="checkbox" autoFocus={i === 0} checked={chosen.includes(b.id)} onChange={(e) => toggle(b.id, e.target.checked)} />
            {brandLabel(b)}
          </label>
        ))}
      </fieldset>
      <p id={`${id}-help`} className="field__help" aria-live="polite">
        {chosen.length === 0
          ? `None checked: ${user.name} serves every brand, including brands added later.`
          : `${user.name} is offered chats and tickets of the checked brands only.`}
      </p>
      <FormError error={error} id={`${id}-error`} />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save brands'}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
