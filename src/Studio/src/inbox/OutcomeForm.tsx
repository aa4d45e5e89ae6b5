import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError, call, companyApi, type Schemas } from '../api/client';
import { useI18n } from '../app/i18n';
import { ProblemAlert } from '../components/Problem';
import { emptyDraft, parseAmount, taskValues, validateOutcome, type OutcomeDraft, type OutcomeErrors } from './outcome';
import { money, type InboxTask } from './types';

type Field = keyof OutcomeErrors;

/** Which API field names land under which form field. */
const API_FIELDS: Record<string, Field> = {
  outcome: 'outcome',
  'values.promiseddate': 'promisedDate',
  'values.promisedamount': 'promisedAmount',
  'values.disputereason': 'disputeReason',
  'values.note': 'note',
  reason: 'disputeReason',
  invoices: 'disputeInvoices',
};

function apiErrorsByField(error: unknown): Partial<Record<Field, string>> {
  if (!(error instanceof ApiError)) return {};
  const byField: Partial<Record<Field, string>> = {};
  for (const [name, messages] of Object.entries(error.problem.errors ?? {})) {
    const key = name.toLowerCase();
    const field = API_FIELDS[key] ?? (key.startsWith('invoices') && key.endsWith('amount') ? 'disputeAmount' : key.startsWith('invoices') ? 'disputeInvoices' : undefined);
    if (field) byField[field] = [byField[field], ...messages].filter(Boolean).join(' ');
  }
  return byField;
}

/**
 * The outcome of a task: for a call, its result with the promise (date, amount), the dispute (reason, amount, invoices,
 * opened in the Disputes module first) or a note. Checked before anything is sent; the API's refusals show under their field.
 */
export function OutcomeForm({
  task,
  companyId,
  items,
  today,
  onDone,
}: {
  task: InboxTask;
  companyId: string;
  items: Schemas['ItemResponse'][];
  today: string;
  onDone: () => void;
}) {
  const { t, lang } = useI18n();
  const client = useMemo(() => companyApi(companyId), [companyId]);
  const currency = items[0]?.openAmount.currency ?? 'EUR';
  const [draft, setDraft] = useState<OutcomeDraft>(() => emptyDraft(currency));
  const [errors, setErrors] = useState<OutcomeErrors>({});
  const [apiError, setApiError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [reasons, setReasons] = useState<Schemas['DisputeReasonResponse'][]>([]);
  const isCall = task.outcomes.includes('Promise');
  const invoices = items.filter((i) => i.type === 'Invoice');
  const openAmount = invoices.reduce((sum, i) => sum + Number(i.openAmount.amount ?? 0), 0);

  useEffect(() => {
    if (!task.outcomes.includes('Dispute')) return;
    call(client.GET('/api/companies/{companyId}/disputes/reasons'))
      .then((r) => setReasons((r as Schemas['DisputeReasonResponse'][]).filter((x) => x.active)))
      .catch(() => setReasons([]));
  }, [client, task.outcomes]);

  const set = (patch: Partial<OutcomeDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    // A field's message goes once the field is changed; the others stay until the next submit.
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([field]) => !(field in patch))) as OutcomeErrors);
  };
  const fromApi = apiErrorsByField(apiError);
  const message = (field: Field) => (errors[field] ? t(errors[field]!) : fromApi[field]);
  const describe = (field: Field) => (message(field) ? { 'aria-invalid': true as const, 'aria-describedby': `err-${field}` } : {});
  const FieldMessage = ({ field }: { field: Field }) =>
    message(field) ? (
      <span id={`err-${field}`} className="field-error" role="alert">
        {message(field)}
      </span>
    ) : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = validateOutcome(draft, today, isCall ? openAmount : undefined);
    setErrors(found);
    setApiError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      if (draft.outcome === 'Dispute' && task.customer) {
        const amount = draft.disputeInvoices.length === 1 && draft.disputeAmount.trim() ? parseAmount(draft.disputeAmount) : null;
        await call(
          client.POST('/api/companies/{companyId}/disputes', {
            params: { path: { companyId } },
            body: {
              customerId: task.customer,
              reason: draft.disputeReason,
              description: draft.note || null,
              invoices: draft.disputeInvoices.map((invoiceId) => ({ invoiceId, amount })),
              ownerDepartment: null,
              ownerEmail: null,
              publicNote: null,
            },
          }),
        );
      }
      await call(
        client.POST('/api/companies/{companyId}/tasks/{taskId}/complete', {
          params: { path: { taskId: task.id } },
          body: { outcome: draft.outcome, values: taskValues(draft) as never },
        }),
      );
      setDraft(emptyDraft(currency));
      onDone();
    } catch (error) {
      setApiError(error);
    } finally {
      setBusy(false);
    }
  };

  const outcomeLabel = (o: string) => {
    const key = `outcome${o}` as Parameters<typeof t>[0];
    const label = t(key);
    return label ?? o;
  };

  return (
    <form className="outcome-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="outcome-title">
      <h3 id="outcome-title">{isCall ? t('callResult') : t('taskOutcome')}</h3>
      <fieldset>
        <legend>{t('taskOutcome')}</legend>
        {task.outcomes.map((o) => (
          <label key={o} className="inline">
            <input type="radio" name="outcome" value={o} checked={draft.outcome === o} onChange={() => set({ outcome: o })} {...describe('outcome')} /> {outcomeLabel(o)}
          </label>
        ))}
        <FieldMessage field="outcome" />
      </fieldset>
      {draft.outcome === 'Promise' && (
        <div className="form-row">
          <label>
            {t('promisedDate')}
            <input type="date" value={draft.promisedDate} min={today} onChange={(e) => set({ promisedDate: e.target.value })} {...describe('promisedDate')} />
          </label>
          <FieldMessage field="promisedDate" />
          <label>
            {t('promisedAmount')} ({draft.currency})
            <input inputMode="decimal" value={draft.promisedAmount} onChange={(e) => set({ promisedAmount: e.target.value })} {...describe('promisedAmount')} />
          </label>
          <FieldMessage field="promisedAmount" />
          {isCall && <p className="muted">{money(openAmount, draft.currency, lang)}</p>}
        </div>
      )}
      {draft.outcome === 'Dispute' && (
        <div className="form-row">
          <label>
            {t('disputeReason')}
            {reasons.length > 0 ? (
              <select value={draft.disputeReason} onChange={(e) => set({ disputeReason: e.target.value })} {...describe('disputeReason')}>
                <option value="">—</option>
                {reasons.map((r) => (
                  <option key={r.id} value={r.code}>
                    {r.name}
                  </option>
                ))}
              </select>
            ) : (
              <input value={draft.disputeReason} onChange={(e) => set({ disputeReason: e.target.value })} {...describe('disputeReason')} />
            )}
          </label>
          <FieldMessage field="disputeReason" />
          <fieldset {...describe('disputeInvoices')}>
            <legend>{t('disputeInvoices')}</legend>
            {invoices.map((i) => (
              <label key={i.id} className="inline">
                <input
                  type="checkbox"
                  checked={draft.disputeInvoices.includes(i.id)}
                  onChange={(e) =>
                    set({ disputeInvoices: e.target.checked ? [...draft.disputeInvoices, i.id] : draft.disputeInvoices.filter((x) => x !== i.id) })
                  }
                />{' '}
                {i.reference} ({money(i.openAmount.amount, i.openAmount.currency ?? draft.currency, lang)})
              </label>
            ))}
            <FieldMessage field="disputeInvoices" />
          </fieldset>
          <label>
            {t('disputeAmount')}
            <input
              inputMode="decimal"
              value={draft.disputeAmount}
              disabled={draft.disputeInvoices.length > 1}
              onChange={(e) => set({ disputeAmount: e.target.value })}
              {...describe('disputeAmount')}
            />
          </label>
          <FieldMessage field="disputeAmount" />
        </div>
      )}
      <label>
        {t('note')}
        <textarea rows={2} value={draft.note} onChange={(e) => set({ note: e.target.value })} {...describe('note')} />
      </label>
      <FieldMessage field="note" />
      <ProblemAlert error={apiError} shownFields={Object.keys(API_FIELDS).concat(['invoices'])} />
      <button type="submit" className="primary" disabled={busy}>
        {t('record')}
      </button>
    </form>
  );
}
