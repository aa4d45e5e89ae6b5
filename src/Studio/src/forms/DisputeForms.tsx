import { useState } from 'react';
import { call, num, type Schemas } from '../api/client';
import { useCompany, useCompanyApi } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { Loaded, Table, money, useLoad } from '../components/ui';
import { parseAmount } from '../inbox/outcome';
import { CustomerPicker } from './CustomerPicker';
import { FieldMessage, TextField, useActionForm } from './form';
import { orNull, validateDispute, validateReason, type DisputeDraft, type ReasonDraft } from './rules';

const DISPUTE_FIELDS = ['customerId', 'invoiceIds', 'amount', 'reason', 'description', 'ownerEmail'] as const;

/** Opens a dispute on a customer's open invoices: reason from the company's list, the amount for a single invoice. */
export function OpenDisputeForm({ onDone }: { onDone: (disputeId: string) => void }) {
  const { t, lang } = useI18n();
  const { companyId } = useCompany();
  const client = useCompanyApi();
  const reasons = useLoad(() => call(client.GET('/api/companies/{companyId}/disputes/reasons')).then((r) => (r as Schemas['DisputeReasonResponse'][]).filter((x) => x.active)), [client]);
  const [customerId, setCustomerId] = useState('');
  const items = useLoad(
    () =>
      customerId
        ? call(client.GET('/api/companies/{companyId}/receivables/customers/{customerId}/items', { params: { path: { customerId }, query: { status: 'Open', type: 'Invoice', PageSize: 200 } } })).then((p) => p.items)
        : Promise.resolve([] as Schemas['ItemResponse'][]),
    [client, customerId],
  );
  const invoices = (items.data ?? []).filter((i) => !i.disputed);
  const initial: DisputeDraft = { customerId: '', invoiceIds: [], amount: '', reason: '', description: '', ownerEmail: '' };
  const form = useActionForm({
    id: 'open-dispute',
    initial,
    fields: DISPUTE_FIELDS,
    aliases: { invoices: 'invoiceIds', 'invoices.amount': 'amount', 'invoices.invoiceid': 'invoiceIds' },
    validate: (d) => {
      const one = d.invoiceIds.length === 1 ? invoices.find((i) => i.id === d.invoiceIds[0]) : undefined;
      return validateDispute(d, one ? num(one.openAmount.amount) : undefined);
    },
    send: (d) =>
      call(
        client.POST('/api/companies/{companyId}/disputes', {
          params: { path: { companyId } },
          body: {
            customerId: d.customerId,
            reason: d.reason,
            description: d.description.trim(),
            invoices: d.invoiceIds.map((invoiceId) => ({ invoiceId, amount: d.invoiceIds.length === 1 && d.amount.trim() ? parseAmount(d.amount) : null })),
            ownerDepartment: null,
            ownerEmail: orNull(d.ownerEmail),
            publicNote: null,
          },
        }),
      ),
    onDone: (created) => {
      setCustomerId('');
      onDone((created as Schemas['DisputeResponse']).id);
    },
  });
  const d = form.draft;
  return (
    <form className="panel" onSubmit={(e) => void form.submit(e)} noValidate aria-labelledby="open-dispute-title">
      <h2 id="open-dispute-title">{t('actOpenDispute')}</h2>
      <CustomerPicker
        form={form}
        id="open-dispute"
        onPick={(c) => {
          setCustomerId(c?.id ?? '');
          form.set({ invoiceIds: [], amount: '' });
        }}
      />
      <fieldset {...form.describe('invoiceIds')}>
        <legend>{t('disputeInvoices')}</legend>
        {d.customerId && invoices.length === 0 && <p className="empty">{t('noOpenItems')}</p>}
        {invoices.map((i) => (
          <label key={i.id} className="inline">
            <input
              type="checkbox"
              checked={d.invoiceIds.includes(i.id)}
              onChange={(e) => form.set({ invoiceIds: e.target.checked ? [...d.invoiceIds, i.id] : d.invoiceIds.filter((x) => x !== i.id) })}
            />{' '}
            {i.reference} ({money(i.openAmount.amount, i.openAmount.currency, lang)})
          </label>
        ))}
        <FieldMessage form={form} field="invoiceIds" id="open-dispute" />
      </fieldset>
      <label>
        {t('disputeAmount')}{' '}
        <input id="open-dispute-amount" inputMode="decimal" value={d.amount} disabled={d.invoiceIds.length > 1} onChange={(e) => form.set({ amount: e.target.value })} {...form.describe('amount')} />
      </label>
      <p className="muted">{t('actDisputeAmountHint')}</p>
      <FieldMessage form={form} field="amount" id="open-dispute" />
      <label>
        {t('disputeReason')}{' '}
        <select id="open-dispute-reason" aria-label={t('disputeReason')} value={d.reason} onChange={(e) => form.set({ reason: e.target.value })} {...form.describe('reason')}>
          <option value="">—</option>
          {(reasons.data ?? []).map((r) => (
            <option key={r.id} value={r.code}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      <FieldMessage form={form} field="reason" id="open-dispute" />
      <TextField form={form} id="open-dispute" field="description" label={t('description')} textarea />
      <TextField form={form} id="open-dispute" field="ownerEmail" label={t('actOwnerEmail')} type="email" />
      {form.problem}
      <button type="submit" className="primary" disabled={form.busy}>
        {t('actOpenDispute')}
      </button>
    </form>
  );
}

const REASON_FIELDS = ['code', 'name', 'ownerDepartment', 'slaBusinessDays', 'active'] as const;

/** The company's dispute reasons: each with its owner department and SLA; a new code adds a reason, an existing one edits it. */
export function DisputeReasons() {
  const { t } = useI18n();
  const { can } = useCompany();
  const manage = can.roles.includes('Administrator') || can.roles.includes('CreditManager');
  const client = useCompanyApi();
  const list = useLoad(() => call(client.GET('/api/companies/{companyId}/disputes/reasons')).then((r) => r as Schemas['DisputeReasonResponse'][]), [client]);
  const [editing, setEditing] = useState<Schemas['DisputeReasonResponse'] | null>(null);
  const [saved, setSaved] = useState(false);
  const initial: ReasonDraft = { code: '', name: '', ownerDepartment: '', slaBusinessDays: '10', active: true };
  const form = useActionForm({
    id: 'reason',
    initial,
    fields: REASON_FIELDS,
    validate: (d) => {
      const found = validateReason(d);
      // A new code that exists already would overwrite that reason: edit it instead.
      if (!editing && !found.code && (list.data ?? []).some((r) => r.code === d.code)) found.code = 'actErrCodeTaken';
      return found;
    },
    send: (d) =>
      call(
        client.PUT('/api/companies/{companyId}/disputes/reasons/{code}', {
          params: { path: { code: d.code } },
          body: { name: d.name.trim(), ownerDepartment: d.ownerDepartment.trim(), slaBusinessDays: Number(d.slaBusinessDays), active: d.active, version: editing?.code === d.code ? editing.version : null },
        }),
      ),
    onDone: () => {
      setEditing(null);
      setSaved(true);
      list.reload();
    },
  });
  const edit = (r: Schemas['DisputeReasonResponse']) => {
    setEditing(r);
    setSaved(false);
    form.reset();
    form.set({ code: r.code, name: r.name, ownerDepartment: r.ownerDepartment, slaBusinessDays: String(num(r.slaBusinessDays)), active: r.active });
  };
  return (
    <>
      <Loaded state={list}>
        {(reasons) => (
          <Table
            caption={t('actDisputeReasons')}
            rows={reasons}
            rowKey={(r) => r.id}
            columns={[
              { header: t('code'), cell: (r) => r.code },
              { header: t('name'), cell: (r) => r.name },
              { header: t('actOwnerDepartment'), cell: (r) => r.ownerDepartment },
              { header: t('actSlaDays'), cell: (r) => num(r.slaBusinessDays), numeric: true },
              { header: t('status'), cell: (r) => (r.active ? t('active') : t('inactive')) },
              { header: '', cell: (r) => manage && <button type="button" onClick={() => edit(r)} aria-label={`${t('edit')} ${r.code}`}>{t('edit')}</button> },
            ]}
          />
        )}
      </Loaded>
      {manage && (
        <form className="panel" onSubmit={(e) => void form.submit(e)} noValidate aria-labelledby="reason-title">
          <h2 id="reason-title">{editing ? `${t('edit')} ${editing.code}` : t('actAddReason')}</h2>
          <label>
            {t('code')} <input id="reason-code" value={form.draft.code} readOnly={!!editing} onChange={(e) => form.set({ code: e.target.value })} {...form.describe('code')} />
          </label>
          <FieldMessage form={form} field="code" id="reason" />
          <TextField form={form} id="reason" field="name" label={t('name')} />
          <TextField form={form} id="reason" field="ownerDepartment" label={t('actOwnerDepartment')} />
          <TextField form={form} id="reason" field="slaBusinessDays" label={t('actSlaDays')} inputMode="numeric" />
          <label className="inline">
            <input type="checkbox" checked={form.draft.active} onChange={(e) => form.set({ active: e.target.checked })} /> {t('active')}
          </label>
          {form.problem}
          <button type="submit" disabled={form.busy}>
            {t('saveSettings')}
          </button>{' '}
          {editing && (
            <button type="button" onClick={() => { setEditing(null); form.reset(); }}>
              {t('close')}
            </button>
          )}
          {saved && <p role="status">{t('actSaved')}</p>}
        </form>
      )}
    </>
  );
}
