import { describe, expect, it } from 'vitest';
import { emptyDraft, isIsoDate, parseAmount, taskValues, validateOutcome } from './outcome';

const today = '2026-11-24';

describe('validateOutcome', () => {
  it('asks for an outcome', () => {
    expect(validateOutcome(emptyDraft(), today)).toEqual({ outcome: 'errOutcomeRequired' });
  });

  it('needs the promised date and amount for a promise', () => {
    expect(validateOutcome({ ...emptyDraft(), outcome: 'Promise' }, today)).toEqual({
      promisedDate: 'errDateRequired',
      promisedAmount: 'errAmountRequired',
    });
  });

  it('refuses a date that does not exist, a past date, a malformed amount and an amount above what is open', () => {
    const draft = { ...emptyDraft(), outcome: 'Promise' };
    expect(validateOutcome({ ...draft, promisedDate: '2026-02-30', promisedAmount: '12,345' }, today)).toEqual({
      promisedDate: 'errDateInvalid',
      promisedAmount: 'errAmountInvalid',
    });
    expect(validateOutcome({ ...draft, promisedDate: '2026-11-23', promisedAmount: '-5' }, today)).toEqual({
      promisedDate: 'errDatePast',
      promisedAmount: 'errAmountInvalid',
    });
    expect(validateOutcome({ ...draft, promisedDate: '2026-12-05', promisedAmount: '20000' }, today, 15550)).toEqual({
      promisedAmount: 'errAmountTooHigh',
    });
  });

  it('accepts a promise for today with a comma as decimal separator', () => {
    expect(validateOutcome({ ...emptyDraft(), outcome: 'Promise', promisedDate: today, promisedAmount: '1 500,50' }, today, 15550)).toEqual({});
  });

  it('needs a reason and at least one invoice for a dispute; its amount is optional but checked', () => {
    const draft = { ...emptyDraft(), outcome: 'Dispute' };
    expect(validateOutcome(draft, today)).toEqual({ disputeReason: 'errReasonRequired', disputeInvoices: 'errInvoicesRequired' });
    expect(validateOutcome({ ...draft, disputeReason: 'Pricing', disputeInvoices: ['i1'], disputeAmount: 'abc' }, today)).toEqual({
      disputeAmount: 'errAmountInvalid',
    });
    expect(validateOutcome({ ...draft, disputeReason: 'Pricing', disputeInvoices: ['i1'] }, today)).toEqual({});
  });

  it('needs nothing more for a call without answer, but keeps the note short', () => {
    expect(validateOutcome({ ...emptyDraft(), outcome: 'NoAnswer' }, today)).toEqual({});
    expect(validateOutcome({ ...emptyDraft(), outcome: 'NoAnswer', note: 'x'.repeat(2001) }, today)).toEqual({ note: 'errNoteTooLong' });
  });
});

describe('helpers', () => {
  it('reads dates and amounts', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('24/11/2026')).toBe(false);
    expect(parseAmount('1 234,5')).toBe(1234.5);
    expect(parseAmount('0')).toBeNull();
    expect(parseAmount('1.234')).toBeNull();
  });

  it('gives the engine the phone-call form values: money as "amount currency"', () => {
    expect(taskValues({ ...emptyDraft(), outcome: 'Promise', promisedDate: '2026-12-05', promisedAmount: '1500,5', note: ' ok ' })).toEqual({
      promisedDate: '2026-12-05',
      promisedAmount: '1500.5 EUR',
      note: 'ok',
    });
    expect(taskValues({ ...emptyDraft(), outcome: 'Dispute', disputeReason: ' Pricing ' })).toEqual({ disputeReason: 'Pricing' });
  });
});
