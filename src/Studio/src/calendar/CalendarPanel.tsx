import { useState, type FormEvent } from 'react';
import { ApiError, call, type Schemas } from '../api/client';
import { useCompany, useCompanyApi } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { ProblemAlert } from '../components/Problem';
import { Loaded, Table, useLoad } from '../components/ui';
import { closedDayBody, emptyClosedDay, validateClosedDay, type ClosedDayDraft, type ClosedDayErrors } from './closedDay';

type BaseCalendar = Schemas['BaseCalendar'];
type Field = keyof ClosedDayErrors;

/** Company settings: the base calendar, the company's closed days (add, remove) and the dates they close in a year. */
export function CalendarPanel({ admin, country }: { admin: boolean; country: string }) {
  const { t } = useI18n();
  const client = useCompanyApi();
  const { companyId } = useCompany();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const calendar = useLoad(() => call(client.GET('/api/companies/{companyId}/calendar', { params: { query: { year } } })), [client, year]);
  const [draft, setDraft] = useState<ClosedDayDraft>(emptyClosedDay);
  const [errors, setErrors] = useState<ClosedDayErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  const setBase = async (baseCalendar: BaseCalendar) => {
    setError(null);
    try {
      await call(client.PUT('/api/companies/{companyId}/calendar', { body: { baseCalendar } }));
      calendar.reload();
    } catch (err) {
      setError(err);
    }
  };

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    setError(null);
    const found = validateClosedDay(draft, calendar.data?.closedDays ?? []);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    try {
      await call(client.POST('/api/companies/{companyId}/calendar/closed-days', { params: { path: { companyId } }, body: closedDayBody(draft) }));
      setDraft(emptyClosedDay);
      setSaved(true);
      calendar.reload();
    } catch (err) {
      setError(err);
    }
  };

  const remove = async (id: string) => {
    setError(null);
    try {
      await call(client.DELETE('/api/companies/{companyId}/calendar/closed-days/{closedDayId}', { params: { path: { companyId, closedDayId: id } } }));
      calendar.reload();
    } catch (err) {
      setError(err);
    }
  };

  // Our check first, then the API's 400 for the same field.
  const fieldError = (field: Field) => {
    const messages = errors[field] ? [t(errors[field])] : error instanceof ApiError ? error.fieldErrors(field) : [];
    return messages.length > 0 ? (
      <div id={`closed-day-${field}-error`} className="field-error" role="alert">
        {messages.join(' ')}
      </div>
    ) : null;
  };
  const input = (field: Field, label: string, type: string, extra: Record<string, string | number> = {}) => (
    <label>
      {label}{' '}
      <input
        type={type}
        name={field}
        value={draft[field]}
        onChange={(e) => setDraft({ ...draft, [field]: e.target.value })}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={`closed-day-${field}-error`}
        {...extra}
      />
      {fieldError(field)}
    </label>
  );
  const when = (d: Schemas['ClosedDayResponse']) =>
    d.month != null && d.day != null
      ? t('calEveryYear').replace('{day}', String(d.day).padStart(2, '0')).replace('{month}', String(d.month).padStart(2, '0'))
      : d.from === d.to || !d.to
        ? (d.from ?? '')
        : `${d.from} → ${d.to}`;

  return (
    <section aria-labelledby="calendar-title" className="panel" data-testid="calendar-panel">
      <h2 id="calendar-title">{t('calPanel')}</h2>
      <Loaded state={calendar}>
        {(c) => (
          <>
            <fieldset>
              <legend>{t('calBase')}</legend>
              <label>
                <input type="radio" name="baseCalendar" checked={c.baseCalendar === 'PublicHolidays'} disabled={!admin} onChange={() => setBase('PublicHolidays')} />{' '}
                {t('calBasePublicHolidays').replace('{country}', country)}
              </label>
              <label>
                <input type="radio" name="baseCalendar" checked={c.baseCalendar === 'WeekdaysOnly'} disabled={!admin} onChange={() => setBase('WeekdaysOnly')} /> {t('calBaseWeekdays')}
              </label>
              <p className="muted">{c.baseCalendarId === 'FR' ? t('calendarFr') : t('calendarWeekdays')}</p>
            </fieldset>
            <h3>{t('calClosedDays')}</h3>
            <Table
              caption={t('calClosedDays')}
              rows={c.closedDays}
              rowKey={(d) => d.id}
              empty={t('calNoClosedDays')}
              columns={[
                { header: t('calLabel'), cell: (d) => d.label },
                { header: t('calWhen'), cell: when },
                ...(admin
                  ? [
                      {
                        header: '',
                        cell: (d: Schemas['ClosedDayResponse']) => (
                          <button type="button" onClick={() => remove(d.id)} aria-label={`${t('calRemove')} ${d.label}`}>
                            {t('calRemove')}
                          </button>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
            {admin && (
              <form onSubmit={add} noValidate aria-label={t('calAdd')}>
                <fieldset>
                  <legend>{t('calAdd')}</legend>
                  <label>
                    <input type="radio" name="kind" checked={draft.kind === 'dated'} onChange={() => setDraft({ ...draft, kind: 'dated' })} /> {t('calKindDated')}
                  </label>
                  <label>
                    <input type="radio" name="kind" checked={draft.kind === 'yearly'} onChange={() => setDraft({ ...draft, kind: 'yearly' })} /> {t('calKindYearly')}
                  </label>
                  {input('label', t('calLabel'), 'text', { maxLength: 100 })}
                  {draft.kind === 'dated' ? (
                    <>
                      {input('from', t('calFrom'), 'date')}
                      {input('to', t('calTo'), 'date')}
                    </>
                  ) : (
                    <>
                      {input('month', t('calMonth'), 'number', { min: 1, max: 12 })}
                      {input('day', t('calDay'), 'number', { min: 1, max: 31 })}
                    </>
                  )}
                  <button type="submit">{t('calAdd')}</button>
                  {saved && <p role="status">{t('saved')}</p>}
                </fieldset>
              </form>
            )}
            <ProblemAlert error={error} shownFields={['label', 'from', 'to', 'month', 'day']} />
            <h3>{t('calYearDates').replace('{year}', String(c.year))}</h3>
            <label>
              {t('calYear')}{' '}
              <input type="number" min={2000} max={2100} value={year} onChange={(e) => Number(e.target.value) >= 2000 && Number(e.target.value) <= 2100 && setYear(Number(e.target.value))} />
            </label>
            <ul data-testid="closed-dates">
              {c.closedDates.length === 0 ? (
                <li className="muted">{t('calNoDates')}</li>
              ) : (
                c.closedDates.map((d) => (
                  <li key={d.date}>
                    <time dateTime={d.date}>{d.date}</time> — {d.label}
                  </li>
                ))
              )}
            </ul>
            <p className="muted">{t('calHolidaysNote')}</p>
          </>
        )}
      </Loaded>
    </section>
  );
}
