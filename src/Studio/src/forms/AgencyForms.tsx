import { useState } from 'react';
import { call, type Schemas } from '../api/client';
import { useCompany, useCompanyApi } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { ProblemAlert } from '../components/Problem';
import { Loaded, Table, useLoad } from '../components/ui';
import { TextField, useActionForm } from './form';
import { orNull, toNumber, validateAgency, type AgencyDraft } from './rules';

const AGENCY_FIELDS = ['name', 'contactName', 'email', 'phone', 'commissionRate', 'firstContactDays', 'reportEveryDays', 'isDefault'] as const;

/** Adds a collection agency with its commission and service levels (first contact, report frequency). */
export function AgencyForm({ onDone }: { onDone: (id: string) => void }) {
  const { t } = useI18n();
  const client = useCompanyApi();
  const { companyId } = useCompany();
  const initial: AgencyDraft = { name: '', contactName: '', email: '', phone: '', commissionRate: '', firstContactDays: '5', reportEveryDays: '30', isDefault: false };
  const form = useActionForm({
    id: 'agency',
    initial,
    fields: AGENCY_FIELDS,
    validate: validateAgency,
    send: (d) =>
      call(
        client.POST('/api/companies/{companyId}/collection/agencies', {
          params: { path: { companyId } },
          body: {
            name: d.name.trim(),
            contactName: orNull(d.contactName),
            email: orNull(d.email),
            phone: orNull(d.phone),
            commissionRate: toNumber(d.commissionRate),
            firstContactDays: Number(d.firstContactDays),
            reportEveryDays: Number(d.reportEveryDays),
            isActive: true,
            isDefault: d.isDefault,
          },
        }),
      ),
    onDone: (a) => onDone((a as Schemas['AgencyResponse']).id),
  });
  return (
    <form className="panel" onSubmit={(e) => void form.submit(e)} noValidate aria-labelledby="agency-title">
      <h2 id="agency-title">{t('actAddAgency')}</h2>
      <TextField form={form} id="agency" field="name" label={t('name')} />
      <TextField form={form} id="agency" field="contactName" label={t('contact')} />
      <TextField form={form} id="agency" field="email" label={t('email')} type="email" />
      <TextField form={form} id="agency" field="phone" label={t('actPhone')} type="tel" />
      <TextField form={form} id="agency" field="commissionRate" label={`${t('commission')} (%)`} inputMode="decimal" />
      <TextField form={form} id="agency" field="firstContactDays" label={t('actFirstContactDays')} inputMode="numeric" />
      <TextField form={form} id="agency" field="reportEveryDays" label={t('actReportEveryDays')} inputMode="numeric" />
      <label className="inline">
        <input type="checkbox" checked={form.draft.isDefault} onChange={(e) => form.set({ isDefault: e.target.checked })} /> {t('actDefaultAgency')}
      </label>
      {form.problem}
      <button type="submit" className="primary" disabled={form.busy}>
        {t('actAddAgency')}
      </button>
    </form>
  );
}

/** The agency's API keys (its portal access): a new key is shown once, then only its name; a key can be revoked. */
export function AgencyKeys({ agencyId, manage }: { agencyId: string; manage: boolean }) {
  const { t } = useI18n();
  const client = useCompanyApi();
  const { companyId } = useCompany();
  const keys = useLoad(() => call(client.GET('/api/companies/{companyId}/collection/agencies/{agencyId}/api-keys', { params: { path: { agencyId }, query: { PageSize: 200 } } })), [client, agencyId]);
  const [created, setCreated] = useState<Schemas['CreatedAgencyKeyResponse'] | null>(null);
  const [revokeError, setRevokeError] = useState<unknown>(null);
  const form = useActionForm({
    id: 'agency-key',
    initial: { name: '' },
    fields: ['name'] as const,
    validate: (d) => (!d.name.trim() ? { name: 'actErrRequired' as const } : d.name.trim().length > 100 ? { name: 'actErrTooLong' as const } : {}),
    send: (d) => call(client.POST('/api/companies/{companyId}/collection/agencies/{agencyId}/api-keys', { params: { path: { companyId, agencyId } }, body: { name: d.name.trim() } })),
    onDone: (k) => {
      setCreated(k as Schemas['CreatedAgencyKeyResponse']);
      keys.reload();
    },
  });
  const revoke = async (keyId: string) => {
    setRevokeError(null);
    try {
      await call(client.DELETE('/api/companies/{companyId}/collection/agencies/{agencyId}/api-keys/{keyId}', { params: { path: { agencyId, keyId } } }));
      keys.reload();
    } catch (err) {
      setRevokeError(err);
    }
  };
  return (
    <section className="panel" aria-labelledby="agency-keys-title">
      <h2 id="agency-keys-title">{t('actAgencyKeys')}</h2>
      <Loaded state={keys}>
        {(page) => (
          <Table
            caption={t('actAgencyKeys')}
            rows={page.items}
            rowKey={(k) => k.id}
            empty={t('noApiKeys')}
            columns={[
              { header: t('name'), cell: (k) => k.name },
              { header: t('createdAt'), cell: (k) => `${k.createdAt.slice(0, 10)} (${k.createdBy})` },
              { header: t('lastUsed'), cell: (k) => k.lastUsedAt?.slice(0, 10) ?? '—' },
              {
                header: '',
                cell: (k) =>
                  k.revokedAt ? `${t('revoked')} ${k.revokedAt.slice(0, 10)}` : manage && <button type="button" onClick={() => void revoke(k.id)} aria-label={`${t('revoke')} ${k.name}`}>{t('revoke')}</button>,
              },
            ]}
          />
        )}
      </Loaded>
      {manage && (
        <form className="inline-form" onSubmit={(e) => void form.submit(e)} noValidate aria-label={t('actIssueKey')}>
          <TextField form={form} id="agency-key" field="name" label={t('actKeyName')} />
          <button type="submit" disabled={form.busy}>
            {t('actIssueKey')}
          </button>
          {form.problem}
        </form>
      )}
      {created && (
        <p role="status" className="notice" data-testid="agency-key-once">
          {t('keyShownOnce')} <code>{created.key}</code>{' '}
          <button type="button" onClick={() => setCreated(null)}>
            {t('close')}
          </button>
        </p>
      )}
      <ProblemAlert error={revokeError} />
    </section>
  );
}
