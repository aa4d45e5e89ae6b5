import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { apiErrorsByField } from './form';
import {
  validateAgency,
  validateCreditRequest,
  validateCreditSettings,
  validateDispute,
  validateGuarantee,
  validateInsuredLimit,
  validateLegalEntity,
  validateLimitDecision,
  validatePolicy,
  validateReason,
  validateRoles,
  type CreditSettingsDraft,
} from './rules';

describe('dispute', () => {
  const ok = { customerId: 'c1', invoiceIds: ['i1'], amount: '', reason: 'price', description: 'Wrong unit price', ownerEmail: '' };

  it('accepts a complete dispute, the amount left empty', () => {
    expect(validateDispute(ok, 500)).toEqual({});
  });

  it('names each missing part', () => {
    expect(validateDispute({ customerId: '', invoiceIds: [], amount: '', reason: ' ', description: '', ownerEmail: 'nope' })).toEqual({
      customerId: 'actErrCustomer',
      invoiceIds: 'errInvoicesRequired',
      reason: 'errReasonRequired',
      description: 'actErrRequired',
      ownerEmail: 'actErrEmail',
    });
  });

  it('refuses an amount that is not money, or above the invoice’s open amount', () => {
    expect(validateDispute({ ...ok, amount: '12,345' }).amount).toBe('errAmountInvalid');
    expect(validateDispute({ ...ok, amount: '0' }).amount).toBe('errAmountInvalid');
    expect(validateDispute({ ...ok, amount: '600' }, 500).amount).toBe('actErrRange');
    expect(validateDispute({ ...ok, amount: '499,99' }, 500).amount).toBeUndefined();
  });

  it('checks a reason code as the API does (lower-case, digits, dashes) and the SLA between 1 and 250 days', () => {
    const reason = { code: 'late-delivery', name: 'Late delivery', ownerDepartment: 'Logistics', slaBusinessDays: '10', active: true };
    expect(validateReason(reason)).toEqual({});
    expect(validateReason({ ...reason, code: 'Late_Delivery' }).code).toBe('actErrReasonCode');
    expect(validateReason({ ...reason, code: '-late' }).code).toBe('actErrReasonCode');
    expect(validateReason({ ...reason, slaBusinessDays: '0' }).slaBusinessDays).toBe('actErrRange');
    expect(validateReason({ ...reason, slaBusinessDays: '2.5' }).slaBusinessDays).toBe('actErrWholeNumber');
    expect(validateReason({ ...reason, ownerDepartment: '' }).ownerDepartment).toBe('actErrRequired');
  });
});

describe('credit', () => {
  const settings: CreditSettingsDraft = {
    includeDraftInvoices: false,
    deductCover: true,
    warningPercent: '80',
    behaviourWindowDays: '365',
    weights: { equity: '20', profitability: '20', recordedIncidents: '15', daysLate: '25', disputes: '10', collectionIncidents: '10' },
  };

  it('accepts the default settings', () => {
    expect(validateCreditSettings(settings)).toEqual({});
  });

  it('keeps the warning between 1 and 99 %, the window between 30 and 3650 days, each weight between 0 and 100', () => {
    expect(validateCreditSettings({ ...settings, warningPercent: '100' }).warningPercent).toBe('actErrPercent');
    expect(validateCreditSettings({ ...settings, warningPercent: '87,5' }).warningPercent).toBeUndefined();
    expect(validateCreditSettings({ ...settings, behaviourWindowDays: '29' }).behaviourWindowDays).toBe('actErrRange');
    expect(validateCreditSettings({ ...settings, weights: { ...settings.weights, daysLate: '101' } })).toEqual({ weight_daysLate: 'actErrRange' });
  });

  it('needs one weight above zero', () => {
    const zero = { equity: '0', profitability: '0', recordedIncidents: '0', daysLate: '0', disputes: '0', collectionIncidents: '0' };
    expect(validateCreditSettings({ ...settings, weights: zero })).toEqual({ scoreWeights: 'actErrWeights' });
  });

  it('accepts a limit of zero (no credit) but puts the review before the end of validity', () => {
    const request = { customerId: 'c1', amount: '0', currency: 'EUR', reason: 'New customer', reviewDate: '', validUntil: '' };
    expect(validateCreditRequest(request)).toEqual({});
    expect(validateCreditRequest({ ...request, amount: '-5' }).amount).toBe('errAmountInvalid');
    expect(validateCreditRequest({ ...request, currency: 'eur' }).currency).toBe('actErrCurrency');
    expect(validateCreditRequest({ ...request, reviewDate: '2027-06-30', validUntil: '2027-01-31' }).reviewDate).toBe('actErrReviewAfterValidity');
    expect(validateCreditRequest({ ...request, reviewDate: '2027-02-30' }).reviewDate).toBe('errDateInvalid');
  });
});

describe('guarantees and insurance', () => {
  const guarantee = {
    customerId: 'c1',
    type: 'BankGuarantee',
    issuerName: 'BNP Paribas',
    issuerReference: '',
    amount: '50000',
    currency: 'EUR',
    startDate: '2026-11-24',
    expiryDate: '2027-11-23',
    claimDeadline: '',
    notes: '',
  };

  it('accepts a guarantee and orders its dates: start, expiry, claim deadline', () => {
    expect(validateGuarantee(guarantee)).toEqual({});
    expect(validateGuarantee({ ...guarantee, expiryDate: '2026-11-01' }).expiryDate).toBe('actErrDateOrder');
    expect(validateGuarantee({ ...guarantee, claimDeadline: '2027-11-01' }).claimDeadline).toBe('actErrDateOrder');
    expect(validateGuarantee({ ...guarantee, type: 'Promise' }).type).toBe('actErrRequired');
    expect(validateGuarantee({ ...guarantee, expiryDate: '' }).expiryDate).toBe('errDateRequired');
  });

  it('keeps a policy’s cover above 0 and at most 100 %, its delays in days', () => {
    const policy = {
      insurerName: 'Allianz Trade',
      policyNumber: 'P-1',
      currency: 'EUR',
      coveragePercent: '90',
      maxExtensionDays: '60',
      declarationDelayDays: '30',
      paymentPlanNotificationDays: '30',
      claimFilingDays: '150',
      startDate: '2026-01-01',
      endDate: '',
    };
    expect(validatePolicy(policy)).toEqual({});
    expect(validatePolicy({ ...policy, coveragePercent: '0' }).coveragePercent).toBe('actErrPercent');
    expect(validatePolicy({ ...policy, claimFilingDays: '731' }).claimFilingDays).toBe('actErrRange');
    expect(validatePolicy({ ...policy, endDate: '2025-12-31' }).endDate).toBe('actErrDateOrder');
  });

  it('asks an insured limit for a customer, a positive amount and a date; a cancellation needs no amount', () => {
    expect(validateInsuredLimit({ customerId: '', requestedAmount: '', requestedOn: '', note: '' })).toEqual({
      customerId: 'actErrCustomer',
      requestedAmount: 'errAmountRequired',
      requestedOn: 'errDateRequired',
    });
    expect(validateLimitDecision({ status: 'Cancelled', amount: '', effectiveDate: '2026-11-24', reference: '' })).toEqual({});
    expect(validateLimitDecision({ status: 'Granted', amount: '', effectiveDate: '2026-11-24', reference: '' }).amount).toBe('errAmountRequired');
  });
});

describe('agencies and administration', () => {
  it('checks an agency’s commission and service levels', () => {
    const agency = { name: 'Recouvre SA', contactName: '', email: '', phone: '', commissionRate: '12,5', firstContactDays: '5', reportEveryDays: '30', isDefault: false };
    expect(validateAgency(agency)).toEqual({});
    expect(validateAgency({ ...agency, commissionRate: '120', firstContactDays: '0', email: 'x' })).toEqual({
      commissionRate: 'actErrPercent',
      firstContactDays: 'actErrRange',
      email: 'actErrEmail',
    });
  });

  it('checks a legal entity’s code, SIREN and VAT number as the API does', () => {
    const entity = { code: 'FR-02', name: 'Démo Services SAS', siren: '732 829 320', vatNumber: 'fr40303265045', address: '' };
    expect(validateLegalEntity(entity)).toEqual({});
    expect(validateLegalEntity({ ...entity, code: 'FR 02', siren: '12345', vatNumber: '40303265045' })).toEqual({
      code: 'actErrEntityCode',
      siren: 'actErrSiren',
      vatNumber: 'actErrVat',
    });
  });

  it('keeps at least one role', () => {
    expect(validateRoles([])).toEqual({ roles: 'actErrRoles' });
    expect(validateRoles(['Viewer'])).toEqual({});
  });
});

describe('the API’s field errors', () => {
  it('land on the form field they name, indexes and case aside, or through an alias', () => {
    const error = new ApiError({
      status: 400,
      errors: { Reason: ['Unknown reason.'], 'Invoices[0].Amount': ['The disputed amount must be positive.'], Invoices: ['An invoice appears once.'], Other: ['x'] },
    });
    expect(apiErrorsByField(error, ['reason', 'invoiceIds', 'amount'] as const, { invoices: 'invoiceIds', 'invoices.amount': 'amount' })).toEqual({
      reason: 'Unknown reason.',
      amount: 'The disputed amount must be positive.',
      invoiceIds: 'An invoice appears once.',
    });
    expect(apiErrorsByField(new Error('network'), ['reason'] as const)).toEqual({});
  });
});
