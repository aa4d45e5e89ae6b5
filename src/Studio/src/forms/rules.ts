import { isIsoDate, parseAmount } from '../inbox/outcome';

/**
 * The module screens' forms, checked before anything is sent: each check mirrors the API's validator for the request
 * (the API stays the judge; its 400 shows under the field it names). Messages are i18n keys.
 */
export type ErrKey =
  | 'errDateRequired'
  | 'errDateInvalid'
  | 'errAmountRequired'
  | 'errAmountInvalid'
  | 'errReasonRequired'
  | 'errInvoicesRequired'
  | 'actErrRequired'
  | 'actErrTooLong'
  | 'actErrReasonCode'
  | 'actErrEntityCode'
  | 'actErrEmail'
  | 'actErrCurrency'
  | 'actErrWholeNumber'
  | 'actErrRange'
  | 'actErrPercent'
  | 'actErrDateOrder'
  | 'actErrReviewAfterValidity'
  | 'actErrSiren'
  | 'actErrVat'
  | 'actErrWeights'
  | 'actErrRoles'
  | 'actErrCustomer'
  | 'actErrCodeTaken';

export type Errors<F extends string> = Partial<Record<F, ErrKey>>;

const blank = (v: string | null | undefined) => !v || !v.trim();

export function checkRequired<F extends string>(errors: Errors<F>, field: F, value: string, max?: number) {
  if (blank(value)) errors[field] = 'actErrRequired';
  else if (max !== undefined && value.trim().length > max) errors[field] = 'actErrTooLong';
}

export function checkMax<F extends string>(errors: Errors<F>, field: F, value: string, max: number) {
  if (value.trim().length > max) errors[field] = 'actErrTooLong';
}

/** A positive amount (comma or point, two decimals at most). */
export function checkAmount<F extends string>(errors: Errors<F>, field: F, value: string) {
  if (blank(value)) errors[field] = 'errAmountRequired';
  else if (parseAmount(value) === null) errors[field] = 'errAmountInvalid';
}

/** An amount of zero or more (a credit limit of 0 means no credit). */
export function parseNonNegative(value: string): number | null {
  const text = value.trim().replace(/\s/g, '').replace(',', '.');
  return /^\d+(\.\d{1,2})?$/.test(text) ? Number(text) : null;
}

export function checkDate<F extends string>(errors: Errors<F>, field: F, value: string, required: boolean) {
  if (blank(value)) {
    if (required) errors[field] = 'errDateRequired';
  } else if (!isIsoDate(value)) errors[field] = 'errDateInvalid';
}

/** A whole number between min and max. */
export function checkInteger<F extends string>(errors: Errors<F>, field: F, value: string, min: number, max: number) {
  if (blank(value)) errors[field] = 'actErrRequired';
  else if (!/^-?\d+$/.test(value.trim())) errors[field] = 'actErrWholeNumber';
  else if (Number(value) < min || Number(value) > max) errors[field] = 'actErrRange';
}

/** A number (decimals allowed) between min and max, min excluded when `aboveMin`. */
export function checkPercent<F extends string>(errors: Errors<F>, field: F, value: string, min: number, max: number, aboveMin = false) {
  const n = Number(value.trim().replace(',', '.'));
  if (blank(value)) errors[field] = 'actErrRequired';
  else if (!Number.isFinite(n) || n < min || n > max || (aboveMin && n === min)) errors[field] = 'actErrPercent';
}

export function checkCurrency<F extends string>(errors: Errors<F>, field: F, value: string) {
  if (!/^[A-Z]{3}$/.test(value.trim())) errors[field] = 'actErrCurrency';
}

export function checkEmail<F extends string>(errors: Errors<F>, field: F, value: string) {
  if (!blank(value) && !/^[^\s@]+@[^\s@]+$/.test(value.trim())) errors[field] = 'actErrEmail';
}

export const toNumber = (value: string) => Number(value.trim().replace(/\s/g, '').replace(',', '.'));
export const orNull = (value: string) => (value.trim() ? value.trim() : null);

// --- Disputes -------------------------------------------------------------------------------------------------------

export interface DisputeDraft {
  customerId: string;
  invoiceIds: string[];
  amount: string;
  reason: string;
  description: string;
  ownerEmail: string;
}

/** A dispute is about one invoice or more; an amount is given for a single invoice only (the whole open amount otherwise). */
export function validateDispute(d: DisputeDraft, openAmount?: number): Errors<keyof DisputeDraft> {
  const e: Errors<keyof DisputeDraft> = {};
  if (!d.customerId) e.customerId = 'actErrCustomer';
  if (d.invoiceIds.length === 0) e.invoiceIds = 'errInvoicesRequired';
  if (!blank(d.amount)) {
    checkAmount(e, 'amount', d.amount);
    if (!e.amount && openAmount !== undefined && (parseAmount(d.amount) ?? 0) > openAmount) e.amount = 'actErrRange';
  }
  if (blank(d.reason)) e.reason = 'errReasonRequired';
  checkRequired(e, 'description', d.description, 4000);
  checkEmail(e, 'ownerEmail', d.ownerEmail);
  return e;
}

export interface ReasonDraft {
  code: string;
  name: string;
  ownerDepartment: string;
  slaBusinessDays: string;
  active: boolean;
}

export function validateReason(d: ReasonDraft): Errors<keyof ReasonDraft> {
  const e: Errors<keyof ReasonDraft> = {};
  if (blank(d.code)) e.code = 'actErrRequired';
  else if (d.code.length > 40 || !/^[a-z0-9][a-z0-9-]*$/.test(d.code)) e.code = 'actErrReasonCode';
  checkRequired(e, 'name', d.name, 100);
  checkRequired(e, 'ownerDepartment', d.ownerDepartment, 40);
  checkInteger(e, 'slaBusinessDays', d.slaBusinessDays, 1, 250);
  return e;
}

// --- Credit limits --------------------------------------------------------------------------------------------------

export const WEIGHTS = ['equity', 'profitability', 'recordedIncidents', 'daysLate', 'disputes', 'collectionIncidents'] as const;
export type Weight = (typeof WEIGHTS)[number];

export interface CreditSettingsDraft {
  includeDraftInvoices: boolean;
  deductCover: boolean;
  warningPercent: string;
  behaviourWindowDays: string;
  weights: Record<Weight, string>;
}

export type CreditSettingsField = 'warningPercent' | 'behaviourWindowDays' | 'scoreWeights' | `weight_${Weight}`;

export function validateCreditSettings(d: CreditSettingsDraft): Errors<CreditSettingsField> {
  const e: Errors<CreditSettingsField> = {};
  checkPercent(e, 'warningPercent', d.warningPercent, 1, 99);
  checkInteger(e, 'behaviourWindowDays', d.behaviourWindowDays, 30, 3650);
  for (const w of WEIGHTS) checkInteger(e, `weight_${w}`, d.weights[w], 0, 100);
  if (WEIGHTS.every((w) => !e[`weight_${w}`]) && WEIGHTS.every((w) => Number(d.weights[w]) === 0)) e.scoreWeights = 'actErrWeights';
  return e;
}

export interface CreditRequestDraft {
  customerId: string;
  amount: string;
  currency: string;
  reason: string;
  reviewDate: string;
  validUntil: string;
}

export function validateCreditRequest(d: CreditRequestDraft): Errors<keyof CreditRequestDraft> {
  const e: Errors<keyof CreditRequestDraft> = {};
  if (!d.customerId) e.customerId = 'actErrCustomer';
  if (blank(d.amount)) e.amount = 'errAmountRequired';
  else if (parseNonNegative(d.amount) === null) e.amount = 'errAmountInvalid';
  checkCurrency(e, 'currency', d.currency);
  checkRequired(e, 'reason', d.reason, 1000);
  checkDate(e, 'reviewDate', d.reviewDate, false);
  checkDate(e, 'validUntil', d.validUntil, false);
  if (!e.reviewDate && !e.validUntil && d.reviewDate && d.validUntil && d.reviewDate > d.validUntil) e.reviewDate = 'actErrReviewAfterValidity';
  return e;
}

// --- Guarantees and insurance ---------------------------------------------------------------------------------------

export const GUARANTEE_TYPES = ['BankGuarantee', 'StandbyLetterOfCredit', 'DocumentaryLetterOfCredit', 'ParentCompanyGuarantee', 'Deposit', 'CreditInsuranceCover'] as const;

export interface GuaranteeDraft {
  customerId: string;
  type: string;
  issuerName: string;
  issuerReference: string;
  amount: string;
  currency: string;
  startDate: string;
  expiryDate: string;
  claimDeadline: string;
  notes: string;
}

export function validateGuarantee(d: GuaranteeDraft): Errors<keyof GuaranteeDraft> {
  const e: Errors<keyof GuaranteeDraft> = {};
  if (!d.customerId) e.customerId = 'actErrCustomer';
  if (!(GUARANTEE_TYPES as readonly string[]).includes(d.type)) e.type = 'actErrRequired';
  checkRequired(e, 'issuerName', d.issuerName, 200);
  checkMax(e, 'issuerReference', d.issuerReference, 100);
  checkAmount(e, 'amount', d.amount);
  checkCurrency(e, 'currency', d.currency);
  checkDate(e, 'startDate', d.startDate, true);
  checkDate(e, 'expiryDate', d.expiryDate, true);
  if (!e.startDate && !e.expiryDate && d.expiryDate < d.startDate) e.expiryDate = 'actErrDateOrder';
  checkDate(e, 'claimDeadline', d.claimDeadline, false);
  if (!e.claimDeadline && !e.expiryDate && d.claimDeadline && d.claimDeadline < d.expiryDate) e.claimDeadline = 'actErrDateOrder';
  checkMax(e, 'notes', d.notes, 2000);
  return e;
}

export interface PolicyDraft {
  insurerName: string;
  policyNumber: string;
  currency: string;
  coveragePercent: string;
  maxExtensionDays: string;
  declarationDelayDays: string;
  paymentPlanNotificationDays: string;
  claimFilingDays: string;
  startDate: string;
  endDate: string;
}

export function validatePolicy(d: PolicyDraft): Errors<keyof PolicyDraft> {
  const e: Errors<keyof PolicyDraft> = {};
  checkRequired(e, 'insurerName', d.insurerName, 200);
  checkRequired(e, 'policyNumber', d.policyNumber, 100);
  checkCurrency(e, 'currency', d.currency);
  checkPercent(e, 'coveragePercent', d.coveragePercent, 0, 100, true);
  checkInteger(e, 'maxExtensionDays', d.maxExtensionDays, 0, 365);
  checkInteger(e, 'declarationDelayDays', d.declarationDelayDays, 0, 365);
  checkInteger(e, 'paymentPlanNotificationDays', d.paymentPlanNotificationDays, 0, 365);
  checkInteger(e, 'claimFilingDays', d.claimFilingDays, 0, 730);
  checkDate(e, 'startDate', d.startDate, true);
  checkDate(e, 'endDate', d.endDate, false);
  if (!e.startDate && !e.endDate && d.endDate && d.endDate < d.startDate) e.endDate = 'actErrDateOrder';
  return e;
}

export interface InsuredLimitDraft {
  customerId: string;
  requestedAmount: string;
  requestedOn: string;
  note: string;
}

export function validateInsuredLimit(d: InsuredLimitDraft): Errors<keyof InsuredLimitDraft> {
  const e: Errors<keyof InsuredLimitDraft> = {};
  if (!d.customerId) e.customerId = 'actErrCustomer';
  checkAmount(e, 'requestedAmount', d.requestedAmount);
  checkDate(e, 'requestedOn', d.requestedOn, true);
  checkMax(e, 'note', d.note, 500);
  return e;
}

export interface LimitDecisionDraft {
  status: string;
  amount: string;
  effectiveDate: string;
  reference: string;
}

export function validateLimitDecision(d: LimitDecisionDraft): Errors<keyof LimitDecisionDraft> {
  const e: Errors<keyof LimitDecisionDraft> = {};
  if (!['Granted', 'Reduced', 'Cancelled'].includes(d.status)) e.status = 'actErrRequired';
  if (d.status !== 'Cancelled') checkAmount(e, 'amount', d.amount);
  checkDate(e, 'effectiveDate', d.effectiveDate, true);
  checkMax(e, 'reference', d.reference, 100);
  return e;
}

// --- Agencies -------------------------------------------------------------------------------------------------------

export interface AgencyDraft {
  name: string;
  contactName: string;
  email: string;
  phone: string;
  commissionRate: string;
  firstContactDays: string;
  reportEveryDays: string;
  isDefault: boolean;
}

export function validateAgency(d: AgencyDraft): Errors<keyof AgencyDraft> {
  const e: Errors<keyof AgencyDraft> = {};
  checkRequired(e, 'name', d.name, 200);
  checkMax(e, 'contactName', d.contactName, 200);
  checkEmail(e, 'email', d.email);
  checkMax(e, 'phone', d.phone, 40);
  checkPercent(e, 'commissionRate', d.commissionRate, 0, 100);
  checkInteger(e, 'firstContactDays', d.firstContactDays, 1, 365);
  checkInteger(e, 'reportEveryDays', d.reportEveryDays, 1, 365);
  return e;
}

// --- Administration -------------------------------------------------------------------------------------------------

export interface LegalEntityDraft {
  code: string;
  name: string;
  siren: string;
  vatNumber: string;
  address: string;
}

export function validateLegalEntity(d: LegalEntityDraft): Errors<keyof LegalEntityDraft> {
  const e: Errors<keyof LegalEntityDraft> = {};
  if (blank(d.code)) e.code = 'actErrRequired';
  else if (d.code.trim().length > 40 || !/^[A-Za-z0-9_-]+$/.test(d.code.trim())) e.code = 'actErrEntityCode';
  checkRequired(e, 'name', d.name, 200);
  if (!blank(d.siren) && !/^[0-9]{9}$/.test(d.siren.replace(/\s/g, ''))) e.siren = 'actErrSiren';
  if (!blank(d.vatNumber) && !/^[A-Z]{2}[0-9A-Z]{2,18}$/.test(d.vatNumber.replace(/\s/g, '').toUpperCase())) e.vatNumber = 'actErrVat';
  checkMax(e, 'address', d.address, 500);
  return e;
}

export function validateRoles(roles: string[]): Errors<'roles'> {
  return roles.length === 0 ? { roles: 'actErrRoles' } : {};
}
