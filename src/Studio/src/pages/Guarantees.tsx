import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { call, num } from '../api/client';
import { useCompany, useCompanyApi } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { FieldErrors, ProblemAlert } from '../components/Problem';
import { Loaded, SubTabs, Table, money, today, useLoad } from '../components/ui';
import { ActivateGuarantee, GuaranteeForm, Insurance } from '../forms/GuaranteeForms';

type Tab = 'list' | 'expiring' | 'calls' | 'duties' | 'insurance';

/** Guarantees: the list with a guarantee's detail and its call, those expiring, the calls made, the duties owed to insurers. */
export function GuaranteesPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = (params.get('tab') as Tab | null) ?? 'list';
  return (
    <section aria-labelledby="guarantees-title">
      <h1 id="guarantees-title">{t('guarantees')}</h1>
      <SubTabs
        label={t('guarantees')}
        current={tab}
        onChange={(k) => setParams({ tab: k })}
        tabs={[
          { key: 'list', label: t('guaranteeList') },
          { key: 'expiring', label: t('expiring') },
          { key: 'calls', label: t('guaranteeCalls') },
          { key: 'duties', label: t('insurerDuties') },
          { key: 'insurance', label: t('actInsurance') },
        ]}
      />
      {tab === 'list' && <List />}
      {tab === 'expiring' && <Expiring />}
      {tab === 'calls' && <Calls />}
      {tab === 'duties' && <Duties />}
      {tab === 'insurance' && <Insurance />}
    </section>
  );
}

function List() {
  const { t, lang } = useI18n();
  const client = useCompanyApi();
  const [status, setStatus] = useState('');
  const list = useLoad(() => call(client.GET('/api/companies/{companyId}/guarantees', { params: { query: { status: status || undefined, PageSize: 200 } } })), [client, status]);
  const [selected, setSelected] = useState<string | null>(null);
  const { can } = useCompany();
  const [recording, setRecording] = useState(false);
  return (
    <>
      {can.operate && (
        <button type="button" aria-expanded={recording} onClick={() => setRecording((r) => !r)}>
          {t('actRecordGuarantee')}
        </button>
      )}
      {recording && (
        <GuaranteeForm
          onDone={(id) => {
            setRecording(false);
            setSelected(id);
            list.reload();
          }}
        />
      )}
      <label className="inline">
        {t('status')}{' '}
        <select value={status} onChange={(e) => setStatus(e.target.value)}>
          {['', 'Requested', 'Active', 'Expired', 'Released', 'Called'].map((s) => (
            <option key={s} value={s}>
              {s || t('all')}
            </option>
          ))}
        </select>
      </label>
      <Loaded state={list}>
        {(page) => (
          <Table
            caption={t('guaranteeList')}
            rows={page.items}
            rowKey={(g) => g.id}
            empty={t('noGuarantees')}
            columns={[
              { header: t('type'), cell: (g) => <button type="button" className="link" onClick={() => setSelected(g.id)}>{g.type}</button> },
              { header: t('issuer'), cell: (g) => g.issuerName },
              { header: t('amountLabel'), cell: (g) => money(g.amount, g.currency, lang), numeric: true },
              { header: t('called'), cell: (g) => money(g.amountCalled, g.currency, lang), numeric: true },
              { header: t('validity'), cell: (g) => `${g.startDate} → ${g.expiryDate}` },
              { header: t('status'), cell: (g) => g.status },
            ]}
          />
        )}
      </Loaded>
      {selected && <GuaranteeDetail guaranteeId={selected} onChanged={list.reload} />}
    </>
  );
}

function GuaranteeDetail({ guaranteeId, onChanged }: { guaranteeId: string; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const { can, companyId } = useCompany();
  const client = useCompanyApi();
  const detail = useLoad(() => call(client.GET('/api/companies/{companyId}/guarantees/{guaranteeId}', { params: { path: { guaranteeId } } })), [client, guaranteeId]);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const callGuarantee = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await call(client.POST('/api/companies/{companyId}/guarantees/{guaranteeId}/calls', { params: { path: { companyId, guaranteeId } }, body: { amount: Number(amount), invoiceIds: null, calledOn: null, reason: reason || null } }));
      setAmount('');
      setReason('');
      detail.reload();
      onChanged();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="panel" aria-label={t('guaranteeDetail')}>
      <Loaded state={detail}>
        {({ guarantee: g, history, calls, documents }) => (
          <>
            <h2>
              {g.type} — {g.issuerName} ({g.status})
            </h2>
            <p>
              {money(g.amount, g.currency, lang)} · {g.startDate} → {g.expiryDate} · {t('claimDeadline')} {g.claimDeadline}
            </p>
            {can.operate && g.status === 'Requested' && (
              <ActivateGuarantee
                guarantee={g}
                onDone={() => {
                  detail.reload();
                  onChanged();
                }}
              />
            )}
            <h3>{t('history')}</h3>
            <ul>
              {history.map((h, i) => (
                <li key={i}>
                  {h.effectiveDate}: {h.fromStatus ?? '—'} → {h.toStatus} ({h.changedBy}) {h.reason}
                </li>
              ))}
            </ul>
            <h3>{t('guaranteeCalls')}</h3>
            <Table
              caption={t('guaranteeCalls')}
              rows={calls}
              rowKey={(c) => c.id}
              columns={[
                { header: t('date'), cell: (c) => c.calledOn },
                { header: t('amountLabel'), cell: (c) => money(c.amount, c.currency, lang), numeric: true },
                { header: t('received'), cell: (c) => money(c.amountReceived, c.currency, lang), numeric: true },
                { header: t('status'), cell: (c) => c.status },
              ]}
            />
            <h3>{t('documents')}</h3>
            {documents.length === 0 ? <p className="empty">{t('noDocuments')}</p> : <ul>{documents.map((d) => <li key={d.id}>{d.fileName}</li>)}</ul>}
            {can.operate && g.status === 'Active' && (
              <form onSubmit={callGuarantee} aria-label={t('callGuarantee')}>
                <h3>{t('callGuarantee')}</h3>
                <label>
                  {t('amountLabel')} ({g.currency}) <input type="number" step="0.01" required value={amount} onChange={(e) => setAmount(e.target.value)} aria-describedby="call-amount-error" />
                  <FieldErrors error={error} field="amount" id="call-amount-error" />
                </label>
                <label>
                  {t('reason')} <input value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby="call-reason-error" />
                  <FieldErrors error={error} field="reason" id="call-reason-error" />
                </label>
                <button type="submit">{t('callGuarantee')}</button>
                <ProblemAlert error={error} shownFields={['amount', 'reason']} />
              </form>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}

function Expiring() {
  const { t, lang } = useI18n();
  const client = useCompanyApi();
  const report = useLoad(() => call(client.GET('/api/companies/{companyId}/guarantees/reports/expiring', { params: { query: { asOf: today() } } })), [client]);
  return (
    <Loaded state={report}>
      {(r) => (
        <>
          <p className="muted">
            {t('asOfLabel')} {r.asOf}
          </p>
          {r.buckets.map((b) => (
            <section key={num(b.fromDays)} aria-label={`${num(b.fromDays)}–${num(b.toDays)}`}>
              <h2>
                {num(b.fromDays)}–{num(b.toDays)} {t('days')} ({num(b.count)}) {b.totals.map((x) => money(x.amount, x.currency, lang)).join(' + ')}
              </h2>
              <Table
                caption={`${num(b.fromDays)}–${num(b.toDays)}`}
                rows={b.guarantees}
                rowKey={(g) => g.id}
                empty={t('noneExpiring')}
                columns={[
                  { header: t('type'), cell: (g) => g.type },
                  { header: t('issuer'), cell: (g) => g.issuerName },
                  { header: t('amountLabel'), cell: (g) => money(g.amount, g.currency, lang), numeric: true },
                  { header: t('expiryDate'), cell: (g) => g.expiryDate },
                  { header: t('daysLeft'), cell: (g) => num(g.daysLeft), numeric: true },
                ]}
              />
            </section>
          ))}
        </>
      )}
    </Loaded>
  );
}

function Calls() {
  const { t, lang } = useI18n();
  const client = useCompanyApi();
  const to = today();
  const from = `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`;
  const report = useLoad(() => call(client.GET('/api/companies/{companyId}/guarantees/reports/calls', { params: { query: { from, to } } })), [client, from, to]);
  return (
    <Loaded state={report}>
      {(r) => (
        <>
          <p className="muted">
            {t('period')}: {r.from} → {r.to}
          </p>
          <Table
            caption={t('guaranteeCalls')}
            rows={r.calls}
            rowKey={(c) => c.callId}
            empty={t('noCalls')}
            columns={[
              { header: t('date'), cell: (c) => c.calledOn },
              { header: t('called'), cell: (c) => money(c.called, c.currency, lang), numeric: true },
              { header: t('received'), cell: (c) => money(c.recovered, c.currency, lang), numeric: true },
              { header: t('outstanding'), cell: (c) => money(c.outstanding, c.currency, lang), numeric: true },
            ]}
          />
        </>
      )}
    </Loaded>
  );
}

function Duties() {
  const { t, lang } = useI18n();
  const { can } = useCompany();
  const client = useCompanyApi();
  const [status, setStatus] = useState('Open');
  const list = useLoad(() => call(client.GET('/api/companies/{companyId}/guarantees/duties', { params: { query: { status: status || undefined, PageSize: 200 } } })), [client, status]);
  const [error, setError] = useState<unknown>(null);
  const [reference, setReference] = useState<Record<string, string>>({});
  const complete = async (dutyId: string) => {
    setError(null);
    try {
      await call(client.POST('/api/companies/{companyId}/guarantees/duties/{dutyId}/complete', { params: { path: { dutyId } }, body: { outcome: 'Completed', completedOn: null, insurerReference: reference[dutyId] || null, note: null } }));
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <label className="inline">
        {t('status')}{' '}
        <select value={status} onChange={(e) => setStatus(e.target.value)}>
          {['', 'Open', 'Completed', 'Cancelled'].map((s) => (
            <option key={s} value={s}>
              {s || t('all')}
            </option>
          ))}
        </select>
      </label>
      <ProblemAlert error={error} />
      <Loaded state={list}>
        {(page) => (
          <Table
            caption={t('insurerDuties')}
            rows={page.items}
            rowKey={(d) => d.id}
            empty={t('noDuties')}
            columns={[
              { header: t('type'), cell: (d) => d.type },
              { header: t('invoice'), cell: (d) => d.invoiceReference ?? '—' },
              { header: t('amountLabel'), cell: (d) => money(d.amount, d.currency, lang), numeric: true },
              { header: t('deadline'), cell: (d) => `${d.deadline}${d.overdue ? ' ⚠' : ''}` },
              { header: t('status'), cell: (d) => d.status },
              {
                header: '',
                cell: (d) =>
                  can.operate && d.status === 'Open' ? (
                    <span className="inline-form">
                      <input aria-label={`${t('insurerReference')} ${d.type}`} placeholder={t('insurerReference')} value={reference[d.id] ?? ''} onChange={(e) => setReference((r) => ({ ...r, [d.id]: e.target.value }))} />
                      <button type="button" onClick={() => void complete(d.id)}>
                        {t('markDone')}
                      </button>
                    </span>
                  ) : (
                    d.insurerReference ?? ''
                  ),
              },
            ]}
          />
        )}
      </Loaded>
    </>
  );
}
