import { describe, expect, it } from 'vitest';
import { closedDayBody, emptyClosedDay, validateClosedDay, type ClosedDayDraft } from './closedDay';

const dated = (patch: Partial<ClosedDayDraft>): ClosedDayDraft => ({ ...emptyClosedDay, label: 'Annual closure', from: '2026-08-10', to: '2026-08-21', ...patch });
const yearly = (patch: Partial<ClosedDayDraft>): ClosedDayDraft => ({ ...emptyClosedDay, kind: 'yearly', label: 'Saint Étienne', month: '12', day: '26', ...patch });

describe('validateClosedDay', () => {
  it('accepts a run of days and a yearly day', () => {
    expect(validateClosedDay(dated({}))).toEqual({});
    expect(validateClosedDay(dated({ to: '' }))).toEqual({});
    expect(validateClosedDay(yearly({}))).toEqual({});
    expect(validateClosedDay(yearly({ month: '2', day: '29' }))).toEqual({});
  });

  it('names the field at fault, as the API does', () => {
    expect(validateClosedDay(dated({ label: '  ' }))).toEqual({ label: 'calErrLabel' });
    expect(validateClosedDay(dated({ from: '' }))).toEqual({ from: 'calErrFrom' });
    expect(validateClosedDay(dated({ from: '2026-02-30' }))).toEqual({ from: 'calErrFrom' });
    expect(validateClosedDay(dated({ from: '1999-12-31' }))).toEqual({ from: 'calErrRange' });
    expect(validateClosedDay(dated({ to: '2101-01-01' }))).toEqual({ to: 'calErrRange' });
    expect(validateClosedDay(dated({ from: '2026-08-21', to: '2026-08-10' }))).toEqual({ to: 'calErrToBeforeFrom' });
    expect(validateClosedDay(dated({ from: '2026-01-01', to: '2027-06-01' }))).toEqual({ to: 'calErrTooLong' });
    expect(validateClosedDay(yearly({ month: '13' }))).toEqual({ month: 'calErrMonth' });
    expect(validateClosedDay(yearly({ month: '2', day: '30' }))).toEqual({ day: 'calErrDay' });
    expect(validateClosedDay(yearly({ day: '' }))).toEqual({ day: 'calErrDay' });
  });

  it('refuses days already closed', () => {
    const existing = [{ from: '2026-08-10', to: '2026-08-21' }, { month: 12, day: 26 }];
    expect(validateClosedDay(dated({ from: '2026-08-20', to: '2026-08-24' }), existing)).toEqual({ from: 'calErrDuplicate' });
    expect(validateClosedDay(dated({ from: '2026-08-22', to: '' }), existing)).toEqual({});
    expect(validateClosedDay(yearly({}), existing)).toEqual({ day: 'calErrDuplicate' });
  });
});

describe('closedDayBody', () => {
  it('sends the dates of a dated closure and the day-month of a yearly one', () => {
    expect(closedDayBody(dated({ label: ' Annual closure ' }))).toEqual({ label: 'Annual closure', from: '2026-08-10', to: '2026-08-21', month: null, day: null });
    expect(closedDayBody(dated({ to: '' }))).toEqual({ label: 'Annual closure', from: '2026-08-10', to: null, month: null, day: null });
    expect(closedDayBody(yearly({}))).toEqual({ label: 'Saint Étienne', from: null, to: null, month: 12, day: 26 });
  });
});
