import { useState, type ReactNode } from 'react';
import { call, num, type Schemas } from '../api/client';
import { useCompanyApi } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { BarList, LineChart, StackedBarChart } from '../components/charts';
import { downloadCsv, toCsv, type CsvCell } from '../components/csv';
import { ProblemAlert } from '../components/Problem';
import { Loaded, Table, money, today, useLoad } from '../components/ui';
import { agedBalanceBars, agedBalanceCsv, withAllCustomers, disputeBars, kpiSeries, monthEnds, quarterStart, type StackedBar } from '../dashboard/shape';

/** A figure's definition, read on hover (title) and by screen readers (its accessible name). */
function Definition({ text }: { text: string }) {
  return (
    <span className="definition" title={text} aria-label={text} role="note" tabIndex={0}>
      ?
    </span>
  );
}

/** One dashboard panel: its title with the definition and as-of date, an export to CSV, and its content. */
type CsvTable = { header: string[]; rows: CsvCell[][] };

function Panel({ id, title, definition, asOf, csv, children }: { id: string; title: string; definition: string; asOf: string; csv?: () => CsvTable | null | Promise<CsvTable | null>; children: ReactNode }) {
  const { t } = useI18n();
  const [csvError, setCsvError] = useState<unknown>(null);
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid={id}>
      <header>
        <h2 id={`${id}-title`}>
          {title} <Definition text={definition} />
        </h2>
        <span className="as-of">
          {t('asOfLabel')} <time dateTime={asOf}>{asOf}</time>
        </span>
        {csv && (
          <button
            type="button"
            onClick={() => {
              void Promise.resolve(csv())
                .then((table) => {
                  if (table) downloadCsv(`${id}-${asOf}.csv`, toCsv(table.header, table.rows));
                  setCsvError(null);
                })
                .catch(setCsvError);
            }}
          >
            {t('exportCsv')}
          </button>
        )}
      </header>
      <ProblemAlert error={csvError} />
      {children}
    </section>
  );
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function DashboardPage() {
  const { t, lang } = useI18n();
  const client = useCompanyApi();
  const [asOf, setAsOf] = useState(today());
  const [entity, setEntity] = useState('');

  const entities = useLoad(() => call(client.GET('/api/companies/{companyId}/legal-entities', { params: { query: { PageSize: 200 } } })).then((p) => p.items), [client]);
  const aged = useLoad(async () => {
    const query = (e?: string) => call(client.GET('/api/companies/{companyId}/receivables/aged-balance', { params: { query: { asOf, entity: e || undefined, PageSize: 200 } } }));
    const main = await query(entity);
    // Without a chosen entity, one bar per legal entity and currency as well as the company's totals.
    const perEntity = entity === '' && entities.data ? await Promise.all(entities.data.map(async (le) => ({ code: le.code, aged: await query(le.code) }))) : [];
    return { main, perEntity };
  }, [client, asOf, entity, entities.data]);
  const kpis = useLoad(() => call(client.GET('/api/companies/{companyId}/receivables/kpis', { params: { query: { asOf } } })), [client, asOf]);
  const history = useLoad(
    () => Promise.all(monthEnds(asOf, 12).map((d) => call(client.GET('/api/companies/{companyId}/receivables/kpis', { params: { query: { asOf: d, from: quarterStart(d), to: d } } })))),
    [client, asOf],
  );
  const top = useLoad(
    () => call(client.GET('/api/companies/{companyId}/receivables/reports/top-overdue', { params: { query: { asOf, entity: entity || undefined, limit: 10 } } })),
    [client, asOf, entity],
  );
  const disputes = useLoad(() => call(client.GET('/api/companies/{companyId}/disputes/reports', { params: { query: { asOf } } })), [client, asOf]);
  const promises = useLoad(() => call(client.GET('/api/companies/{companyId}/collection/reports/promises', { params: { query: { from: addDays(asOf, -89), to: asOf } } })), [client, asOf]);
  const agencies = useLoad(async () => {
    const list = await call(client.GET('/api/companies/{companyId}/collection/agencies', { params: { query: { PageSize: 200 } } }));
    return Promise.all(
      list.items.map((a) =>
        call(client.GET('/api/companies/{companyId}/collection/agencies/{agencyId}/performance', { params: { path: { agencyId: a.id }, query: { from: addDays(asOf, -364), to: asOf } } })),
      ),
    );
  }, [client, asOf]);

  const figure = (name: string) => kpis.data?.figures.find((f) => f.name === name);
  const kpiLabels: Record<string, string> = {
    dsoCountBack: t('dsoCountBack'),
    dsoSimple: t('dsoSimple'),
    bestPossibleDso: t('bestPossibleDso'),
    averageDaysDelinquent: t('averageDaysDelinquent'),
    overdueRate: t('overdueRate'),
    ceiDividedByMonths: t('cei'),
  };

  return (
    <section aria-labelledby="dashboard-title" className="dashboard">
      <h1 id="dashboard-title">{t('dashboards')}</h1>
      <div className="toolbar-row">
        <label>
          {t('asOfLabel')} <input type="date" aria-label={t('asOfLabel')} value={asOf} onChange={(e) => e.target.value && setAsOf(e.target.value)} />
        </label>
        <label>
          {t('legalEntity')}{' '}
          <select aria-label={t('legalEntity')} value={entity} onChange={(e) => setEntity(e.target.value)}>
            <option value="">{t('allEntities')}</option>
            {(entities.data ?? []).map((le) => (
              <option key={le.id} value={le.code}>
                {le.code} — {le.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="panels">
        <Panel
          id="aged-balance"
          title={t('agedBalance')}
          definition={t('agedBalanceDefinition')}
          asOf={asOf}
          csv={async () => {
            if (!aged.data) return null;
            const all = await withAllCustomers(aged.data.main, (page) =>
              call(client.GET('/api/companies/{companyId}/receivables/aged-balance', { params: { query: { asOf, entity: entity || undefined, Page: page, PageSize: 200 } } })),
            );
            return agedBalanceCsv(all, entity);
          }}
        >
          <Loaded state={aged}>
            {({ main, perEntity }) => {
              const shaped = agedBalanceBars(main, entity ? `${entity} · ` : '');
              const bars: StackedBar[] = [...shaped.bars, ...perEntity.flatMap((p) => agedBalanceBars(p.aged, `${p.code} · `).bars)];
              const keyLabels = { notDue: t('notDue') };
              return bars.length === 0 ? (
                <p className="empty">{t('noOpenItems')}</p>
              ) : (
                <>
                  <StackedBarChart title={t('agedBalance')} keys={shaped.keys} keyLabels={keyLabels} bars={bars} format={(v) => money(v, null, lang).replace(/\s?€/, '')} />
                  <Table
                    caption={t('agedBalance')}
                    rows={main.totals}
                    rowKey={(l) => l.currency}
                    columns={[
                      { header: t('currency'), cell: (l) => l.currency },
                      { header: t('notDue'), cell: (l) => money(l.notDue.amount, l.currency, lang), numeric: true },
                      ...main.bucketDefinitions.map((b, i) => ({ header: b.label, cell: (l: Schemas['AgedLine']) => money(l.buckets[i]?.amount, l.currency, lang), numeric: true })),
                      { header: t('totalOpen'), cell: (l) => money(l.totalOpen.amount, l.currency, lang), numeric: true },
                    ]}
                  />
                  {main.reportingCurrencyTotal?.line && (
                    <p className="muted">
                      {t('reportingTotal')}: {money(main.reportingCurrencyTotal.line.totalOpen.amount, main.reportingCurrencyTotal.currency, lang)}
                    </p>
                  )}
                  {main.reportingCurrencyTotal && main.reportingCurrencyTotal.missingRates.length > 0 && (
                    <p className="notice">
                      {t('missingRates')}: {main.reportingCurrencyTotal.missingRates.join(', ')}
                    </p>
                  )}
                </>
              );
            }}
          </Loaded>
        </Panel>

        <Panel
          id="kpis"
          title={t('kpis')}
          definition={t('kpisDefinition')}
          asOf={asOf}
          csv={() => (kpis.data ? { header: ['asOf', 'name', 'value', 'unit', 'definition'], rows: kpis.data.figures.map((f) => [kpis.data!.asOf, f.name, f.value === null ? null : num(f.value), f.unit, f.definition]) } : null)}
        >
          <Loaded state={kpis}>
            {() => (
              <dl className="kpi-tiles">
                {Object.keys(kpiLabels).map((name) => {
                  const f = figure(name);
                  return (
                    <div key={name} className="kpi" data-kpi={name}>
                      <dt>
                        {kpiLabels[name]} {f && <Definition text={f.definition} />}
                      </dt>
                      <dd>{f && f.value !== null ? `${num(f.value).toLocaleString(lang === 'en' ? 'en-GB' : 'fr-FR')} ${f.unit === 'days' ? t('days') : f.unit}` : '—'}</dd>
                    </div>
                  );
                })}
              </dl>
            )}
          </Loaded>
        </Panel>

        <Panel
          id="dso-history"
          title={t('dsoOverTime')}
          definition={t('dsoOverTimeDefinition')}
          asOf={asOf}
          csv={() =>
            history.data
              ? {
                  header: ['asOf', 'dsoCountBack', 'dsoSimple', 'bestPossibleDso', 'averageDaysDelinquent', 'overdueRate'],
                  rows: history.data.map((k) => [k.asOf, ...['dsoCountBack', 'dsoSimple', 'bestPossibleDso', 'averageDaysDelinquent', 'overdueRate'].map((n) => {
                    const f = k.figures.find((x) => x.name === n);
                    return f && f.value !== null ? num(f.value) : null;
                  })]),
                }
              : null
          }
        >
          <Loaded state={history}>
            {(answers) => <LineChart title={t('dsoOverTime')} series={kpiSeries(answers, ['dsoCountBack', 'dsoSimple', 'bestPossibleDso'])} labels={kpiLabels} unit={t('days')} />}
          </Loaded>
        </Panel>

        <Panel
          id="top-overdue"
          title={t('topOverdue')}
          definition={t('topOverdueDefinition')}
          asOf={asOf}
          csv={() => (top.data ? { header: ['asOf', 'reference', 'name', 'currency', 'overdue', 'overdueCount', 'oldestBucket'], rows: top.data.customers.map((c) => [top.data!.asOf, c.reference, c.name, c.currency, num(c.overdue), num(c.overdueCount), c.oldestBucket]) } : null)}
        >
          <Loaded state={top}>
            {(r) => (
              <Table
                caption={t('topOverdue')}
                rows={r.customers}
                rowKey={(c) => `${c.customerId}-${c.currency}`}
                empty={t('noOverdue')}
                columns={[
                  { header: t('customer'), cell: (c) => `${c.reference} — ${c.name}` },
                  { header: t('overdueAmount'), cell: (c) => money(c.overdue, c.currency, lang), numeric: true },
                  { header: t('invoices'), cell: (c) => num(c.overdueCount), numeric: true },
                  { header: t('oldestBucket'), cell: (c) => c.oldestBucket },
                ]}
              />
            )}
          </Loaded>
        </Panel>

        <Panel
          id="disputes-report"
          title={t('disputesByReasonAndAge')}
          definition={t('disputesReportDefinition')}
          asOf={asOf}
          csv={() =>
            disputes.data
              ? {
                  header: ['asOf', 'grouping', 'key', 'currency', 'count', 'amount'],
                  rows: [
                    ...disputes.data.byReason.map((l) => [disputes.data!.asOf, 'reason', l.key, l.currency, num(l.count), num(l.amount)]),
                    ...disputes.data.byAge.map((l) => [disputes.data!.asOf, 'age', l.key, l.currency, num(l.count), num(l.amount)]),
                  ],
                }
              : null
          }
        >
          <Loaded state={disputes}>
            {(r) =>
              num(r.openCount) === 0 ? (
                <p className="empty">{t('noOpenDisputes')}</p>
              ) : (
                <div className="two-columns">
                  <div>
                    <h3>{t('byReason')}</h3>
                    <BarList title={t('byReason')} items={disputeBars(r.byReason)} format={(v) => money(v, null, lang)} />
                  </div>
                  <div>
                    <h3>{t('byAge')}</h3>
                    <BarList title={t('byAge')} items={disputeBars(r.byAge)} format={(v) => money(v, null, lang)} />
                  </div>
                  <p className="muted">
                    {t('openDisputes')}: {num(r.openCount)} · {t('averageResolutionDays')}: {r.averageResolutionDays === null ? '—' : num(r.averageResolutionDays)}
                  </p>
                </div>
              )
            }
          </Loaded>
        </Panel>

        <Panel
          id="promises"
          title={t('promisesKeptBroken')}
          definition={t('promisesDefinition')}
          asOf={asOf}
          csv={() =>
            promises.data
              ? { header: ['from', 'to', 'currency', 'kept', 'keptAmount', 'broken', 'brokenAmount', 'pending', 'pendingAmount', 'keptRate'], rows: promises.data.currencies.map((c) => [promises.data!.from, promises.data!.to, c.currency, num(c.kept), num(c.keptAmount), num(c.broken), num(c.brokenAmount), num(c.pending), num(c.pendingAmount), c.keptRate === null ? null : num(c.keptRate)]) }
              : null
          }
        >
          <Loaded state={promises}>
            {(r) =>
              r.currencies.length === 0 ? (
                <p className="empty">{t('noPromises')}</p>
              ) : (
                <>
                  <StackedBarChart
                    title={t('promisesKeptBroken')}
                    keys={['kept', 'pending', 'broken']}
                    keyLabels={{ kept: t('kept'), pending: t('pending'), broken: t('broken') }}
                    bars={r.currencies.map((c) => ({ label: c.currency, segments: [{ key: 'kept', value: num(c.keptAmount), count: num(c.kept) }, { key: 'pending', value: num(c.pendingAmount), count: num(c.pending) }, { key: 'broken', value: num(c.brokenAmount), count: num(c.broken) }] }))}
                    format={(v) => money(v, null, lang)}
                  />
                  <p className="muted">
                    {t('period')}: {r.from} → {r.to} · {t('kept')} {num(r.kept)} · {t('broken')} {num(r.broken)} · {t('pending')} {num(r.pending)}
                  </p>
                </>
              )
            }
          </Loaded>
        </Panel>

        <Panel
          id="agency-recoveries"
          title={t('agencyRecoveries')}
          definition={t('agencyRecoveriesDefinition')}
          asOf={asOf}
          csv={() =>
            agencies.data
              ? { header: ['agency', 'from', 'to', 'currency', 'handedOver', 'collected', 'fees', 'recoveryRate'], rows: agencies.data.flatMap((a) => a.amounts.map((m) => [a.agencyName, a.from, a.to, m.currency, num(m.handedOver), num(m.collected), num(m.fees), m.recoveryRate === null ? null : num(m.recoveryRate)])) }
              : null
          }
        >
          <Loaded state={agencies}>
            {(list) => (
              <Table
                caption={t('agencyRecoveries')}
                rows={list.flatMap((a) => (a.amounts.length ? a.amounts : [null]).map((m) => ({ a, m })))}
                rowKey={({ a, m }) => `${a.agencyId}-${m?.currency ?? ''}`}
                empty={t('noAgencies')}
                columns={[
                  { header: t('agency'), cell: ({ a }) => a.agencyName },
                  { header: t('casesHandedOver'), cell: ({ a }) => num(a.casesHandedOver), numeric: true },
                  { header: t('handedOver'), cell: ({ m }) => (m ? money(m.handedOver, m.currency, lang) : '—'), numeric: true },
                  { header: t('collected'), cell: ({ m }) => (m ? money(m.collected, m.currency, lang) : '—'), numeric: true },
                  { header: t('recoveryRate'), cell: ({ m }) => (m && m.recoveryRate !== null ? `${(num(m.recoveryRate) * 100).toFixed(1)} %` : '—'), numeric: true },
                ]}
              />
            )}
          </Loaded>
        </Panel>
      </div>
    </section>
  );
}
