/** The closed-day form of the calendar panel, checked before it is sent (the API checks the same rules and answers 400). */
export type ClosedDayKind = 'dated' | 'yearly';

export interface ClosedDayDraft {
  kind: ClosedDayKind;
  label: string;
  from: string;
  to: string;
  month: string;
  day: string;
}

export interface ExistingClosedDay {
  from?: string | null;
  to?: string | null;
  month?: number | string | null;
  day?: number | string | null;
}

export type ClosedDayErrorKey = 'calErrLabel' | 'calErrFrom' | 'calErrRange' | 'calErrToBeforeFrom' | 'calErrTooLong' | 'calErrMonth' | 'calErrDay' | 'calErrDuplicate';

export type ClosedDayErrors = Partial<Record<'label' | 'from' | 'to' | 'month' | 'day', ClosedDayErrorKey>>;

export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;
const LONGEST_RUN_DAYS = 366;

export const emptyClosedDay: ClosedDayDraft = { kind: 'dated', label: '', from: '', to: '', month: '', day: '' };

function parseDate(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const [y, m, d] = text.split('-').map(Number);
  const time = Date.UTC(y, m - 1, d);
  const back = new Date(time);
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d ? time : null;
}

const inRange = (text: string) => {
  const year = Number(text.slice(0, 4));
  return year >= FIRST_YEAR && year <= LAST_YEAR;
};

/** The problems of the draft, by field (the API's field names); empty when it may be sent. */
export function validateClosedDay(draft: ClosedDayDraft, existing: ExistingClosedDay[] = []): ClosedDayErrors {
  const errors: ClosedDayErrors = {};
  if (draft.label.trim() === '') errors.label = 'calErrLabel';
  else if (draft.label.trim().length > 100) errors.label = 'calErrLabel';
  if (draft.kind === 'dated') {
    const from = parseDate(draft.from);
    const to = draft.to === '' ? from : parseDate(draft.to);
    if (from === null) errors.from = 'calErrFrom';
    else if (!inRange(draft.from)) errors.from = 'calErrRange';
    if (draft.to !== '' && to === null) errors.to = 'calErrFrom';
    else if (draft.to !== '' && !inRange(draft.to)) errors.to = 'calErrRange';
    if (!errors.from && !errors.to && from !== null && to !== null) {
      if (to < from) errors.to = 'calErrToBeforeFrom';
      else if ((to - from) / 86_400_000 >= LONGEST_RUN_DAYS) errors.to = 'calErrTooLong';
      else if (
        existing.some((e) => {
          const f = e.from ? parseDate(e.from) : null;
          const t = e.to ? parseDate(e.to) : f;
          return f !== null && t !== null && f <= to && t >= from;
        })
      )
        errors.from = 'calErrDuplicate';
    }
  } else {
    const month = Number(draft.month);
    const day = Number(draft.day);
    if (!Number.isInteger(month) || month < 1 || month > 12 || draft.month === '') errors.month = 'calErrMonth';
    // 2024 is a leap year: 29 February is a valid yearly closed day.
    else if (!Number.isInteger(day) || draft.day === '' || day < 1 || day > new Date(Date.UTC(2024, month, 0)).getUTCDate()) errors.day = 'calErrDay';
    else if (existing.some((e) => e.month != null && Number(e.month) === month && Number(e.day) === day)) errors.day = 'calErrDuplicate';
  }
  return errors;
}

/** The request body of the draft (to be sent only when validateClosedDay found nothing). */
export function closedDayBody(draft: ClosedDayDraft): { label: string; from: string | null; to: string | null; month: number | null; day: number | null } {
  return draft.kind === 'dated'
    ? { label: draft.label.trim(), from: draft.from, to: draft.to || null, month: null, day: null }
    : { label: draft.label.trim(), from: null, to: null, month: Number(draft.month), day: Number(draft.day) };
}
