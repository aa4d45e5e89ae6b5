import { useState } from 'react';
import { call, num, type Schemas } from '../api/client';
import { useCompany, useCompanyApi } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { Loaded, Table, money, today, useCustomerNames, useLoad } from '../components/ui';
import { parseAmount } from '../inbox/outcome';
import { CustomerPicker } from './CustomerPicker';
import { FieldMessage, TextField, useActionForm } from './form';
import {
  GUARANTEE_TYPES,
  orNull,
  validateGuarantee,
  validateInsuredLimit,
  validateLimitDecision,
  validatePolicy,
  type GuaranteeDraft,
  type InsuredLimitDraft,
  type LimitDecisionDraft,
  type PolicyDraft,
} from './rules';

const GUARANTEE_FIELDS = ['customerId', 'type', 'issuerName', 'issuerReference', 'amount', 'currency', 'startDate', 'expiryDate', 'claimDeadline', 'notes'] as const;

/** Records a guarantee received from a customer (Requested until it is activated). */
export function GuaranteeForm({ onDone }: { onDone: (id: string) => void }) {
  const { t } = useI18n();
  const { company, companyId } = useCompany();
  const client = useCompanyApi();
  const initial: GuaranteeDraft = { customerId: '', type: 'BankGuarantee', issuerName: '', issuerReference: '', amount: '', currency: company.currency ?? 'EUR', startDate: today(), expiryDate: '', claimDeadline: '', notes: '' };
  const form = useActionForm({
    id: 'guarantee',
    initial,
    fields: GUARANTEE_FIELDS,
    validate: validateGuarantee,
    send: (d) =>
      call(
        client.POST('/api/companies/{companyId}/guarantees', {
          params: { path: { companyId } },
          body: {
            customerId: d.customerId,
            type: d.type,
            issuerName: d.issuerName.trim(),
            issuerReference: orNull(d.issuerReference),
            beneficiaryLegalEntityCode: null,
            amount: parseAmount(d.amount)!,
            currency: d.currency.trim(),
            startDate: d.startDate,
            expiryDate: d.expiryDate,
            claimDeadline: orNull(d.claimDeadline),
            coversGroup: null,
            scope: null,
            scopeReferences: null,
            notes: orNull(d.notes),
          },
        }),
      ),
    onDone: (g) => onDone((g as Schemas['GuaranteeResponse']).id),
  });
  return (
    <form className="panel" onSubmit={(e) => void form.submit(e)} noValidate aria-labelledby="guarantee-title">
      <h2 id="guarantee-title">{t('actRecordGuarantee')}</h2>
      <CustomerPicker form={form} id="guarantee" onPick={(c) => c?.currency && form.set({ currency: c.currency })} />
      <label>
        {t('type')}{' '}
        <select id="guarantee-type" aria-label={t('type')} value={form.draft.type} onChange={(e) => form.set({ type: e.target.value })} {...form.describe('type')}>
          {GUARANTEE_TYPES.map((x) => (
            <option key={x} value={x}>
              {t(`actGuarantee_${x}` as Parameters<typeof t>[0])}
            </option>
          ))}
        </select>
      </label>
      <FieldMessage form={form} field="type" id="guarantee" />
      <TextField form={form} id="guarantee" field="issuerName" label={t('issuer')} />
      <TextField form={form} id="guarantee" field="issuerReference" label={t('actIssuerReference')} />
      <TextField form={form} id="guarantee" field="amount" label={t('amountLabel')} inputMode="decimal" />
      <TextField form={form} id="guarantee" field="currency" label={t('currency')} />
      <TextField form={form} id="guarantee" field="startDate" label={t('actStartDate')} type="date" />
      <TextField form={form} id="guarantee" field="expiryDate" label={t('expiryDate')} type="date" />
      <TextField form={form} id="guarantee" field="claimDeadline" label={t('claimDeadline')} type="date" />
      <TextField form={form} id="guarantee" field="notes" label={t('note')} textarea />
      {form.problem}
      <button type="submit" className="primary" disabled={form.busy}>
        {t('actRecordGuarantee')}
      </button>
    </form>
  );
}

/** Activates a requested guarantee (the document is in hand): from then on it covers, and it shows among those expiring. */
export function ActivateGuarantee({ guarantee, onDone }: { guarantee: Schemas['GuaranteeResponse']; onDone: () => void }) {
  const { t } = useI18n();
  const client = useCompanyApi();
  const form = useActionForm({
    id: 'activate',
    initial: { effectiveDate: today() },
    fields: ['effectiveDate'] as const,
    validate: (d) => (d.effectiveDate ? {} : { effectiveDate: 'errDateRequired' as const }),
    send: (d) =>
      call(client.POST('/api/companies/{companyId}/guarantees/{guaranteeId}/activate', { params: { path: { guaranteeId: guarantee.id } }, body: { effectiveDate: d.effectiveDate, reason: null, version: guarantee.version } })),
    onDone,
  });
  return (
    <form className="inline-form" onSubmit={(e) => void form.submit(e)} noValidate aria-label={t('actActivate')}>
      <TextField form={form} id="activate" field="effectiveDate" label={t('actEffectiveDate')} type="date" />
      <button type="submit" disabled={form.busy}>
        {t('actActivate')}
      </button>
      {form.problem}
    </form>
  );
}

const POLICY_FIELDS = ['insurerName', 'policyNumber', 'currency', 'coveragePercent', 'maxExtensionDays', 'declarationDelayDays', 'paymentPlanNotificationDays', 'claimFilingDays', 'startDate', 'endDate'] as const;

/** Credit insurance: the policies, and for the one chosen its insured limits (asked for, then decided by the insurer). */
export function Insurance() {
  const { t } = useI18n();
  const { can, company, companyId } = useCompany();
  const manage = can.roles.includes('Administrator') || can.roles.includes('CreditManager');
  const client = useCompanyApi();
  const policies = useLoad(() => call(client.GET('/api/companies/{companyId}/guarantees/policies', { params: { query: { PageSize: 200 } } })), [client]);
  const [policyId, setPolicyId] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const initial: PolicyDraft = {
    insurerName: '',
    policyNumber: '',
    currency: company.currency ?? 'EUR',
    coveragePercent: '90',
    maxExtensionDays: '60',
    declarationDelayDays: '30',
    paymentPlanNotificationDays: '30',
    claimFilingDays: '150',
    startDate: today(),
    endDate: '',
  };
  const form = useActionForm({
    id: 'policy',
    initial,
    fields: POLICY_FIELDS,
    validate: validatePolicy,
    send: (d) =>
      call(
        client.POST('/api/companies/{companyId}/guarantees/policies', {
          params: { path: { companyId } },
          body: {
            insurerName: d.insurerName.trim(),
            policyNumber: d.policyNumber.trim(),
            currency: d.currency.trim(),
            coveragePercent: Number(d.coveragePercent.replace(',', '.')),
            maxExtensionDays: Number(d.maxExtensionDays),
            declarationDelayDays: Number(d.declarationDelayDays),
            paymentPlanNotificationDays: Number(d.paymentPlanNotificationDays),
            claimFilingDays: Number(d.claimFilingDays),
            startDate: d.startDate,
            endDate: orNull(d.endDate),
          },
        }),
      ),
    onDone: (p) => {
      setAdding(false);
      setPolicyId((p as Schemas['PolicyResponse']).id);
      policies.reload();
    },
  });
  return (
    <>
      <h2>{t('actPolicies')}</h2>
      <Loaded state={policies}>
        {(page) => (
          <Table
            caption={t('actPolicies')}
            rows={page.items}
            rowKey={(p) => p.id}
            empty={t('actNoPolicies')}
            columns={[
              { header: t('actPolicyNumber'), cell: (p) => <button type="button" className="link" onClick={() => setPolicyId(p.id)}>{p.policyNumber}</button> },
              { header: t('actInsurer'), cell: (p) => p.insurerName },
              { header: t('actCoveragePercent'), cell: (p) => `${num(p.coveragePercent)} %`, numeric: true },
              { header: t('validity'), cell: (p) => `${p.startDate} → ${p.endDate ?? '…'}` },
            ]}
          />
        )}
      </Loaded>
      {manage && (
        <button type="button" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>
          {t('actAddPolicy')}
        </button>
      )}
      {adding && (
        <form className="panel" onSubmit={(e) => void form.submit(e)} noValidate aria-labelledby="policy-title">
          <h2 id="policy-title">{t('actAddPolicy')}</h2>
          <TextField form={form} id="policy" field="insurerName" label={t('actInsurer')} />
          <TextField form={form} id="policy" field="policyNumber" label={t('actPolicyNumber')} />
          <TextField form={form} id="policy" field="currency" label={t('currency')} />
          <TextField form={form} id="policy" field="coveragePercent" label={t('actCoveragePercent')} inputMode="decimal" />
          <TextField form={form} id="policy" field="maxExtensionDays" label={t('actMaxExtensionDays')} inputMode="numeric" />
          <TextField form={form} id="policy" field="declarationDelayDays" label={t('actDeclarationDelayDays')} inputMode="numeric" />
          <TextField form={form} id="policy" field="paymentPlanNotificationDays" label={t('actPaymentPlanNotificationDays')} inputMode="numeric" />
          <TextField form={form} id="policy" field="claimFilingDays" label={t('actClaimFilingDays')} inputMode="numeric" />
          <TextField form={form} id="policy" field="startDate" label={t('actStartDate')} type="date" />
          <TextField form={form} id="policy" field="endDate" label={t('actEndDate')} type="date" />
          {form.problem}
          <button type="submit" className="primary" disabled={form.busy}>
            {t('actAddPolicy')}
          </button>
        </form>
      )}
      {policyId && <InsuredLimits key={policyId} policyId={policyId} manage={manage} operate={can.operate} />}
    </>
  );
}

const LIMIT_FIELDS = ['customerId', 'requestedAmount', 'requestedOn', 'note'] as const;
const DECISION_FIELDS = ['status', 'amount', 'effectiveDate', 'reference'] as const;

function InsuredLimits({ policyId, manage, operate }: { policyId: string; manage: boolean; operate: boolean }) {
  const { t, lang } = useI18n();
  const client = useCompanyApi();
  const customerName = useCustomerNames(client);
  const { companyId } = useCompany();
  const limits = useLoad(() => call(client.GET('/api/companies/{companyId}/guarantees/policies/{policyId}/limits', { params: { path: { policyId }, query: { PageSize: 200 } } })), [client, policyId]);
  const [deciding, setDeciding] = useState<Schemas['InsuredLimitResponse'] | null>(null);
  const initial: InsuredLimitDraft = { customerId: '', requestedAmount: '', requestedOn: today(), note: '' };
  const form = useActionForm({
    id: 'insured-limit',
    initial,
    fields: LIMIT_FIELDS,
    validate: validateInsuredLimit,
    send: (d) =>
      call(
        client.POST('/api/companies/{companyId}/guarantees/policies/{policyId}/limits', {
          params: { path: { companyId, policyId } },
          body: { customerId: d.customerId, requestedAmount: parseAmount(d.requestedAmount)!, requestedOn: d.requestedOn, note: orNull(d.note) },
        }),
      ),
    onDone: limits.reload,
  });
  return (
    <section className="panel" aria-labelledby="insured-limits-title">
      <h2 id="insured-limits-title">{t('actInsuredLimits')}</h2>
      <Loaded state={limits}>
        {(page) => (
          <Table
            caption={t('actInsuredLimits')}
            rows={page.items}
            rowKey={(l) => l.id}
            empty={t('actNoInsuredLimits')}
            columns={[
              { header: t('customer'), cell: (l) => customerName(l.customerId) },
              { header: t('actRequestedAmount'), cell: (l) => money(l.requestedAmount, l.currency, lang), numeric: true },
              { header: t('actGrantedAmount'), cell: (l) => money(l.amount, l.currency, lang), numeric: true },
              { header: t('status'), cell: (l) => l.status },
              { header: t('actEffectiveDate'), cell: (l) => l.effectiveDate },
              { header: '', cell: (l) => manage && l.status !== 'Cancelled' && <button type="button" onClick={() => setDeciding(l)} aria-label={`${t('decide')} ${customerName(l.customerId)}`}>{t('decide')}</button> },
            ]}
          />
        )}
      </Loaded>
      {deciding && (
        <DecideLimit
          limit={deciding}
          onDone={() => {
            setDeciding(null);
            limits.reload();
          }}
        />
      )}
      {operate && (
        <form onSubmit={(e) => void form.submit(e)} noValidate aria-labelledby="insured-limit-title">
          <h3 id="insured-limit-title">{t('actRequestInsuredLimit')}</h3>
          <CustomerPicker form={form} id="insured-limit" />
          <TextField form={form} id="insured-limit" field="requestedAmount" label={t('actRequestedAmount')} inputMode="decimal" />
          <TextField form={form} id="insured-limit" field="requestedOn" label={t('actRequestedOn')} type="date" />
          <TextField form={form} id="insured-limit" field="note" label={t('note')} />
          {form.problem}
          <button type="submit" disabled={form.busy}>
            {t('actRequestInsuredLimit')}
          </button>
        </form>
      )}
    </section>
  );
}

function DecideLimit({ limit, onDone }: { limit: Schemas['InsuredLimitResponse']; onDone: () => void }) {
  const { t } = useI18n();
  const client = useCompanyApi();
  const initial: LimitDecisionDraft = { status: 'Granted', amount: String(num(limit.requestedAmount)), effectiveDate: today(), reference: '' };
  const form = useActionForm({
    id: 'limit-decision',
    initial,
    fields: DECISION_FIELDS,
    validate: validateLimitDecision,
    send: (d) =>
      call(
        client.POST('/api/companies/{companyId}/guarantees/limits/{limitId}/decisions', {
          params: { path: { limitId: limit.id } },
          body: { status: d.status, amount: d.status === 'Cancelled' ? 0 : parseAmount(d.amount)!, effectiveDate: d.effectiveDate, reference: orNull(d.reference), note: null, version: limit.version },
        }),
      ),
    onDone,
  });
  return (
    <form onSubmit={(e) => void form.submit(e)} noValidate aria-labelledby="limit-decision-title">
      <h3 id="limit-decision-title">{t('actInsurerDecision')}</h3>
      <label>
        {t('decision')}{' '}
        <select id="limit-decision-status" aria-label={t('decision')} value={form.draft.status} onChange={(e) => form.set({ status: e.target.value })} {...form.describe('status')}>
          {['Granted', 'Reduced', 'Cancelled'].map((s) => (
            <option key={s} value={s}>
              {t(`actLimit_${s}` as Parameters<typeof t>[0])}
            </option>
          ))}
        </select>
      </label>
      <FieldMessage form={form} field="status" id="limit-decision" />
      {form.draft.status !== 'Cancelled' && <TextField form={form} id="limit-decision" field="amount" label={t('actGrantedAmount')} inputMode="decimal" />}
      <TextField form={form} id="limit-decision" field="effectiveDate" label={t('actEffectiveDate')} type="date" />
      <TextField form={form} id="limit-decision" field="reference" label={t('insurerReference')} />
      {form.problem}
      <button type="submit" disabled={form.busy}>
        {t('apply')}
      </button>
    </form>
  );
}
