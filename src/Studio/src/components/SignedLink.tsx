import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, num } from '../api/client';
import { LanguageSwitch } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { FieldErrors, ProblemAlert } from './Problem';

/** The token sits after '#' in the e-mailed link, so the browser never sends it in a URL: it travels in a header only. */
function tokenFromHash(hash: string): string {
  return decodeURIComponent(hash.replace(/^#/, '').trim());
}

export type LinkHeaders = { 'X-Link-Token': string };

/**
 * The state of a page opened from a signed link (a colleague without an account): the subject read with the token, and
 * the one answer the link allows.
 */
export function useSignedLink<TSubject, TAnswered>(
  read: (headers: LinkHeaders) => Promise<TSubject>,
  send: (headers: LinkHeaders, body: { name: string; answer: string }) => Promise<TAnswered>,
) {
  const token = useMemo(() => tokenFromHash(window.location.hash), []);
  const headers = useMemo(() => ({ 'X-Link-Token': token }), [token]);
  const [subject, setSubject] = useState<TSubject | null>(null);
  const [refused, setRefused] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [answered, setAnswered] = useState<TAnswered | null>(null);

  useEffect(() => {
    if (!token) {
      setRefused(new ApiError({ status: 404 }));
      return;
    }
    read(headers).then(setSubject).catch(setRefused);
    // `read` is the page's own call, the same on every render: the link is read once per token.
  }, [token, headers]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setAnswered(await send(headers, { name, answer }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return { subject, refused, answered, form: { name, setName, answer, setAnswer, error, busy, submit } };
}

export type LinkForm = ReturnType<typeof useSignedLink>['form'];

/** Amounts and instants in the reader's language. */
export function useLinkFormat() {
  const { lang } = useI18n();
  const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';
  return {
    money: (amount: number | string, currency: string) =>
      `${num(amount).toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`,
    date: (value: string) => new Date(value).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }),
  };
}

/** Why the link cannot be read: unknown, revoked, expired or already used, or the API's own problem. */
export function LinkRefused({ title, error }: { title: string; error: unknown }) {
  const { t } = useI18n();
  const problem = error instanceof ApiError ? error.problem : null;
  const detail = problem?.detail ?? '';
  const message =
    problem?.status === 404 ? t('linkUnknown')
      : /revoked/i.test(detail) ? t('linkRevoked')
      : /expired/i.test(detail) ? t('linkExpired')
      : /answers once/i.test(detail) ? t('linkUsed')
      : null;
  return (
    <main className="dispute-link">
      <h1>{title}</h1>
      <LanguageSwitch />
      {message ? (
        <div role="alert" className="alert error">
          {message}
        </div>
      ) : (
        <ProblemAlert error={error} />
      )}
    </main>
  );
}

/** The question, then either the notice of the recorded answer or the form (name and answer, once, before `expiresAt`). */
export function LinkQuestion(props: { heading: string; question: ReactNode; recorded: string | null; expiresAt: string; form: LinkForm }) {
  const { t } = useI18n();
  const { date } = useLinkFormat();
  const { form } = props;
  return (
    <section aria-labelledby="question-title">
      <h2 id="question-title">{props.heading}</h2>
      {props.question}
      {props.recorded !== null ? (
        <p role="status" className="notice">
          {props.recorded}
        </p>
      ) : (
        <form onSubmit={form.submit} aria-label={t('answer')} noValidate>
          <label htmlFor="link-name">{t('yourName')}</label>
          <input id="link-name" value={form.name} onChange={(e) => form.setName(e.target.value)} aria-describedby="link-name-error" autoComplete="name" />
          <FieldErrors error={form.error} field="name" id="link-name-error" />
          <label htmlFor="link-answer">{t('yourAnswer')}</label>
          <textarea id="link-answer" rows={6} value={form.answer} onChange={(e) => form.setAnswer(e.target.value)} aria-describedby="link-answer-error" />
          <FieldErrors error={form.error} field="answer" id="link-answer-error" />
          <ProblemAlert error={form.error} shownFields={['name', 'answer']} />
          <p className="hint">{t('linkAnswersOnce').replace('{date}', date(props.expiresAt))}</p>
          <button type="submit" disabled={form.busy}>
            {t('sendAnswer')}
          </button>
        </form>
      )}
    </section>
  );
}
