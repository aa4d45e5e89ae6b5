import { api, call } from '../api/client';
import { LanguageSwitch } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { LinkQuestion, LinkRefused, useLinkFormat, useSignedLink } from '../components/SignedLink';

/**
 * For a colleague without an account: the dispute an internal request is about, read through the signed link, and the form
 * to answer it once. Expired, revoked, used or unknown links say so instead.
 */
export function DisputeLinkPage() {
  const { t } = useI18n();
  const { money, date } = useLinkFormat();
  const { subject: dispute, refused, answered, form } = useSignedLink(
    (header) => call(api.GET('/api/dispute-links/dispute', { params: { header } })),
    (header, body) => call(api.POST('/api/dispute-links/answer', { params: { header }, body })),
  );

  if (refused) {
    return <LinkRefused title={t('disputeLinkTitle')} error={refused} />;
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
      <LinkQuestion
        heading={t('questionFor').replace('{department}', dispute.department)}
        question={
          <p>
            <em>{dispute.askedBy}</em> : {dispute.question}
          </p>
        }
        recorded={answered ? t('answerRecorded').replace('{reference}', answered.disputeReference) : null}
        expiresAt={dispute.expiresAt}
        form={form}
      />
    </main>
  );
}
