import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { call, num, type Schemas } from '../api/client';
import { useCompany, useCompanyApi } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { ProblemAlert } from '../components/Problem';
import { ContactList, useCustomerFacts } from '../inbox/CustomerContext';
import { companyToday, money } from '../inbox/types';
import { caseActionEntry } from './caseActionEntry';
import { CustomerDocuments } from './CustomerDocuments';
import { importEntry } from './importEntry';
import { instanceStatusLabel } from './instanceStatus';

/** The customers of the company, searched by name or reference, each opening its 360. */
export function CustomersPage() {
  const { t } = useI18n();
  const { companyId } = useCompany();
  const client = useCompanyApi();
  const [search, setSearch] = useState('');
  const [rows, setRows] = useState<Schemas['CustomerSummaryResponse'][] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    call(client.GET('/api/companies/{companyId}/receivables/customers', { params: { query: { search: search || undefined, PageSize: 100 } } }))
      .then((page) => setRows(page.items))
      .catch(setError);
  }, [client, search]);
  return (
    <section aria-labelledby="customers-title">
      <h1 id="customers-title">{t('customers')}</h1>
      <label>
        {t('searchCustomers')} <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      <ProblemAlert error={error} />
      {rows === null ? (
        <p aria-busy="true">{t('loading')}</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t('reference')}</th>
              <th scope="col">{t('name')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id}>
                <td>{c.reference}</td>
                <td>
                  <Link to={`/c/${companyId}/customers/${c.id}`}>{c.name}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

interface TimelineEntry {
  on: string;
  kind: 'eventMessage' | 'eventPromise' | 'eventDispute' | 'eventAction' | 'eventCall' | 'eventLimit' | 'eventImport';
  text: string;
  messageId?: string;
}

interface Extra {
  aged: Schemas['CustomerGroupAgedBalanceResponse'] | null;
  exposure: Schemas['CustomerExposureResponse'] | null;
  guarantees: Schemas['GuaranteeResponse'][];
  cover: Schemas['CoverResponse'] | null;
  messages: Schemas['MessageSummaryResponse'][];
  requests: Schemas['CreditRequestResponse'][];
  instances: Schemas['ProcedureInstanceResponse'][];
  imports: Schemas['CustomerImportResponse'][];
}

/** Reads a module's answer, or nothing when the module refuses (a role without access): the rest of the page still shows. */
async function optional<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T | null> {
  const answer = await request;
  if (answer.response.status === 403) return null;
  return call(Promise.resolve(answer));
}

export function Customer360Page() {
  const { t, lang } = useI18n();
  const { companyId, company } = useCompany();
  const { customerId = '' } = useParams();
  const client = useCompanyApi();
  const { facts, error } = useCustomerFacts(companyId, customerId);
  const [extra, setExtra] = useState<Extra | null>(null);
  const [extraError, setExtraError] = useState<unknown>(null);
  const [itemParams, setItemParams] = useSearchParams();
  const itemStatus = itemParams.get('status') ?? 'Open';
  const itemType = itemParams.get('type') ?? '';
  const [items, setItems] = useState<Schemas['ItemResponse'][] | null>(null);
  const [shown, setShown] = useState<Record<string, string>>({});
  const today = companyToday(company.timeZone);
  const found = facts !== null && !facts.notFound;

  useEffect(() => {
    if (!found) return;
    const path = { path: { customerId } };
    (async () => {
      const [aged, exposure, guarantees, cover, messages, requests, running, imports] = await Promise.all([
        optional(client.GET('/api/companies/{companyId}/receivables/customers/{customerId}/group/aged-balance', { params: { ...path, query: { asOf: today } } })),
        optional(client.GET('/api/companies/{companyId}/credit/customers/{customerId}/exposure', { params: path })),
        optional(client.GET('/api/companies/{companyId}/guarantees', { params: { query: { customerId, PageSize: 50 } } })),
        optional(client.GET('/api/companies/{companyId}/guarantees/cover', { params: { query: { customerId, asOf: today } } })),
        optional(client.GET('/api/companies/{companyId}/collection/messages', { params: { query: { customerId, PageSize: 100 } } })),
        optional(client.GET('/api/companies/{companyId}/credit/requests', { params: { query: { customerId, pageSize: 50 } } })),
        optional(client.GET('/api/companies/{companyId}/procedure-instances', { params: { query: { customer: customerId, status: 'Running', PageSize: 5 } } })),
        optional(client.GET('/api/companies/{companyId}/receivables/customers/{customerId}/imports', { params: { ...path, query: { PageSize: 50 } } })),
      ]);
      const instances = await Promise.all(
        (running?.items ?? []).map((i) => call(client.GET('/api/companies/{companyId}/procedure-instances/{instanceId}', { params: { path: { instanceId: i.id } } }))),
      );
      setExtra({
        aged,
        exposure,
        guarantees: guarantees?.items ?? [],
        cover,
        messages: messages?.items ?? [],
        requests: requests?.items ?? [],
        instances,
        imports: imports?.items ?? [],
      });
    })().catch(setExtraError);
  }, [client, customerId, found, today]);

  useEffect(() => {
    if (!found) return;
    call(
      client.GET('/api/companies/{companyId}/receivables/customers/{customerId}/items', {
        params: { path: { customerId }, query: { status: itemStatus || undefined, type: itemType || undefined, PageSize: 200 } },
      }),
    )
      .then((page) => setItems(page.items))
      .catch(setExtraError);
  }, [client, customerId, found, itemStatus, itemType]);

  if (error) return <ProblemAlert error={error} />;
  if (!facts) return <p aria-busy="true">{t('loading')}</p>;
  if (!facts.customer) {
    return (
      <section aria-labelledby="c360-title">
        <h1 id="c360-title">{t('customer360')}</h1>
        <p role="alert" data-testid="customer-not-found">
          {t('customerNotFound')}
        </p>
      </section>
    );
  }
  const customer = facts.customer;
  const promises = facts.cases.flatMap((c) => c.promises);
  const timeline: TimelineEntry[] = [
    ...(extra?.messages ?? []).map<TimelineEntry>((m) => ({
      on: (m.sentAt ?? m.createdAt).slice(0, 10),
      kind: 'eventMessage',
      text: `${m.kind} ${m.channel} — ${m.subject} (${m.status})`,
      messageId: m.id,
    })),
    ...facts.cases.flatMap((c) => c.actions.map<TimelineEntry>((a) => ({ on: a.on, ...caseActionEntry(a, t) }))),
    ...promises.map<TimelineEntry>((p) => ({
      on: p.resolvedOn ?? p.recordedOn,
      kind: 'eventPromise',
      text: `${money(p.amount, p.currency, lang)} → ${p.promisedDate}: ${p.status}`,
    })),
    ...facts.disputes.map<TimelineEntry>((d) => ({ on: d.closedOn ?? d.openedOn, kind: 'eventDispute', text: `${d.reference} ${d.reason} ${money(d.amount, d.currency, lang)}: ${d.status}` })),
    ...(extra?.requests ?? []).map<TimelineEntry>((r) => ({
      on: (r.decidedAt ?? r.requestedAt).slice(0, 10),
      kind: 'eventLimit',
      text: `${r.kind} ${money(r.decidedAmount ?? r.amount, r.currency, lang)}: ${r.status}`,
    })),
    ...(extra?.imports ?? []).map<TimelineEntry>((i) => importEntry(i, t)),
  ].sort((a, b) => b.on.localeCompare(a.on));

  const showMessage = (id: string) =>
    call(client.GET('/api/companies/{companyId}/collection/messages/{messageId}', { params: { path: { messageId: id } } }))
      .then((m) => setShown((s) => ({ ...s, [id]: m.body })))
      .catch(setExtraError);

  const setFilter = (name: string, value: string) =>
    setItemParams((p) => {
      p.set(name, value);
      return p;
    });

  return (
    <div className="customer-360">
      <header className="c360-header">
        <h1 id="c360-title">
          {customer.name} <span className="muted">{customer.reference}</span>
        </h1>
        {facts.cases.some((c) => c.case.status !== 'Closed') && <span className="badge">{facts.cases.find((c) => c.case.status !== 'Closed')?.case.status}</span>}
      </header>
      <ProblemAlert error={extraError} />
      <div className="c360-grid">
        <section aria-labelledby="identity-title" className="card">
          <h2 id="identity-title">{t('identity')}</h2>
          <dl className="facts">
            <dt>SIREN</dt>
            <dd>{customer.siren ?? '—'}</dd>
            <dt>TVA / VAT</dt>
            <dd>{customer.vatNumber ?? '—'}</dd>
            <dt>{t('language')}</dt>
            <dd>
              {customer.country ?? '—'} / {customer.language ?? '—'}
            </dd>
            <dt>{t('dueDate')}</dt>
            <dd>{num(customer.paymentTermsDays)} j</dd>
          </dl>
          <h3>{t('contacts')}</h3>
          <ContactList customer={customer} />
          <h3>{t('documents')}</h3>
          <a href={`/api/companies/${companyId}/receivables/customers/${customer.id}/statement.pdf?asOf=${today}&language=${lang}`}>{t('statementPdf')}</a>
          {extra && <CustomerDocuments disputes={facts.disputes} guarantees={extra.guarantees} />}
        </section>

        <section aria-labelledby="procedure-title" className="card" data-testid="running-procedure">
          <h2 id="procedure-title">{t('runningProcedure')}</h2>
          {!extra ? (
            <p aria-busy="true">{t('loading')}</p>
          ) : extra.instances.length === 0 ? (
            <p className="muted">{t('noProcedure')}</p>
          ) : (
            extra.instances.map((instance) => {
              const timers = instance.steps.flatMap((s) => s.waits.filter((w) => w.dueAt).map((w) => ({ step: s.activityId, at: w.dueAt as string, title: w.title })));
              const next = timers.sort((a, b) => a.at.localeCompare(b.at))[0];
              return (
                <div key={instance.id}>
                  <p>
                    <Link to={`/c/${companyId}/instances/${instance.id}`}>{instance.procedureName ?? `${instance.id.slice(0, 8)}…`}</Link> v{num(instance.definitionVersion)} — {instanceStatusLabel(t, instance.status)}
                  </p>
                  <p>
                    {t('currentStep')} : <strong data-testid="current-step">{instance.steps.map((s) => s.activityId).join(', ') || '—'}</strong>
                  </p>
                  <p>
                    {t('nextDatedStep')} :{' '}
                    <strong data-testid="next-dated-step">{next ? `${next.step} — ${new Date(next.at).toLocaleString(lang === 'en' ? 'en-GB' : 'fr-FR', { timeZone: company.timeZone, timeZoneName: 'short' })}` : '—'}</strong>
                  </p>
                </div>
              );
            })
          )}
        </section>

        <section aria-labelledby="exposure-title" className="card">
          <h2 id="exposure-title">{t('exposureAndLimit')}</h2>
          {!extra?.exposure ? (
            <p className="muted">—</p>
          ) : (
            <>
              {extra.exposure.blocked && <p className="notice">{t('blocked')}: {extra.exposure.blockedReason}</p>}
              {extra.exposure.limits.length === 0 ? (
                <p>
                  {t('noLimit')} {t('total')} : {money(extra.exposure.withoutLimit?.total, extra.exposure.withoutLimit?.currency ?? customer.currency, lang)}
                </p>
              ) : (
                extra.exposure.limits.map((l) => (
                  <div key={l.limitCustomerId + l.scope}>
                    <p>
                      {t('limit')} {money(l.limit, l.currency, lang)} · {money(l.exposure.total, l.currency, lang)} ({num(l.usedPercent ?? 0)} %)
                    </p>
                    <meter min={0} max={num(l.limit)} value={num(l.exposure.total)} aria-label={t('exposureAndLimit')} />
                  </div>
                ))
              )}
            </>
          )}
        </section>

        <section aria-labelledby="aged-title" className="card">
          <h2 id="aged-title">{t('agedBalance')}</h2>
          {extra?.aged && (
            <table className="grid compact">
              <thead>
                <tr>
                  <th scope="col">{t('notDue')}</th>
                  {extra.aged.bucketDefinitions.map((b) => (
                    <th scope="col" key={b.label}>
                      {b.label}
                    </th>
                  ))}
                  <th scope="col">{t('total')}</th>
                </tr>
              </thead>
              <tbody>
                {extra.aged.totals.map((line) => (
                  <tr key={line.currency}>
                    <td className="num">{money(line.notDue.amount, line.currency, lang)}</td>
                    {line.buckets.map((b, i) => (
                      <td className="num" key={i}>
                        {money(b.amount, line.currency, lang)}
                      </td>
                    ))}
                    <td className="num">{money(line.totalOpen.amount, line.currency, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section aria-labelledby="promises-title" className="card" data-testid="promises">
          <h2 id="promises-title">{t('promises')}</h2>
          {promises.length === 0 ? (
            <p className="muted">{t('noneYet')}</p>
          ) : (
            <ul>
              {promises.map((p) => (
                <li key={p.id}>
                  {money(p.amount, p.currency, lang)} — {p.promisedDate} — {p.status} ({p.recordedBy})
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="guarantees-title" className="card">
          <h2 id="guarantees-title">{t('guaranteesCover')}</h2>
          {(extra?.guarantees.length ?? 0) === 0 && (extra?.cover?.lines.length ?? 0) === 0 ? (
            <p className="muted">{t('noneYet')}</p>
          ) : (
            <ul>
              {extra?.guarantees.map((g) => (
                <li key={g.id}>
                  {g.type} {g.issuerName} {money(g.amount, g.currency, lang)} → {g.expiryDate} ({g.status})
                </li>
              ))}
              {extra?.cover?.lines.map((l) => (
                <li key={l.source + l.id}>
                  {l.type} {l.issuer} {money(l.amount ?? l.originalAmount, l.originalCurrency, lang)} {l.validUntil ? `→ ${l.validUntil}` : ''}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section aria-labelledby="items-title" className="card">
        <h2 id="items-title">{t('openItems')}</h2>
        <div className="toolbar-row">
          <label className="inline">
            {t('status')}{' '}
            <select value={itemStatus} onChange={(e) => setFilter('status', e.target.value)}>
              <option value="">{t('anyStatus')}</option>
              <option value="Open">Open</option>
              <option value="Settled">Settled</option>
            </select>
          </label>
          <label className="inline">
            {t('itemType')}{' '}
            <select value={itemType} onChange={(e) => setFilter('type', e.target.value)}>
              <option value="">{t('anyStatus')}</option>
              {['Invoice', 'CreditNote', 'Payment', 'Adjustment'].map((x) => (
                <option key={x} value={x}>
                  {x}
                </option>
              ))}
            </select>
          </label>
        </div>
        <table className="grid compact">
          <thead>
            <tr>
              <th scope="col">{t('reference')}</th>
              <th scope="col">{t('itemType')}</th>
              <th scope="col">{t('dueDate')}</th>
              <th scope="col">{t('amount')}</th>
              <th scope="col">{t('openAmount')}</th>
              <th scope="col">{t('status')}</th>
            </tr>
          </thead>
          <tbody>
            {(items ?? []).map((i) => (
              <tr key={i.id}>
                <td>{i.reference}</td>
                <td>{i.type}</td>
                <td>{i.dueDate ?? '—'}</td>
                <td className="num">{money(i.amount.amount, i.amount.currency ?? customer.currency, lang)}</td>
                <td className="num">{money(i.openAmount.amount, i.openAmount.currency ?? customer.currency, lang)}</td>
                <td>
                  {i.status}
                  {i.disputed ? ' ⚑' : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="history-title" className="card" data-testid="customer-history">
        <h2 id="history-title">{t('customerHistory')}</h2>
        {timeline.length === 0 ? (
          <p className="muted">{t('noneYet')}</p>
        ) : (
          <ol className="timeline">
            {timeline.map((entry, index) => (
              <li key={index}>
                <time dateTime={entry.on}>{entry.on}</time> <span className="badge">{t(entry.kind)}</span> {entry.text}
                {entry.messageId && !shown[entry.messageId] && (
                  <>
                    {' '}
                    <button type="button" className="link" onClick={() => void showMessage(entry.messageId!)}>
                      {t('showContent')}
                    </button>
                  </>
                )}
                {entry.messageId && shown[entry.messageId] && <pre className="message-body">{shown[entry.messageId]}</pre>}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
