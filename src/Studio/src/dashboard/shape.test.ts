import { describe, expect, it } from 'vitest';
import type { Schemas } from '../api/client';
import { agedBalanceBars, agedBalanceCsv, disputeBars, kpiSeries, monthEnds, quarterStart, withAllCustomers } from './shape';

const amount = (a: number, c = 1) => ({ amount: a, count: c });
const line = (currency: string, notDue: number, buckets: number[]): Schemas['AgedLine'] => ({
  currency,
  notDue: amount(notDue),
  buckets: buckets.map((b) => amount(b)),
  totalOverdue: amount(buckets.reduce((s, b) => s + b, 0)),
  totalOpen: amount(notDue + buckets.reduce((s, b) => s + b, 0)),
  unappliedCredits: amount(0, 0),
  balance: notDue + buckets.reduce((s, b) => s + b, 0),
});

const aged: Schemas['AgedBalanceResponse'] = {
  asOf: '2026-11-24',
  basis: 'dueDate',
  currency: null,
  entity: null,
  bucketDefinitions: [
    { label: '1-30', fromDays: 1, toDays: 30 },
    { label: '31-60', fromDays: 31, toDays: 60 },
    { label: '> 60', fromDays: 61, toDays: null },
  ],
  totals: [line('EUR', 1000, [200, 0, 50]), line('USD', '300' as unknown as number, [0, 40, 0])],
  reportingCurrencyTotal: null,
  customers: { items: [{ customerId: 'c1', reference: 'C-1', name: 'Dupont, SA', lines: [line('EUR', 1000, [200, 0, 50])] }], page: 1, pageSize: 200, totalCount: 1 },
};

describe('aged balance shaping', () => {
  it('makes one bar per currency with not due then each bucket, never adding currencies', () => {
    const { keys, bars } = agedBalanceBars(aged, 'FR01 · ');
    expect(keys).toEqual(['notDue', '1-30', '31-60', '> 60']);
    expect(bars.map((b) => b.label)).toEqual(['FR01 · EUR', 'FR01 · USD']);
    expect(bars[0].segments.map((s) => [s.key, s.value])).toEqual([
      ['notDue', 1000],
      ['1-30', 200],
      ['31-60', 0],
      ['> 60', 50],
    ]);
    // Amounts the API sends as strings become numbers.
    expect(bars[1].segments[0].value).toBe(300);
  });

  it('exports the totals then each customer line with the bucket labels as columns', () => {
    const { header, rows } = agedBalanceCsv(aged, 'FR01');
    expect(header).toEqual(['asOf', 'entity', 'customerReference', 'customerName', 'currency', 'notDue', '1-30', '31-60', '> 60', 'totalOverdue', 'totalOpen', 'unappliedCredits', 'balance']);
    expect(rows[0]).toEqual(['2026-11-24', 'FR01', '', 'TOTAL', 'EUR', 1000, 200, 0, 50, 250, 1250, 0, 1250]);
    expect(rows[2]).toEqual(['2026-11-24', 'FR01', 'C-1', 'Dupont, SA', 'EUR', 1000, 200, 0, 50, 250, 1250, 0, 1250]);
    expect(rows).toHaveLength(3);
  });
});

describe('aged balance of every customer (CSV)', () => {
  const customer = (n: number) => ({ customerId: `c${n}`, reference: `C-${n}`, name: `Client ${n}`, lines: [line('EUR', n, [0, 0, 0])] });
  const pageOf = (page: number, count: number): Schemas['AgedBalanceResponse'] => ({
    ...aged,
    customers: { items: Array.from({ length: count }, (_, i) => customer((page - 1) * 2 + i + 1)), page, pageSize: 2, totalCount: 5 },
  });

  it('fetches the pages after the first one by one and exports every customer once', async () => {
    const asked: number[] = [];
    const all = await withAllCustomers(pageOf(1, 2), async (page) => {
      asked.push(page);
      return pageOf(page, page === 3 ? 1 : 2);
    });
    expect(asked).toEqual([2, 3]);
    expect(all.customers.items.map((c) => c.reference)).toEqual(['C-1', 'C-2', 'C-3', 'C-4', 'C-5']);
    expect(agedBalanceCsv(all, '').rows).toHaveLength(aged.totals.length + 5);
  });

  it('asks nothing more when the first page holds every customer', async () => {
    const all = await withAllCustomers(aged, () => Promise.reject(new Error('no second page')));
    expect(all.customers.items).toHaveLength(1);
  });
});

describe('dates of the DSO history', () => {
  it('gives the month ends before the as-of date, then the as-of date itself', () => {
    expect(monthEnds('2026-03-15', 4)).toEqual(['2025-12-31', '2026-01-31', '2026-02-28', '2026-03-15']);
    expect(monthEnds('2024-03-10', 2)).toEqual(['2024-02-29', '2024-03-10']);
  });

  it('starts the simple DSO period on the first day of the quarter ending with the month', () => {
    expect(quarterStart('2026-03-15')).toBe('2026-01-01');
    expect(quarterStart('2026-01-31')).toBe('2025-11-01');
  });
});

describe('KPI series', () => {
  it('takes each named figure at each date, null where it is undefined', () => {
    const answer = (asOf: string, countBack: number | null, simple: number): Schemas['KpisResponse'] =>
      ({
        asOf,
        figures: [
          { name: 'dsoCountBack', value: countBack, unit: 'days', definition: '' },
          { name: 'dsoSimple', value: simple, unit: 'days', definition: '' },
        ],
      }) as unknown as Schemas['KpisResponse'];
    const series = kpiSeries([answer('2026-01-31', 41.5, 38), answer('2026-02-28', null, 40)], ['dsoCountBack', 'dsoSimple', 'missing']);
    expect(series.map((s) => s.name)).toEqual(['dsoCountBack', 'dsoSimple', 'missing']);
    expect(series[0].points).toEqual([
      { x: '2026-01-31', y: 41.5 },
      { x: '2026-02-28', y: null },
    ]);
    expect(series[2].points.every((p) => p.y === null)).toBe(true);
  });
});

describe('dispute bars', () => {
  it('groups by currency, largest amount first within a currency', () => {
    const bars = disputeBars([
      { key: 'price', currency: 'EUR', count: 1, amount: 100 },
      { key: 'quality', currency: 'USD', count: 2, amount: 900 },
      { key: 'delivery', currency: 'EUR', count: 3, amount: '500' as unknown as number },
    ]);
    expect(bars.map((b) => [b.label, b.value, b.count])).toEqual([
      ['delivery (EUR)', 500, 3],
      ['price (EUR)', 100, 1],
      ['quality (USD)', 900, 2],
    ]);
  });
});
