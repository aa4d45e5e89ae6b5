import { api, call, num } from '../api/client';
import { LanguageSwitch } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { LinkQuestion, LinkRefused, useLinkFormat, useSignedLink } from '../components/SignedLink';

/**
 * For a colleague without an account: the collection case an escalation e-mail is about (customer, overdue items, recent
 * actions), read through the signed link, and the form to answer it once. Expired, revoked, used or unknown links say so.
 */
export function CaseLinkPage() {
  const { t } = useI18n();
  const { money } = useLinkFormat();
  const { subject: linked, refused, answered, form } = useSignedLink(
    (header) => call(api.GET('/api/case-links/case', { params: { header } })),
    (header, body) => call(api.POST('/api/case-links/answer', { params: { header }, body })),
  );

  if (refused) {
    return <LinkRefused title={t('caseLinkTitle')} error={refused} />;
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
      <LinkQuestion
        heading={t('caseLinkQuestion')}
        question={<p>{linked.question}</p>}
        recorded={answered ? t('caseLinkAnswerRecorded').replace('{customer}', answered.customerName) : null}
        expiresAt={linked.expiresAt}
        form={form}
      />
    </main>
  );
}
