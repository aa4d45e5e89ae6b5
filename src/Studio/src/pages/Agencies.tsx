import { useState } from 'react';
import { call, companyApi, num } from '../api/client';
import { useCompany, useCompanyApi } from '../app/Shell';
import { AgencyForm, AgencyKeys } from '../forms/AgencyForms';
import { useI18n } from '../app/i18n';
import { Loaded, Table, money, today, useLoad } from '../components/ui';

/** Collection agencies: the cases handed over to each, and its performance over a period. */
export function AgenciesPage() {
  const { t, lang } = useI18n();
  const client = useCompanyApi();
  const agencies = useLoad(() => call(client.GET('/api/companies/{companyId}/collection/agencies', { params: { query: { PageSize: 200 } } })), [client]);
  const [agencyId, setAgencyId] = useState<string | null>(null);
  const { can } = useCompany();
  const manage = can.roles.includes('Administrator') || can.roles.includes('CreditManager');
  const [adding, setAdding] = useState(false);
  return (
    <section aria-labelledby="agencies-title">
      <h1 id="agencies-title">{t('agencies')}</h1>
      {manage && (
        <button type="button" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>
          {t('actAddAgency')}
        </button>
      )}
      {adding && (
        <AgencyForm
          onDone={(id) => {
            setAdding(false);
            setAgencyId(id);
            agencies.reload();
          }}
        />
      )}
      <Loaded state={agencies}>
        {(page) => (
          <Table
            caption={t('agencies')}
            rows={page.items}
            rowKey={(a) => a.id}
            empty={t('noAgencies')}
            columns={[
              { header: t('name'), cell: (a) => <button type="button" className="link" onClick={() => setAgencyId(a.id)}>{a.name}</button> },
              { header: t('contact'), cell: (a) => [a.contactName, a.email, a.phone].filter(Boolean).join(' · ') },
              { header: t('commission'), cell: (a) => `${num(a.commissionRate)} %`, numeric: true },
              { header: t('serviceLevels'), cell: (a) => `${num(a.firstContactDays)} / ${num(a.reportEveryDays)} ${t('days')}` },
              { header: t('status'), cell: (a) => `${a.isActive ? t('active') : t('inactive')}${a.isDefault ? ` · ${t('default')}` : ''}` },
            ]}
          />
        )}
      </Loaded>
      {agencyId && manage && <AgencyKeys key={agencyId} agencyId={agencyId} manage={manage} />}
      {agencyId && <AgencyDetail agencyId={agencyId} client={client} lang={lang} />}
    </section>
  );
}

function AgencyDetail({ agencyId, client, lang }: { agencyId: string; client: ReturnType<typeof companyApi>; lang: string }) {
  const { t } = useI18n();
  const to = today();
  const [from, setFrom] = useState(`${Number(to.slice(0, 4)) - 1}${to.slice(4)}`);
  const cases = useLoad(() => call(client.GET('/api/companies/{companyId}/collection/agencies/{agencyId}/cases', { params: { path: { agencyId }, query: { PageSize: 200 } } })), [client, agencyId]);
  const performance = useLoad(() => call(client.GET('/api/companies/{companyId}/collection/agencies/{agencyId}/performance', { params: { path: { agencyId }, query: { from, to } } })), [client, agencyId, from, to]);
  return (
    <>
      <section className="panel" aria-labelledby="agency-performance-title">
        <h2 id="agency-performance-title">{t('performance')}</h2>
        <label className="inline">
          {t('from')} <input type="date" value={from} onChange={(e) => e.target.value && setFrom(e.target.value)} />
        </label>
        <Loaded state={performance}>
          {(p) => (
            <>
              <dl className="counts">
                {(
                  [
                    ['casesHandedOver', p.casesHandedOver],
                    ['casesOpen', p.casesOpen],
                    ['casesRecovered', p.casesRecovered],
                    ['casesPartiallyRecovered', p.casesPartiallyRecovered],
                    ['casesUnrecoverable', p.casesUnrecoverable],
                    ['casesRecalled', p.casesRecalled],
                    ['openCasesPastSla', p.openCasesPastSla],
                  ] as const
                ).map(([k, v]) => (
                  <div key={k}>
                    <dt>{t(k)}</dt>
                    <dd>{num(v)}</dd>
                  </div>
                ))}
                <div>
                  <dt>{t('averageDaysToRecover')}</dt>
                  <dd>{p.averageDaysToRecover === null ? '—' : num(p.averageDaysToRecover)}</dd>
                </div>
              </dl>
              <Table
                caption={t('performance')}
                rows={p.amounts}
                rowKey={(m) => m.currency}
                columns={[
                  { header: t('currency'), cell: (m) => m.currency },
                  { header: t('handedOver'), cell: (m) => money(m.handedOver, m.currency, lang), numeric: true },
                  { header: t('collected'), cell: (m) => money(m.collected, m.currency, lang), numeric: true },
                  { header: t('fees'), cell: (m) => money(m.fees, m.currency, lang), numeric: true },
                  { header: t('recoveryRate'), cell: (m) => (m.recoveryRate === null ? '—' : `${(num(m.recoveryRate) * 100).toFixed(1)} %`), numeric: true },
                ]}
              />
            </>
          )}
        </Loaded>
      </section>
      <h2>{t('casesHandedOverList')}</h2>
      <Loaded state={cases}>
        {(page) => (
          <Table
            caption={t('casesHandedOverList')}
            rows={page.items}
            rowKey={(c) => c.id}
            empty={t('noAgencyCases')}
            columns={[
              { header: t('handedOverOn'), cell: (c) => c.handedOverOn },
              { header: t('status'), cell: (c) => `${c.status}${c.outcome ? ` (${c.outcome})` : ''}` },
              { header: t('handedOver'), cell: (c) => money(c.handedOverAmount, c.currency, lang), numeric: true },
              { header: t('collected'), cell: (c) => money(c.collectedAmount, c.currency, lang), numeric: true },
              { header: t('outstanding'), cell: (c) => money(c.outstanding, c.currency, lang), numeric: true },
              { header: t('lastReport'), cell: (c) => c.lastReportOn ?? '—' },
              { header: t('nextAction'), cell: (c) => c.nextActionOn ?? '—' },
            ]}
          />
        )}
      </Loaded>
    </>
  );
}
