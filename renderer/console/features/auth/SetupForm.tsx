import { useState, type FormEvent } from 'react';
import { AuthScreen } from './AuthScreen';
import { useAuth } from './authStore';
import { FormError } from '../../../common/FormError';

const MIN_PASSWORD = 10;

export function SetupForm() {
  const { claimSetup, busy, error } = useAuth();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void claimSetup({ code: code.trim(), name: name.trim(), email: email.trim(), password });
  };

  return (
    <AuthScreen title="Set up the desk">
      <p className="lead">This desk has no administrator yet. Create the first admin account to start.</p>
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="setup-code">Setup code</label>
          <input
            id="setup-code"
            autoComplete="off"
            spellCheck={false}
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
            aria-describedby="setup-code-help"
            className="input--mono"
          />
          <p id="setup-code-help" className="field__help">
            The setup code is printed by the hub in its terminal/log when it starts (a line like “create the first admin with setup code
            ABCD-1234-EF56”). It works once.
          </p>
        </div>
        <div className="field">
          <label htmlFor="setup-name">Name</label>
          <input id="setup-name" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="setup-email">Email</label>
          <input id="setup-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="setup-password">Password</label>
          <input
            id="setup-password"
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-describedby="setup-password-help"
          />
          <p id="setup-password-help" className="field__help">
            At least {MIN_PASSWORD} characters.
          </p>
        </div>
        <FormError error={error} />
        <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
          {busy ? 'Creating…' : 'Create admin and sign in'}
        </button>
      </form>
    </AuthScreen>
  );
}
