import { useState } from 'react';
import { call, num, type Schemas } from '../api/client';
import { useCompany, useCompanyApi } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { Loaded, useLoad } from '../components/ui';
import { CustomerPicker } from './CustomerPicker';
import { FieldMessage, TextField, useActionForm } from './form';
import { WEIGHTS, orNull, parseNonNegative, validateCreditRequest, validateCreditSettings, type CreditRequestDraft, type CreditSettingsDraft, type CreditSettingsField } from './rules';

const REQUEST_FIELDS = ['customerId', 'amount', 'currency', 'reason', 'reviewDate', 'validUntil'] as const;

/** Asks for a credit limit for a customer; someone else within the delegation matrix decides it (four eyes). */
export function CreditRequestForm({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const { company, companyId } = useCompany();
  const client = useCompanyApi();
  const initial: CreditRequestDraft = { customerId: '', amount: '', currency: company.currency ?? 'EUR', reason: '', reviewDate: '', validUntil: '' };
  const form = useActionForm({
    id: 'credit-request',
    initial,
    fields: REQUEST_FIELDS,
    validate: validateCreditRequest,
    send: (d) =>
      call(
        client.POST('/api/companies/{companyId}/credit/requests', {
          params: { path: { companyId } },
          body: { customerId: d.customerId, amount: parseNonNegative(d.amount)!, currency: d.currency.trim(), reason: d.reason.trim(), reviewDate: orNull(d.reviewDate), validUntil: orNull(d.validUntil) },
        }),
      ),
    onDone,
  });
  return (
    <form className="panel" onSubmit={(e) => void form.submit(e)} noValidate aria-labelledby="credit-request-title">
      <h2 id="credit-request-title">{t('actNewCreditRequest')}</h2>
      <CustomerPicker form={form} id="credit-request" onPick={(c) => c?.currency && form.set({ currency: c.currency })} />
      <TextField form={form} id="credit-request" field="amount" label={t('actRequestedLimit')} inputMode="decimal" />
      <TextField form={form} id="credit-request" field="currency" label={t('currency')} />
      <TextField form={form} id="credit-request" field="reason" label={t('reason')} textarea />
      <TextField form={form} id="credit-request" field="reviewDate" label={t('reviewDate')} type="date" />
      <TextField form={form} id="credit-request" field="validUntil" label={t('validUntil')} type="date" />
      {form.problem}
      <button type="submit" className="primary" disabled={form.busy}>
        {t('actSendRequest')}
      </button>
    </form>
  );
}

const SETTINGS_FIELDS: readonly CreditSettingsField[] = ['warningPercent', 'behaviourWindowDays', 'scoreWeights', ...WEIGHTS.map((w) => `weight_${w}` as const)];

/** The credit settings other than the delegation matrix (Administration): what exposure counts, the alert threshold, the score's weights. */
export function CreditSettingsPanel() {
  const client = useCompanyApi();
  const settings = useLoad(() => call(client.GET('/api/companies/{companyId}/credit/settings')), [client]);
  const [saved, setSaved] = useState(false);
  return (
    <Loaded state={settings}>
      {(s) => (
        <CreditSettingsForm
          key={String(s.version)}
          settings={s}
          saved={saved}
          onChange={() => setSaved(false)}
          onDone={() => {
            setSaved(true);
            settings.reload();
          }}
        />
      )}
    </Loaded>
  );
}

function CreditSettingsForm({ settings: s, saved, onChange, onDone }: { settings: Schemas['CreditSettingsResponse']; saved: boolean; onChange: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { can } = useCompany();
  const manage = can.roles.includes('Administrator') || can.roles.includes('CreditManager');
  const client = useCompanyApi();
  const initial: CreditSettingsDraft = {
    includeDraftInvoices: s.includeDraftInvoices,
    deductCover: s.deductCover,
    warningPercent: String(num(s.warningPercent)),
    behaviourWindowDays: String(num(s.behaviourWindowDays)),
    weights: Object.fromEntries(WEIGHTS.map((w) => [w, String(num(s.scoreWeights[w]))])) as CreditSettingsDraft['weights'],
  };
  const form = useActionForm({
    id: 'credit-settings',
    initial,
    fields: SETTINGS_FIELDS,
    aliases: Object.fromEntries(WEIGHTS.map((w) => [`scoreWeights.${w}`, `weight_${w}` as CreditSettingsField])),
    validate: validateCreditSettings,
    send: (d) =>
      call(
        client.PUT('/api/companies/{companyId}/credit/settings', {
          body: {
            includeDraftInvoices: d.includeDraftInvoices,
            deductCover: d.deductCover,
            warningPercent: Number(d.warningPercent.replace(',', '.')),
            behaviourWindowDays: Number(d.behaviourWindowDays),
            scoreWeights: Object.fromEntries(WEIGHTS.map((w) => [w, Number(d.weights[w])])) as Schemas['ScoreWeightsDto'],
            authorityCurrency: s.authorityCurrency,
            authorityMatrix: s.authorityMatrix,
            version: s.version,
          },
        }),
      ),
    onDone,
  });
  const d = form.draft;
  const weightLabel = (w: (typeof WEIGHTS)[number]) => t(`actWeight_${w}` as Parameters<typeof t>[0]);
  return (
    <form className="panel" onSubmit={(e) => void form.submit(e)} onChange={onChange} noValidate aria-labelledby="credit-settings-title">
      <h2 id="credit-settings-title">{t('actCreditSettings')}</h2>
      <fieldset disabled={!manage}>
        <legend>{t('actExposureOptions')}</legend>
        <label className="inline">
          <input type="checkbox" checked={d.includeDraftInvoices} onChange={(e) => form.set({ includeDraftInvoices: e.target.checked })} /> {t('actIncludeDraftInvoices')}
        </label>
        <label className="inline">
          <input type="checkbox" checked={d.deductCover} onChange={(e) => form.set({ deductCover: e.target.checked })} /> {t('actDeductCover')}
        </label>
        <TextField form={form} id="credit-settings" field="warningPercent" label={`${t('warningPercent')} (%)`} inputMode="decimal" />
        <TextField form={form} id="credit-settings" field="behaviourWindowDays" label={t('actBehaviourWindowDays')} inputMode="numeric" />
      </fieldset>
      <fieldset disabled={!manage} {...form.describe('scoreWeights')}>
        <legend>{t('actScoreWeights')}</legend>
        {WEIGHTS.map((w) => (
          <div key={w}>
            <label>
              {weightLabel(w)}{' '}
              <input
                id={`credit-settings-weight_${w}`}
                inputMode="numeric"
                value={d.weights[w]}
                onChange={(e) => form.set({ weights: { ...d.weights, [w]: e.target.value } } as Partial<CreditSettingsDraft>)}
                {...form.describe(`weight_${w}`)}
              />
            </label>
            <FieldMessage form={form} field={`weight_${w}`} id="credit-settings" />
          </div>
        ))}
        <FieldMessage form={form} field="scoreWeights" id="credit-settings" />
      </fieldset>
      {form.problem}
      {manage && (
        <button type="submit" disabled={form.busy}>
          {t('saveSettings')}
        </button>
      )}
      {saved && <p role="status">{t('actSaved')}</p>}
    </form>
  );
}
