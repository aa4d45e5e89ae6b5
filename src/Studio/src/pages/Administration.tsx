import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { call, num, type Schemas } from '../api/client';
import { useCompany, useCompanyApi } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { CalendarPanel } from '../calendar/CalendarPanel';
import { FieldErrors, ProblemAlert } from '../components/Problem';
import { Loaded, SubTabs, Table, useLoad } from '../components/ui';
import { LegalEntityForm, MemberRolesForm } from '../forms/AdminForms';

type Tab = 'members' | 'apiKeys' | 'company' | 'rates' | 'templates' | 'delegation';
type Role = Schemas['CompanyRole'];
const ROLES: Role[] = ['Administrator', 'CreditManager', 'Operator', 'Consultant', 'Viewer'];

/** Administration: members and their roles, API keys, company settings, rates, templates and the delegation matrix. */
export function AdministrationPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = (params.get('tab') as Tab | null) ?? 'members';
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t('administration')}</h1>
      <SubTabs
        label={t('administration')}
        current={tab}
        onChange={(k) => setParams({ tab: k })}
        tabs={[
          { key: 'members', label: t('members') },
          { key: 'apiKeys', label: t('apiKeys') },
          { key: 'company', label: t('companySettings') },
          { key: 'rates', label: t('rates') },
          { key: 'templates', label: t('templates') },
          { key: 'delegation', label: t('delegationMatrix') },
        ]}
      />
      {tab === 'members' && <Members />}
      {tab === 'apiKeys' && <ApiKeys />}
      {tab === 'company' && <CompanySettings />}
      {tab === 'rates' && <Rates />}
      {tab === 'templates' && <Templates />}
      {tab === 'delegation' && <Delegation />}
    </section>
  );
}

function useIsAdmin() {
  const { can } = useCompany();
  return can.roles.includes('Administrator');
}

function Members() {
  const { t } = useI18n();
  const { companyId } = useCompany();
  const client = useCompanyApi();
  const admin = useIsAdmin();
  const list = useLoad(() => call(client.GET('/api/companies/{companyId}/members', { params: { query: { PageSize: 200 } } })), [client]);
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('Operator');
  const [error, setError] = useState<unknown>(null);
  const [changing, setChanging] = useState<Schemas['MemberResponse'] | null>(null);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await call(client.POST('/api/companies/{companyId}/members', { params: { path: { companyId } }, body: { email, displayName, roles: [role], password: null } }));
      setEmail('');
      setDisplayName('');
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (membershipId: string) => {
    setError(null);
    try {
      await call(client.DELETE('/api/companies/{companyId}/members/{membershipId}', { params: { path: { membershipId } } }));
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <Loaded state={list}>
        {(page) => (
          <Table
            caption={t('members')}
            rows={page.items}
            rowKey={(m) => m.membershipId}
            columns={[
              { header: t('name'), cell: (m) => m.displayName },
              { header: t('email'), cell: (m) => m.email },
              { header: t('roles'), cell: (m) => m.roles.join(', ') },
              { header: '', cell: (m) => admin && <button type="button" onClick={() => void remove(m.membershipId)} aria-label={`${t('remove')} ${m.email}`}>{t('remove')}</button> },
              { header: ' ', cell: (m) => admin && <button type="button" onClick={() => setChanging(m)} aria-label={`${t('actChangeRoles')} ${m.email}`}>{t('actChangeRoles')}</button> },
            ]}
          />
        )}
      </Loaded>
      {changing && (
        <MemberRolesForm
          key={changing.membershipId}
          member={changing}
          onCancel={() => setChanging(null)}
          onDone={() => {
            setChanging(null);
            list.reload();
          }}
        />
      )}
      {admin && (
        <form onSubmit={add} className="inline-form" aria-label={t('addMember')}>
          <label>
            {t('email')} <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} aria-describedby="member-email-error" />
            <FieldErrors error={error} field="email" id="member-email-error" />
          </label>
          <label>
            {t('name')} <input required value={displayName} onChange={(e) => setDisplayName(e.target.value)} aria-describedby="member-name-error" />
            <FieldErrors error={error} field="displayName" id="member-name-error" />
          </label>
          <label>
            {t('roles')}{' '}
            <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <button type="submit">{t('addMember')}</button>
        </form>
      )}
      <ProblemAlert error={error} shownFields={['email', 'displayName']} />
    </>
  );
}

function ApiKeys() {
  const { t } = useI18n();
  const { companyId } = useCompany();
  const client = useCompanyApi();
  const admin = useIsAdmin();
  const list = useLoad(() => call(client.GET('/api/companies/{companyId}/api-keys', { params: { query: { PageSize: 200 } } })), [client]);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('Viewer');
  const [created, setCreated] = useState<Schemas['CreatedApiKeyResponse'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setCreated(await call(client.POST('/api/companies/{companyId}/api-keys', { params: { path: { companyId } }, body: { name, role } })));
      setName('');
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  const revoke = async (apiKeyId: string) => {
    setError(null);
    try {
      await call(client.DELETE('/api/companies/{companyId}/api-keys/{apiKeyId}', { params: { path: { apiKeyId } } }));
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <Loaded state={list}>
        {(page) => (
          <Table
            caption={t('apiKeys')}
            rows={page.items}
            rowKey={(k) => k.id}
            empty={t('noApiKeys')}
            columns={[
              { header: t('name'), cell: (k) => k.name },
              { header: t('roles'), cell: (k) => k.role },
              { header: t('createdAt'), cell: (k) => `${k.createdAt.slice(0, 10)} (${k.createdBy})` },
              { header: t('lastUsed'), cell: (k) => k.lastUsedAt?.slice(0, 10) ?? '—' },
              { header: '', cell: (k) => (k.revokedAt ? `${t('revoked')} ${k.revokedAt.slice(0, 10)}` : admin && <button type="button" onClick={() => void revoke(k.id)} aria-label={`${t('revoke')} ${k.name}`}>{t('revoke')}</button>) },
            ]}
          />
        )}
      </Loaded>
      {admin && (
        <form onSubmit={create} className="inline-form" aria-label={t('createApiKey')}>
          <label>
            {t('name')} <input required value={name} onChange={(e) => setName(e.target.value)} aria-describedby="key-name-error" />
            <FieldErrors error={error} field="name" id="key-name-error" />
          </label>
          <label>
            {t('roles')}{' '}
            <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.filter((r) => r !== 'Administrator').map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <button type="submit">{t('createApiKey')}</button>
        </form>
      )}
      {created && (
        <p role="status" className="notice">
          {t('keyShownOnce')} <code>{created.key}</code>
        </p>
      )}
      <ProblemAlert error={error} shownFields={['name']} />
    </>
  );
}

function CompanySettings() {
  const { t } = useI18n();
  const client = useCompanyApi();
  const admin = useIsAdmin();
  const company = useLoad(() => call(client.GET('/api/companies/{companyId}')), [client]);
  const entities = useLoad(() => call(client.GET('/api/companies/{companyId}/legal-entities', { params: { query: { PageSize: 200 } } })), [client]);
  const [draft, setDraft] = useState<Schemas['UpdateCompanyRequest'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const current = draft ?? (company.data ? { name: company.data.name, currency: company.data.currency, timeZone: company.data.timeZone, language: company.data.language, version: company.data.version } : null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!current) return;
    setError(null);
    setSaved(false);
    try {
      await call(client.PUT('/api/companies/{companyId}', { body: current }));
      setDraft(null);
      setSaved(true);
      company.reload();
    } catch (err) {
      setError(err);
    }
  };
  const field = (key: 'name' | 'currency' | 'timeZone' | 'language', label: string) =>
    current && (
      <label>
        {label} <input value={String(current[key])} disabled={!admin} onChange={(e) => setDraft({ ...current, [key]: e.target.value })} aria-describedby={`company-${key}-error`} />
        <FieldErrors error={error} field={key} id={`company-${key}-error`} />
      </label>
    );
  return (
    <>
      <Loaded state={company}>
        {(c) => (
          <form onSubmit={save} className="panel" aria-label={t('companySettings')}>
            {field('name', t('name'))}
            {field('currency', t('currency'))}
            {field('timeZone', t('timeZone'))}
            {field('language', t('language'))}
            <p>
              {t('country')}: {c.country}
            </p>
            {admin && <button type="submit">{t('saveSettings')}</button>}
            {saved && <p role="status">{t('saved')}</p>}
            <ProblemAlert error={error} shownFields={['name', 'currency', 'timeZone', 'language']} />
          </form>
        )}
      </Loaded>
      {company.data && <CalendarPanel admin={admin} country={company.data.country} />}
      <h2>{t('legalEntities')}</h2>
      <Loaded state={entities}>
        {(page) => (
          <Table
            caption={t('legalEntities')}
            rows={page.items}
            rowKey={(e) => e.id}
            columns={[
              { header: t('code'), cell: (e) => e.code },
              { header: t('name'), cell: (e) => e.name },
              { header: 'SIREN', cell: (e) => e.siren ?? '—' },
              { header: t('vatNumber'), cell: (e) => e.vatNumber ?? '—' },
            ]}
          />
        )}
      </Loaded>
      {admin && <LegalEntityForm onDone={entities.reload} />}
    </>
  );
}

function Rates() {
  const { t } = useI18n();
  const client = useCompanyApi();
  const { can } = useCompany();
  const manage = can.roles.includes('Administrator') || can.roles.includes('CreditManager');
  const fx = useLoad(() => call(client.GET('/api/companies/{companyId}/receivables/exchange-rates', { params: { query: { PageSize: 200 } } })), [client]);
  const reference = useLoad(() => call(client.GET('/api/companies/{companyId}/collection/reference-rates', { params: { query: {} } })), [client]);
  const [rate, setRate] = useState({ date: '', fromCurrency: '', toCurrency: 'EUR', rate: '' });
  const [legal, setLegal] = useState({ kind: 'EcbMainRefinancing', effectiveFrom: '', rate: '', source: '' });
  const [error, setError] = useState<unknown>(null);
  const setFx = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await call(client.PUT('/api/companies/{companyId}/receivables/exchange-rates', { body: { ...rate, rate: Number(rate.rate) } }));
      fx.reload();
    } catch (err) {
      setError(err);
    }
  };
  const addLegal = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await call(client.POST('/api/companies/{companyId}/collection/reference-rates', { body: { ...legal, rate: Number(legal.rate), source: legal.source || null } }));
      reference.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <h2>{t('exchangeRates')}</h2>
      <Loaded state={fx}>
        {(page) => (
          <Table
            caption={t('exchangeRates')}
            rows={page.items}
            rowKey={(r) => r.id}
            empty={t('noRates')}
            columns={[
              { header: t('date'), cell: (r) => r.date },
              { header: t('pair'), cell: (r) => `1 ${r.fromCurrency} = ${num(r.rate)} ${r.toCurrency}` },
            ]}
          />
        )}
      </Loaded>
      {manage && (
        <form onSubmit={setFx} className="inline-form" aria-label={t('setRate')}>
          <label>
            {t('date')} <input type="date" required value={rate.date} onChange={(e) => setRate({ ...rate, date: e.target.value })} aria-describedby="fx-date-error" />
            <FieldErrors error={error} field="date" id="fx-date-error" />
          </label>
          <label>
            {t('fromCurrency')} <input required maxLength={3} value={rate.fromCurrency} onChange={(e) => setRate({ ...rate, fromCurrency: e.target.value.toUpperCase() })} aria-describedby="fx-from-error" />
            <FieldErrors error={error} field="fromCurrency" id="fx-from-error" />
          </label>
          <label>
            {t('toCurrency')} <input required maxLength={3} value={rate.toCurrency} onChange={(e) => setRate({ ...rate, toCurrency: e.target.value.toUpperCase() })} aria-describedby="fx-to-error" />
            <FieldErrors error={error} field="toCurrency" id="fx-to-error" />
          </label>
          <label>
            {t('rate')} <input type="number" step="any" required value={rate.rate} onChange={(e) => setRate({ ...rate, rate: e.target.value })} aria-describedby="fx-rate-error" />
            <FieldErrors error={error} field="rate" id="fx-rate-error" />
          </label>
          <button type="submit">{t('setRate')}</button>
        </form>
      )}
      <h2>{t('legalInterestRates')}</h2>
      <Loaded state={reference}>
        {(rates) => (
          <Table
            caption={t('legalInterestRates')}
            rows={rates}
            rowKey={(r) => r.id}
            columns={[
              { header: t('kind'), cell: (r) => r.kind },
              { header: t('from'), cell: (r) => r.effectiveFrom },
              { header: t('rate'), cell: (r) => `${num(r.rate)} %`, numeric: true },
              { header: t('source'), cell: (r) => (r.shipped ? t('shipped') : r.source ?? '') },
            ]}
          />
        )}
      </Loaded>
      {manage && (
        <form onSubmit={addLegal} className="inline-form" aria-label={t('addRate')}>
          <label>
            {t('kind')}{' '}
            <select value={legal.kind} onChange={(e) => setLegal({ ...legal, kind: e.target.value })}>
              {['EcbMainRefinancing', 'FrenchLegalRateProfessional', 'FrenchLegalRateConsumer'].map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </label>
          <label>
            {t('from')} <input type="date" required value={legal.effectiveFrom} onChange={(e) => setLegal({ ...legal, effectiveFrom: e.target.value })} aria-describedby="legal-from-error" />
            <FieldErrors error={error} field="effectiveFrom" id="legal-from-error" />
          </label>
          <label>
            {t('rate')} (%) <input type="number" step="any" required value={legal.rate} onChange={(e) => setLegal({ ...legal, rate: e.target.value })} aria-describedby="legal-rate-error" />
            <FieldErrors error={error} field="rate" id="legal-rate-error" />
          </label>
          <label>
            {t('source')} <input value={legal.source} onChange={(e) => setLegal({ ...legal, source: e.target.value })} />
          </label>
          <button type="submit">{t('addRate')}</button>
        </form>
      )}
      <ProblemAlert error={error} shownFields={['date', 'fromCurrency', 'toCurrency', 'rate', 'effectiveFrom']} />
    </>
  );
}

function Templates() {
  const { t } = useI18n();
  const client = useCompanyApi();
  const { can } = useCompany();
  const manage = can.roles.includes('Administrator') || can.roles.includes('CreditManager');
  const list = useLoad(() => call(client.GET('/api/companies/{companyId}/collection/templates')), [client]);
  const [editing, setEditing] = useState<Schemas['MessageTemplateResponse'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    setError(null);
    try {
      await call(client.PUT('/api/companies/{companyId}/collection/templates', { body: { kind: editing.kind, channel: editing.channel, level: editing.level, language: editing.language, subject: editing.subject, body: editing.body, version: editing.version } }));
      setEditing(null);
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <Loaded state={list}>
        {(templates) => (
          <Table
            caption={t('templates')}
            rows={templates}
            rowKey={(x) => `${x.kind}-${x.channel}-${num(x.level)}-${x.language}`}
            columns={[
              { header: t('kind'), cell: (x) => `${x.kind} ${num(x.level)}` },
              { header: t('channel'), cell: (x) => x.channel },
              { header: t('language'), cell: (x) => x.language },
              { header: t('subject'), cell: (x) => x.subject },
              { header: '', cell: (x) => `${x.custom ? t('ownWording') : t('builtIn')}` },
              { header: '', cell: (x) => manage && <button type="button" onClick={() => setEditing(x)} aria-label={`${t('edit')} ${x.kind} ${num(x.level)} ${x.channel} ${x.language}`}>{t('edit')}</button> },
            ]}
          />
        )}
      </Loaded>
      {editing && (
        <form onSubmit={save} className="panel" aria-label={t('editTemplate')}>
          <h2>
            {editing.kind} {num(editing.level)} · {editing.channel} · {editing.language}
          </h2>
          <label>
            {t('subject')} <input value={editing.subject} onChange={(e) => setEditing({ ...editing, subject: e.target.value })} aria-describedby="template-subject-error" />
            <FieldErrors error={error} field="subject" id="template-subject-error" />
          </label>
          <label>
            {t('body')} <textarea rows={12} className="json" value={editing.body} onChange={(e) => setEditing({ ...editing, body: e.target.value })} aria-describedby="template-body-error" />
            <FieldErrors error={error} field="body" id="template-body-error" />
          </label>
          <button type="submit">{t('saveSettings')}</button> <button type="button" onClick={() => setEditing(null)}>{t('close')}</button>
          <ProblemAlert error={error} shownFields={['subject', 'body']} />
        </form>
      )}
    </>
  );
}

function Delegation() {
  const { t, lang } = useI18n();
  const client = useCompanyApi();
  const admin = useIsAdmin();
  const settings = useLoad(() => call(client.GET('/api/companies/{companyId}/credit/settings')), [client]);
  const [matrix, setMatrix] = useState<Schemas['AuthorityLevelDto'][] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!settings.data || !matrix) return;
    setError(null);
    setSaved(false);
    try {
      const s = settings.data;
      await call(client.PUT('/api/companies/{companyId}/credit/settings', { body: { includeDraftInvoices: s.includeDraftInvoices, deductCover: s.deductCover, warningPercent: s.warningPercent, authorityCurrency: s.authorityCurrency, authorityMatrix: matrix, scoreWeights: s.scoreWeights, behaviourWindowDays: s.behaviourWindowDays, version: s.version } }));
      setMatrix(null);
      setSaved(true);
      settings.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Loaded state={settings}>
      {(s) => {
        const rows = matrix ?? s.authorityMatrix;
        return (
          <form onSubmit={save} aria-label={t('delegationMatrix')}>
            <p className="muted">
              {t('authorityCurrency')}: {s.authorityCurrency} · {t('warningPercent')} {num(s.warningPercent)} %
            </p>
            <table className="grid">
              <caption className="sr-only">{t('delegationMatrix')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('roles')}</th>
                  <th scope="col">{t('label')}</th>
                  <th scope="col">{t('maxAmount')}</th>
                  {admin && <th scope="col"><span className="sr-only">{t('remove')}</span></th>}
                </tr>
              </thead>
              <tbody>
                {rows.map((level, i) => (
                  <tr key={i}>
                    <td>
                      {admin ? (
                        <select aria-label={`${t('roles')} ${i + 1}`} value={level.role} onChange={(e) => setMatrix(rows.map((r, k) => (k === i ? { ...r, role: e.target.value } : r)))}>
                          {(['Operator', 'CreditManager', 'Administrator'] as const).map((r) => (
                            <option key={r}>{r}</option>
                          ))}
                        </select>
                      ) : (
                        level.role
                      )}
                    </td>
                    <td>
                      {admin ? (
                        <input aria-label={`${t('label')} ${i + 1}`} value={level.label} onChange={(e) => setMatrix(rows.map((r, k) => (k === i ? { ...r, label: e.target.value } : r)))} />
                      ) : (
                        level.label
                      )}
                    </td>
                    <td>
                      {admin ? (
                        <input
                          type="number"
                          step="0.01"
                          aria-label={`${t('maxAmount')} ${level.label || i + 1}`}
                          value={level.maxAmount === null ? '' : String(level.maxAmount)}
                          placeholder={t('unlimited')}
                          onChange={(e) => setMatrix(rows.map((r, k) => (k === i ? { ...r, maxAmount: e.target.value === '' ? null : Number(e.target.value) } : r)))}
                        />
                      ) : level.maxAmount === null ? (
                        t('unlimited')
                      ) : (
                        new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-FR').format(num(level.maxAmount))
                      )}
                    </td>
                    {admin && (
                      <td>
                        <button type="button" onClick={() => setMatrix(rows.filter((_, k) => k !== i))} aria-label={`${t('remove')} ${level.label || i + 1}`}>
                          {t('remove')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
            {admin && (
              <button type="button" onClick={() => setMatrix([...rows, { role: 'CreditManager', label: '', maxAmount: null }])}>
                {t('actAddLevel')}
              </button>
            )}{' '}
            {admin && (
              <button type="submit" disabled={!matrix}>
                {t('saveSettings')}
              </button>
            )}
            {saved && <p role="status">{t('saved')}</p>}
            <ProblemAlert error={error} />
          </form>
        );
      }}
    </Loaded>
  );
}
