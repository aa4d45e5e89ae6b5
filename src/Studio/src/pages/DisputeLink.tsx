import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError, api, call, num, type Schemas } from '../api/client';
import { LanguageSwitch } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { FieldErrors, ProblemAlert } from '../components/Problem';

/** The token sits after '#' in the e-mailed link, so the browser never sends it in a URL: it travels in a header only. */
function tokenFromHash(hash: string): string {
  return decodeURIComponent(hash.replace(/^#/, '').trim());
}

type Answered = Schemas['LinkAnswerResponse'];

/**
 * For a colleague without an account: the dispute an internal request is about, read through the signed link, and the form
 * to answer it once. Expired, revoked, used or unknown links say so instead.
 */
export function DisputeLinkPage() {
  const { t, lang } = useI18n();
  const token = useMemo(() => tokenFromHash(window.location.hash), []);
  const [dispute, setDispute] = useState<Schemas['LinkedDisputeResponse'] | null>(null);
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
    call(api.GET('/api/dispute-links/dispute', { params: { header: headers } }))
      .then(setDispute)
      .catch(setRefused);
  }, [token, headers]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setAnswered(await call(api.POST('/api/dispute-links/answer', { params: { header: headers }, body: { name, answer } })));
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
        <h1>{t('disputeLinkTitle')}</h1>
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

  if (!dispute) {
    return <p aria-busy="true">{t('loading')}</p>;
  }

  return (
    <main className="dispute-link">
      <h1>
        {t('disputeLinkTitle')} {dispute.reference}
      </h1>
      <LanguageSwitch />
      <dl>
        <dt>{t('customer')}</dt>
        <dd>{dispute.customerName}</dd>
        <dt>{t('reason')}</dt>
        <dd>{dispute.reason}</dd>
        <dt>{t('status')}</dt>
        <dd>{dispute.status}</dd>
        <dt>{t('disputedAmount')}</dt>
        <dd>{money(dispute.amount, dispute.currency)}</dd>
        <dt>{t('openedOn')}</dt>
        <dd>{dispute.openedOn}</dd>
        <dt>{t('dueDate')}</dt>
        <dd>{dispute.dueDate}</dd>
      </dl>
      <h2>{t('description')}</h2>
      <p>{dispute.description}</p>
      <h2>{t('invoicesInDispute')}</h2>
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">{t('invoice')}</th>
            <th scope="col">{t('dueDate')}</th>
            <th scope="col">{t('disputedAmount')}</th>
          </tr>
        </thead>
        <tbody>
          {dispute.invoices.map((i) => (
            <tr key={i.invoiceId}>
              <td>{i.invoiceReference}</td>
              <td>{i.invoiceDueDate ?? '—'}</td>
              <td>{money(i.amount, dispute.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('documents')}</h2>
      {dispute.documentNames.length === 0 ? (
        <p>{t('noDocuments')}</p>
      ) : (
        <ul aria-label={t('documents')}>
          {dispute.documentNames.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
      {dispute.comments.length > 0 && (
        <>
          <h2>{t('commentsForYou')}</h2>
          <ul className="timeline" aria-label={t('commentsForYou')}>
            {dispute.comments.map((c, i) => (
              <li key={i}>
                <strong>{c.author}</strong> ({date(c.at)}) : {c.text}
              </li>
            ))}
          </ul>
        </>
      )}
      <section aria-labelledby="question-title">
        <h2 id="question-title">{t('questionFor').replace('{department}', dispute.department)}</h2>
        <p>
          <em>{dispute.askedBy}</em> : {dispute.question}
        </p>
        {answered ? (
          <p role="status" className="notice">
            {t('answerRecorded').replace('{reference}', answered.disputeReference)}
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
            <p className="hint">{t('linkAnswersOnce').replace('{date}', date(dispute.expiresAt))}</p>
            <button type="submit" disabled={busy}>
              {t('sendAnswer')}
            </button>
          </form>
        )}
      </section>
    </main>
  );
}
