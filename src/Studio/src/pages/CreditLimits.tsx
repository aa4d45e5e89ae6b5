import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { call, num, type Schemas } from '../api/client';
import { useCompany, useCompanyApi } from '../app/Shell';
import { CreditRequestForm, CreditSettingsPanel } from '../forms/CreditForms';
import { useI18n } from '../app/i18n';
import { CustomerLink, customerLabel } from '../components/CustomerLink';
import { FieldErrors, ProblemAlert } from '../components/Problem';
import { Loaded, SubTabs, Table, money, useCustomerNames, useLoad } from '../components/ui';

type Tab = 'requests' | 'limits' | 'checks' | 'alerts' | 'settings';

/** Credit limits: requests with their decision, the limits and a customer's history, the order-check history, the alerts. */
export function CreditLimitsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = (params.get('tab') as Tab | null) ?? 'requests';
  return (
    <section aria-labelledby="credit-title">
      <h1 id="credit-title">{t('credit')}</h1>
      <SubTabs
        label={t('credit')}
        current={tab}
        onChange={(k) => setParams({ tab: k })}
        tabs={[
          { key: 'requests', label: t('creditRequests') },
          { key: 'limits', label: t('creditLimitsList') },
          { key: 'checks', label: t('orderChecks') },
          { key: 'alerts', label: t('alerts') },
          { key: 'settings', label: t('actCreditSettings') },
        ]}
      />
      {tab === 'requests' && <Requests />}
      {tab === 'limits' && <Limits />}
      {tab === 'checks' && <Checks />}
      {tab === 'alerts' && <Alerts />}
      {tab === 'settings' && <CreditSettingsPanel />}
    </section>
  );
}

function Requests() {
  const { t, lang } = useI18n();
  const client = useCompanyApi();
  const customerName = useCustomerNames(client);
  const [status, setStatus] = useState('Pending');
  const list = useLoad(() => call(client.GET('/api/companies/{companyId}/credit/requests', { params: { query: { status: status || undefined, pageSize: 200 } } })), [client, status]);
  const [selected, setSelected] = useState<Schemas['CreditRequestResponse'] | null>(null);
  const { can } = useCompany();
  const [asking, setAsking] = useState(false);
  const [sent, setSent] = useState(false);
  return (
    <>
      {can.operate && (
        <button type="button" aria-expanded={asking} onClick={() => setAsking((a) => !a)}>
          {t('actNewCreditRequest')}
        </button>
      )}
      {asking && (
        <CreditRequestForm
          onDone={() => {
            setAsking(false);
            setSent(true);
            list.reload();
          }}
        />
      )}
      {sent && <p role="status">{t('actRequestSent')}</p>}
      <label className="inline">
        {t('status')}{' '}
        <select value={status} onChange={(e) => setStatus(e.target.value)}>
          {['', 'Pending', 'Approved', 'Rejected'].map((s) => (
            <option key={s} value={s}>
              {s || t('all')}
            </option>
          ))}
        </select>
      </label>
      <Loaded state={list}>
        {(page) => (
          <Table
            caption={t('creditRequests')}
            rows={page.items}
            rowKey={(r) => r.id}
            empty={t('noCreditRequests')}
            columns={[
              { header: t('requestedAt'), cell: (r) => r.requestedAt.slice(0, 10) },
              { header: t('customer'), cell: (r) => <CustomerLink id={r.customerId} label={customerLabel(r.customerId, r.customerReference, r.customerName, customerName)} /> },
              { header: t('amountLabel'), cell: (r) => money(r.amount, r.currency, lang), numeric: true },
              { header: t('reason'), cell: (r) => r.reason },
              { header: t('requiredRole'), cell: (r) => r.requiredRole },
              { header: t('status'), cell: (r) => r.status },
              { header: '', cell: (r) => (r.status === 'Pending' ? <button type="button" onClick={() => setSelected(r)}>{t('decide')}</button> : r.decidedBy ?? '') },
            ]}
          />
        )}
      </Loaded>
      {selected && (
        <DecideRequest
          request={selected}
          onDone={() => {
            setSelected(null);
            list.reload();
          }}
        />
      )}
    </>
  );
}

function DecideRequest({ request, onDone }: { request: Schemas['CreditRequestResponse']; onDone: () => void }) {
  const { t, lang } = useI18n();
  const client = useCompanyApi();
  const [decision, setDecision] = useState<'Approve' | 'Reject'>('Approve');
  const [amount, setAmount] = useState(String(num(request.amount)));
  const [reviewDate, setReviewDate] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await call(
        client.POST('/api/companies/{companyId}/credit/requests/{requestId}/decision', {
          params: { path: { requestId: request.id } },
          body: { decision, amount: decision === 'Approve' ? Number(amount) : null, reviewDate: reviewDate || null, validUntil: null, comment: comment || null, version: request.version },
        }),
      );
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={submit} className="panel" aria-label={t('decide')}>
      <h2>
        {t('decide')}: {money(request.amount, request.currency, lang)} — {request.reason}
      </h2>
      <div role="radiogroup" aria-label={t('decision')}>
        <label className="inline">
          <input type="radio" name="credit-decision" checked={decision === 'Approve'} onChange={() => setDecision('Approve')} /> {t('approve')}
        </label>
        <label className="inline">
          <input type="radio" name="credit-decision" checked={decision === 'Reject'} onChange={() => setDecision('Reject')} /> {t('reject')}
        </label>
      </div>
      {decision === 'Approve' && (
        <>
          <label>
            {t('amountLabel')} ({request.currency}) <input type="number" step="0.01" value={amount} onChange={(e) => setAmount(e.target.value)} aria-describedby="amount-error" />
            <FieldErrors error={error} field="amount" id="amount-error" />
          </label>
          <label>
            {t('reviewDate')} <input type="date" value={reviewDate} onChange={(e) => setReviewDate(e.target.value)} aria-describedby="reviewDate-error" />
            <FieldErrors error={error} field="reviewDate" id="reviewDate-error" />
          </label>
        </>
      )}
      <label>
        {t('comment')} <input value={comment} onChange={(e) => setComment(e.target.value)} aria-describedby="comment-error" />
        <FieldErrors error={error} field="comment" id="comment-error" />
      </label>
      <button type="submit">{t('apply')}</button>
      <ProblemAlert error={error} shownFields={['amount', 'reviewDate', 'comment']} />
    </form>
  );
}

function Limits() {
  const { t, lang } = useI18n();
  const client = useCompanyApi();
  const customerName = useCustomerNames(client);
  const list = useLoad(() => call(client.GET('/api/companies/{companyId}/credit/limits', { params: { query: { pageSize: 200 } } })), [client]);
  const [customerId, setCustomerId] = useState<string | null>(null);
  return (
    <>
      <Loaded state={list}>
        {(page) => (
          <Table
            caption={t('creditLimitsList')}
            rows={page.items}
            rowKey={(l) => l.id}
            empty={t('noLimits')}
            columns={[
              { header: t('customer'), cell: (l) => <><button type="button" className="link" onClick={() => setCustomerId(l.customerId)}>{customerLabel(l.customerId, l.customerReference, l.customerName, customerName)}</button> <CustomerLink id={l.customerId} label={t('customer360')} /></> },
              { header: t('amountLabel'), cell: (l) => money(l.amount, l.currency, lang), numeric: true },
              { header: t('riskClass'), cell: (l) => l.riskClass ?? '—' },
              { header: t('reviewDate'), cell: (l) => l.reviewDate ?? '—' },
              { header: t('validUntil'), cell: (l) => l.validUntil ?? '—' },
            ]}
          />
        )}
      </Loaded>
      {customerId && <LimitHistory customerId={customerId} />}
    </>
  );
}

function LimitHistory({ customerId }: { customerId: string }) {
  const { t, lang } = useI18n();
  const client = useCompanyApi();
  const state = useLoad(() => call(client.GET('/api/companies/{companyId}/credit/limits/{customerId}', { params: { path: { customerId } } })), [client, customerId]);
  return (
    <section className="panel" aria-label={t('limitHistory')}>
      <h2>{t('limitHistory')}</h2>
      <Loaded state={state}>
        {(h) => (
          <Table
            caption={t('limitHistory')}
            rows={h.history}
            rowKey={(c) => c.id}
            columns={[
              { header: t('date'), cell: (c) => c.at.slice(0, 10) },
              { header: t('amountLabel'), cell: (c) => money(c.amount, c.currency, lang), numeric: true },
              { header: t('reason'), cell: (c) => c.reason },
              { header: t('requestedBy'), cell: (c) => c.requestedBy },
              { header: t('approvedBy'), cell: (c) => `${c.approvedBy}${c.approverRole ? ` (${c.approverRole})` : ''}` },
            ]}
          />
        )}
      </Loaded>
    </section>
  );
}

function Checks() {
  const { t, lang } = useI18n();
  const client = useCompanyApi();
  const customerName = useCustomerNames(client);
  const [decision, setDecision] = useState('');
  const list = useLoad(() => call(client.GET('/api/companies/{companyId}/credit/checks', { params: { query: { decision: decision || undefined, pageSize: 200 } } })), [client, decision]);
  return (
    <>
      <label className="inline">
        {t('decision')}{' '}
        <select value={decision} onChange={(e) => setDecision(e.target.value)}>
          {['', 'Approved', 'Blocked'].map((s) => (
            <option key={s} value={s}>
              {s || t('all')}
            </option>
          ))}
        </select>
      </label>
      <Loaded state={list}>
        {(page) => (
          <Table
            caption={t('orderChecks')}
            rows={page.items}
            rowKey={(c) => c.id}
            empty={t('noChecks')}
            columns={[
              { header: t('date'), cell: (c) => c.checkedAt.replace('T', ' ').slice(0, 16) },
              { header: t('customer'), cell: (c) => <CustomerLink id={c.customerId} label={customerLabel(c.customerId, c.customerReference, c.customerName, customerName)} /> },
              { header: t('order'), cell: (c) => c.orderReference ?? '—' },
              { header: t('amountLabel'), cell: (c) => money(c.amount, c.currency, lang), numeric: true },
              { header: t('decision'), cell: (c) => `${c.decision}${c.reasons.length ? ` (${c.reasons.join(', ')})` : ''}` },
              { header: t('exposure'), cell: (c) => money(c.exposure, c.limitCurrency ?? c.currency, lang), numeric: true },
              { header: t('limit'), cell: (c) => money(c.limitAmount, c.limitCurrency, lang), numeric: true },
              { header: t('released'), cell: (c) => (c.releasedBy ? `${c.releasedBy}: ${c.releaseReason ?? ''}` : '') },
            ]}
          />
        )}
      </Loaded>
    </>
  );
}

function Alerts() {
  const { t, lang } = useI18n();
  const client = useCompanyApi();
  const customerName = useCustomerNames(client);
  const list = useLoad(() => call(client.GET('/api/companies/{companyId}/credit/alerts', { params: { query: { pageSize: 200 } } })), [client]);
  return (
    <Loaded state={list}>
      {(a) => (
        <>
          <p className="muted">
            {t('asOfLabel')} {a.asOf} · {t('warningPercent')} {num(a.warningPercent)} %
          </p>
          <Table
            caption={t('alerts')}
            rows={a.items}
            rowKey={(x) => `${x.type}-${x.customerId}`}
            empty={t('noAlerts')}
            columns={[
              { header: t('type'), cell: (x) => x.type },
              { header: t('customer'), cell: (x) => <CustomerLink id={x.customerId} label={customerLabel(x.customerId, x.customerReference, x.customerName, customerName)} /> },
              { header: t('limit'), cell: (x) => money(x.limit, x.currency, lang), numeric: true },
              { header: t('exposure'), cell: (x) => money(x.exposure, x.currency, lang), numeric: true },
              { header: t('usedPercent'), cell: (x) => (x.usedPercent === null ? '—' : `${num(x.usedPercent)} %`), numeric: true },
              { header: t('message'), cell: (x) => x.message },
            ]}
          />
        </>
      )}
    </Loaded>
  );
}
