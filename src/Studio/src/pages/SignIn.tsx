import { useState, type FormEvent } from 'react';
import { useI18n } from '../app/i18n';
import { useSession } from '../app/session';
import { FieldErrors, ProblemAlert } from '../components/Problem';
import { LanguageSwitch } from '../app/Shell';

export function SignInPage() {
  const { t } = useI18n();
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>{t('appName')}</h1>
      <LanguageSwitch />
      <form onSubmit={submit} aria-label={t('signIn')} noValidate>
        <label htmlFor="email">{t('email')}</label>
        <input id="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} aria-describedby="email-error" />
        <FieldErrors error={error} field="email" id="email-error" />
        <label htmlFor="password">{t('password')}</label>
        <input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby="password-error" />
        <FieldErrors error={error} field="password" id="password-error" />
        <ProblemAlert error={error} shownFields={['email', 'password']} />
        <button type="submit" disabled={busy}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
      <p>
        <a href="/scalar">API</a>
      </p>
    </main>
  );
}
