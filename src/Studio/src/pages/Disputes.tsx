import { useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { call, num } from '../api/client';
import { useCompany, useCompanyApi } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { FieldErrors, ProblemAlert } from '../components/Problem';
import { Loaded, SubTabs, Table, money, useLoad } from '../components/ui';
import { DisputeReasons, OpenDisputeForm } from '../forms/DisputeForms';

const STATUSES = ['', 'Open', 'WaitingForCustomer', 'WaitingInternally', 'Resolved', 'Rejected', 'Cancelled'];

export function DisputesPage() {
  const { t, lang } = useI18n();
  const { companyId, can } = useCompany();
  const client = useCompanyApi();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const tab = params.get('tab') === 'reasons' ? 'reasons' : 'list';
  const list = useLoad(() => call(client.GET('/api/companies/{companyId}/disputes', { params: { query: { status: status || undefined, PageSize: 200 } } })), [client, status]);
  const [opening, setOpening] = useState(false);
  const [opened, setOpened] = useState<string | null>(null);
  return (
    <section aria-labelledby="disputes-title">
      <h1 id="disputes-title">{t('disputes')}</h1>
      <SubTabs
        label={t('disputes')}
        current={tab}
        onChange={(k) => setParams({ tab: k })}
        tabs={[
          { key: 'list', label: t('actDisputeList') },
          { key: 'reasons', label: t('actDisputeReasons') },
        ]}
      />
      {tab === 'reasons' && <DisputeReasons />}
      {tab === 'list' && (
      <>
      {can.operate && (
        <button type="button" aria-expanded={opening} onClick={() => setOpening((o) => !o)}>
          {t('actOpenDispute')}
        </button>
      )}
      {opening && (
        <OpenDisputeForm
          onDone={(id) => {
            setOpening(false);
            setOpened(id);
            list.reload();
          }}
        />
      )}
      {opened && (
        <p role="status">
          {t('actDisputeOpened')} <Link to={`/c/${companyId}/disputes/${opened}`}>{t('open')}</Link>
        </p>
      )}
      <label className="inline">
        {t('status')}{' '}
        <select value={status} onChange={(e) => setParams((p) => { p.set('status', e.target.value); return p; })}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s || t('all')}
            </option>
          ))}
        </select>
      </label>
      <Loaded state={list}>
        {(page) => (
          <Table
            caption={t('disputes')}
            rows={page.items}
            rowKey={(d) => d.id}
            empty={t('noDisputes')}
            columns={[
              { header: t('reference'), cell: (d) => <Link to={`/c/${companyId}/disputes/${d.id}`}>{d.reference}</Link> },
              { header: t('reasonCode'), cell: (d) => d.reason },
              { header: t('disputedAmount'), cell: (d) => money(d.amount, d.currency, lang), numeric: true },
              { header: t('owner'), cell: (d) => d.ownerEmail ?? d.ownerDepartment },
              { header: t('status'), cell: (d) => d.status },
              { header: t('openedOn'), cell: (d) => d.openedOn },
              { header: t('dueDate'), cell: (d) => d.dueDate },
            ]}
          />
        )}
      </Loaded>
      </>
      )}
    </section>
  );
}

type Decision = 'resolve' | 'reject' | 'cancel';

export function DisputePage() {
  const { t, lang } = useI18n();
  const { companyId, can } = useCompany();
  const { disputeId = '' } = useParams();
  const client = useCompanyApi();
  const detail = useLoad(() => call(client.GET('/api/companies/{companyId}/disputes/{disputeId}', { params: { path: { disputeId } } })), [client, disputeId]);
  const [decision, setDecision] = useState<Decision>('resolve');
  const [comment, setComment] = useState('');
  const [creditNote, setCreditNote] = useState('');
  const [accepted, setAccepted] = useState<Record<string, string>>({});
  const [actionError, setActionError] = useState<unknown>(null);
  const [done, setDone] = useState('');

  const act = async (e: FormEvent) => {
    e.preventDefault();
    if (!detail.data) return;
    const d = detail.data.dispute;
    setActionError(null);
    setDone('');
    const path = { params: { path: { disputeId } } };
    try {
      if (decision === 'resolve') {
        const lines = d.lines.filter((l) => accepted[l.invoiceId] !== undefined && accepted[l.invoiceId] !== '');
        const partial = lines.some((l) => Number(accepted[l.invoiceId]) < num(l.amount));
        await call(
          client.POST('/api/companies/{companyId}/disputes/{disputeId}/resolve', {
            ...path,
            body: {
              outcome: partial ? 'PartiallyAccepted' : 'CreditNoteExpected',
              accepted: lines.length ? lines.map((l) => ({ invoiceId: l.invoiceId, amount: Number(accepted[l.invoiceId]) })) : null,
              comment: comment || null,
              creditNoteReference: creditNote || null,
              version: d.version,
            },
          }),
        );
      } else {
        const url = decision === 'reject' ? '/api/companies/{companyId}/disputes/{disputeId}/reject' : '/api/companies/{companyId}/disputes/{disputeId}/cancel';
        await call(client.POST(url, { ...path, body: { comment: comment || null, version: d.version } }));
      }
      setDone(t('saved'));
      detail.reload();
    } catch (err) {
      setActionError(err);
    }
  };

  return (
    <section aria-labelledby="dispute-title">
      <Link to={`/c/${companyId}/disputes`}>{t('back')}</Link>
      <Loaded state={detail}>
        {({ dispute: d, timeline, documents }) => {
          const closed = !!d.closedOn;
          return (
            <>
              <h1 id="dispute-title">
                {d.reference} — {d.status}
              </h1>
              <dl className="facts">
                <dt>{t('reasonCode')}</dt>
                <dd>{d.reason}</dd>
                <dt>{t('disputedAmount')}</dt>
                <dd>{money(d.amount, d.currency, lang)}</dd>
                <dt>{t('owner')}</dt>
                <dd>{d.ownerEmail ?? d.ownerDepartment}</dd>
                <dt>{t('openedOn')}</dt>
                <dd>{d.openedOn}</dd>
                <dt>{t('dueDate')}</dt>
                <dd>{d.dueDate}</dd>
                <dt>{t('description')}</dt>
                <dd>{d.description}</dd>
                {d.outcome && (
                  <>
                    <dt>{t('outcome')}</dt>
                    <dd>
                      {d.outcome} {d.resolutionComment && `— ${d.resolutionComment}`}
                    </dd>
                  </>
                )}
              </dl>
              <h2>{t('invoicesInDispute')}</h2>
              <Table
                caption={t('invoicesInDispute')}
                rows={d.lines}
                rowKey={(l) => l.invoiceId}
                columns={[
                  { header: t('invoice'), cell: (l) => l.invoiceReference },
                  { header: t('dueDate'), cell: (l) => l.invoiceDueDate ?? '—' },
                  { header: t('disputedAmount'), cell: (l) => money(l.amount, d.currency, lang), numeric: true },
                  { header: t('acceptedAmount'), cell: (l) => money(l.acceptedAmount, d.currency, lang), numeric: true },
                ]}
              />
              {can.operate && !closed && (
                <form onSubmit={act} aria-label={t('decideDispute')} className="panel">
                  <h2>{t('decideDispute')}</h2>
                  <div role="radiogroup" aria-label={t('decision')}>
                    {(['resolve', 'reject', 'cancel'] as const).map((k) => (
                      <label key={k} className="inline">
                        <input type="radio" name="decision" checked={decision === k} onChange={() => setDecision(k)} /> {t(`dispute_${k}`)}
                      </label>
                    ))}
                  </div>
                  {decision === 'resolve' && (
                    <>
                      {d.lines.map((l) => (
                        <label key={l.invoiceId}>
                          {t('acceptedAmount')} {l.invoiceReference} ({t('max')} {money(l.amount, d.currency, lang)}){' '}
                          <input type="number" step="0.01" min="0" value={accepted[l.invoiceId] ?? ''} placeholder={String(num(l.amount))} onChange={(e) => setAccepted((a) => ({ ...a, [l.invoiceId]: e.target.value }))} aria-describedby="accepted-error" />
                        </label>
                      ))}
                      <FieldErrors error={actionError} field="accepted" id="accepted-error" />
                      <label>
                        {t('creditNoteReference')} <input value={creditNote} onChange={(e) => setCreditNote(e.target.value)} aria-describedby="creditNoteReference-error" />
                        <FieldErrors error={actionError} field="creditNoteReference" id="creditNoteReference-error" />
                      </label>
                    </>
                  )}
                  <label>
                    {t('comment')} <textarea value={comment} onChange={(e) => setComment(e.target.value)} aria-describedby="comment-error" />
                    <FieldErrors error={actionError} field="comment" id="comment-error" />
                  </label>
                  <button type="submit">{t('apply')}</button>
                  {done && <p role="status">{done}</p>}
                  <ProblemAlert error={actionError} shownFields={['accepted', 'creditNoteReference', 'comment']} />
                </form>
              )}
              <h2>{t('timeline')}</h2>
              {timeline.length === 0 ? (
                <p className="empty">{t('nothingYet')}</p>
              ) : (
                <ol className="journal">
                  {timeline.map((n) => (
                    <li key={n.id}>
                      <time dateTime={n.at}>{n.at.replace('T', ' ').slice(0, 16)}</time> <strong>{n.kind}</strong> {n.author}: {n.text}
                    </li>
                  ))}
                </ol>
              )}
              <h2>{t('documents')}</h2>
              {documents.length === 0 ? (
                <p className="empty">{t('noDocuments')}</p>
              ) : (
                <ul>
                  {documents.map((doc) => (
                    <li key={doc.id}>
                      <a href={`/api/companies/${companyId}/disputes/${disputeId}/documents/${doc.id}`}>{doc.fileName}</a>
                    </li>
                  ))}
                </ul>
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
