/** The outcome of a call task and what the form must hold for it, checked before anything is sent. */
export interface OutcomeDraft {
  outcome: string;
  promisedDate: string;
  promisedAmount: string;
  currency: string;
  disputeReason: string;
  disputeAmount: string;
  disputeInvoices: string[];
  note: string;
}

/** Message keys of the i18n table, per form field. */
export type OutcomeErrors = Partial<Record<'outcome' | 'promisedDate' | 'promisedAmount' | 'disputeReason' | 'disputeAmount' | 'disputeInvoices' | 'note', OutcomeErrorKey>>;

export type OutcomeErrorKey =
  | 'errOutcomeRequired'
  | 'errDateRequired'
  | 'errDateInvalid'
  | 'errDatePast'
  | 'errAmountRequired'
  | 'errAmountInvalid'
  | 'errAmountTooHigh'
  | 'errReasonRequired'
  | 'errInvoicesRequired'
  | 'errNoteTooLong';

export const emptyDraft = (currency = 'EUR'): OutcomeDraft => ({
  outcome: '',
  promisedDate: '',
  promisedAmount: '',
  currency,
  disputeReason: '',
  disputeAmount: '',
  disputeInvoices: [],
  note: '',
});

/** A calendar date written YYYY-MM-DD that exists. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A positive amount with at most two decimals; a comma is accepted as the decimal separator. */
export function parseAmount(value: string): number | null {
  const text = value.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return null;
  const amount = Number(text);
  return amount > 0 ? amount : null;
}

/**
 * Checks the form for its outcome. `today` is the company's date (YYYY-MM-DD); `openAmount` the customer's open
 * amount in the form's currency, which neither a promise nor a dispute may exceed.
 */
export function validateOutcome(draft: OutcomeDraft, today: string, openAmount?: number): OutcomeErrors {
  const errors: OutcomeErrors = {};
  if (!draft.outcome) errors.outcome = 'errOutcomeRequired';
  if (draft.outcome === 'Promise') {
    if (!draft.promisedDate) errors.promisedDate = 'errDateRequired';
    else if (!isIsoDate(draft.promisedDate)) errors.promisedDate = 'errDateInvalid';
    else if (draft.promisedDate < today) errors.promisedDate = 'errDatePast';
    checkAmount(draft.promisedAmount, 'promisedAmount', errors, openAmount);
  }
  if (draft.outcome === 'Dispute') {
    if (!draft.disputeReason.trim()) errors.disputeReason = 'errReasonRequired';
    if (draft.disputeInvoices.length === 0) errors.disputeInvoices = 'errInvoicesRequired';
    if (draft.disputeAmount.trim()) checkAmount(draft.disputeAmount, 'disputeAmount', errors, openAmount);
  }
  if (draft.note.length > 2000) errors.note = 'errNoteTooLong';
  return errors;
}

function checkAmount(value: string, field: 'promisedAmount' | 'disputeAmount', errors: OutcomeErrors, openAmount?: number) {
  if (!value.trim()) {
    errors[field] = 'errAmountRequired';
    return;
  }
  const amount = parseAmount(value);
  if (amount === null) errors[field] = 'errAmountInvalid';
  else if (openAmount !== undefined && amount > openAmount) errors[field] = 'errAmountTooHigh';
}

/** The task form's values for the engine (the phone-call activity's fields: promisedDate, promisedAmount as money, disputeReason, note). */
export function taskValues(draft: OutcomeDraft): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  if (draft.outcome === 'Promise') {
    values.promisedDate = draft.promisedDate;
    values.promisedAmount = `${parseAmount(draft.promisedAmount)} ${draft.currency}`;
  }
  if (draft.outcome === 'Dispute') values.disputeReason = draft.disputeReason.trim();
  if (draft.note.trim()) values.note = draft.note.trim();
  return values;
}
