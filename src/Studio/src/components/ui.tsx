import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useI18n } from '../app/i18n';
import { ProblemAlert } from './Problem';
import { call, type companyApi } from '../api/client';

/** Loads data when its inputs change; `reload` loads again (after an action). Errors are kept to be shown, never swallowed. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: T | null; error: unknown; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setError(null);
    run()
      .then((d) => live && setData(d))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [run, tick]);
  return { data, error, reload: () => setTick((t) => t + 1) };
}

/** The state of a loaded section: its error, a loading line, or its content. */
export function Loaded<T>({ state, children }: { state: { data: T | null; error: unknown }; children: (data: T) => ReactNode }) {
  const { t } = useI18n();
  if (state.error) return <ProblemAlert error={state.error} />;
  if (state.data === null) return <p aria-busy="true">{t('loading')}</p>;
  return <>{children(state.data)}</>;
}

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  numeric?: boolean;
}

/** A table with a caption for screen readers and a clear line when there is nothing to show. */
export function Table<T>({ caption, rows, columns, rowKey, empty }: { caption: string; rows: T[]; columns: Column<T>[]; rowKey: (row: T) => string; empty?: string }) {
  const { t } = useI18n();
  if (rows.length === 0) return <p className="empty">{empty ?? t('nothingYet')}</p>;
  return (
    <div className="table-scroll">
      <table className="grid">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.numeric ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.header} className={c.numeric ? 'num' : undefined}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Money in the user's language, with its currency; amounts of different currencies are never added. */
export function money(amount: number | string | null | undefined, currency: string | null | undefined, lang: string): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const value = typeof amount === 'number' ? amount : Number(amount);
  try {
    return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { style: 'currency', currency: currency || 'EUR' }).format(value);
  } catch {
    return `${value.toFixed(2)} ${currency ?? ''}`;
  }
}

/** Customer names by id (the first 200 customers by reference), for lists whose endpoint gives the id only. */
export function useCustomerNames(client: ReturnType<typeof companyApi>): (id: string) => string {
  const names = useLoad(
    () => call(client.GET('/api/companies/{companyId}/receivables/customers', { params: { query: { PageSize: 200 } } })).then((p) => new Map(p.items.map((c) => [c.id, `${c.reference} — ${c.name}`]))),
    [client],
  );
  return (id) => names.data?.get(id) ?? `${id.slice(0, 8)}…`;
}

export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Tabs inside a page, as buttons (the current one pressed). */
export function SubTabs<K extends string>({ tabs, current, onChange, label }: { tabs: { key: K; label: string }[]; current: K; onChange: (k: K) => void; label: string }) {
  return (
    <div className="subtabs" role="group" aria-label={label}>
      {tabs.map((tab) => (
        <button key={tab.key} type="button" aria-pressed={tab.key === current} onClick={() => onChange(tab.key)}>
          {tab.label}
        </button>
      ))}
    </div>
  );
}
