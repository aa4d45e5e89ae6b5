import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError, api, call, num, type Schemas } from '../api/client';
import { LanguageSwitch } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { FieldErrors, ProblemAlert } from '../components/Problem';

/** The token sits after '#' in the e-mailed link, so the browser never sends it in a URL: it travels in a header only. */
function tokenFromHash(hash: string): string {
  return decodeURIComponent(hash.replace(/^#/, '').trim());
}

type Answered = Schemas['CaseLinkAnswerResponse'];

/**
 * For a colleague without an account: the collection case an escalation e-mail is about (customer, overdue items, recent
 * actions), read through the signed link, and the form to answer it once. Expired, revoked, used or unknown links say so.
 */
export function CaseLinkPage() {
  const { t, lang } = useI18n();
  const token = useMemo(() => tokenFromHash(window.location.hash), []);
  const [linked, setLinked] = useState<Schemas['LinkedCaseResponse'] | null>(null);
  const [refused, setRefused] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [answered, setAnswered] = useState<Answered | null>(null);
  const headers = useMemo(() => ({ 'X-Link-Token': token }), [token]);
  const money = (amount: number | string, currency: string) =>
    `${num(amount).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
  const date = (value: string) => new Date(value).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });

  useEffect(() => {
    if (!token) {
      setRefused(new ApiError({ status: 404 }));
      return;
    }
    call(api.GET('/api/case-links/case', { params: { header: headers } }))
      .then(setLinked)
      .catch(setRefused);
  }, [token, headers]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setAnswered(await call(api.POST('/api/case-links/answer', { params: { header: headers }, body: { name, answer } })));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (refused) {
    const problem = refused instanceof ApiError ? refused.problem : null;
    const detail = problem?.detail ?? '';
    const message =
      problem?.status === 404 ? t('linkUnknown')
        : /revoked/i.test(detail) ? t('linkRevoked')
        : /expired/i.test(detail) ? t('linkExpired')
        : /answers once/i.test(detail) ? t('linkUsed')
        : null;
    return (
      <main className="dispute-link">
        <h1>{t('caseLinkTitle')}</h1>
        <LanguageSwitch />
        {message ? (
          <div role="alert" className="alert error">
            {message}
          </div>
        ) : (
          <ProblemAlert error={refused} />
        )}
      </main>
    );
  }

  if (!linked) {
    return <p aria-busy="true">{t('loading')}</p>;
  }

  return (
    <main className="dispute-link">
      <h1>
        {t('caseLinkTitle')} {linked.customerName}
      </h1>
      <LanguageSwitch />
      <dl>
        <dt>{t('customer')}</dt>
        <dd>
          {linked.customerName} ({linked.customerReference})
        </dd>
        <dt>{t('status')}</dt>
        <dd>{linked.status}</dd>
        <dt>{t('openedOn')}</dt>
        <dd>{linked.openedOn}</dd>
        <dt>{t('caseLinkOverdue')}</dt>
        <dd>{money(linked.overdueAmount, linked.currency)}</dd>
      </dl>
      <h2>{t('caseLinkItems')}</h2>
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">{t('invoice')}</th>
            <th scope="col">{t('dueDate')}</th>
            <th scope="col">{t('caseLinkDaysLate')}</th>
            <th scope="col">{t('caseLinkAmount')}</th>
          </tr>
        </thead>
        <tbody>
          {linked.items.map((i) => (
            <tr key={i.reference}>
              <td>{i.reference}</td>
              <td>{i.dueDate ?? '—'}</td>
              <td>{num(i.daysPastDue)}</td>
              <td>{money(i.collectibleAmount, i.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('caseLinkRecent')}</h2>
      {linked.recentActions.length === 0 ? (
        <p>{t('caseLinkNoActions')}</p>
      ) : (
        <ul className="timeline" aria-label={t('caseLinkRecent')}>
          {linked.recentActions.map((a, i) => (
            <li key={i}>
              {a.on} <strong>{a.kind}</strong> : {a.text}
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="question-title">
        <h2 id="question-title">{t('caseLinkQuestion')}</h2>
        <p>{linked.question}</p>
        {answered ? (
          <p role="status" className="notice">
            {t('caseLinkAnswerRecorded').replace('{customer}', answered.customerName)}
          </p>
        ) : (
          <form onSubmit={submit} aria-label={t('answer')} noValidate>
            <label htmlFor="link-name">{t('yourName')}</label>
            <input id="link-name" value={name} onChange={(e) => setName(e.target.value)} aria-describedby="link-name-error" autoComplete="name" />
            <FieldErrors error={error} field="name" id="link-name-error" />
            <label htmlFor="link-answer">{t('yourAnswer')}</label>
            <textarea id="link-answer" rows={6} value={answer} onChange={(e) => setAnswer(e.target.value)} aria-describedby="link-answer-error" />
            <FieldErrors error={error} field="answer" id="link-answer-error" />
            <ProblemAlert error={error} shownFields={['name', 'answer']} />
            <p className="hint">{t('linkAnswersOnce').replace('{date}', date(linked.expiresAt))}</p>
            <button type="submit" disabled={busy}>
              {t('sendAnswer')}
            </button>
          </form>
        )}
      </section>
    </main>
  );
}
