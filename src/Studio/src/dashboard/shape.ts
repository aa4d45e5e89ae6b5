import { num, type Schemas } from '../api/client';

/** One bar of a stacked bar chart: a label and its segments, in the order of the chart's keys. */
export interface StackedBar {
  label: string;
  segments: { key: string; value: number; count?: number }[];
}

/** The aged balance as bars: one per currency line (never adding currencies), segments not due then each past-due bucket. */
export function agedBalanceBars(aged: Schemas['AgedBalanceResponse'], prefix = ''): { keys: string[]; bars: StackedBar[] } {
  const keys = ['notDue', ...aged.bucketDefinitions.map((b) => b.label)];
  const bars = aged.totals.map((line) => ({
    label: `${prefix}${line.currency}`,
    segments: [
      { key: 'notDue', value: num(line.notDue.amount), count: num(line.notDue.count) },
      ...line.buckets.map((b, i) => ({ key: aged.bucketDefinitions[i]?.label ?? String(i + 1), value: num(b.amount), count: num(b.count) })),
    ],
  }));
  return { keys, bars };
}

/** The last day of each of the `count` months ending with the month of `asOf`; the last point is `asOf` itself. */
export function monthEnds(asOf: string, count: number): string[] {
  const [y, m] = asOf.split('-').map(Number);
  const dates: string[] = [];
  for (let k = count - 1; k >= 1; k--) {
    // Day 0 of month (m - k + 1) is the last day of month (m - k).
    const d = new Date(Date.UTC(y, m - k, 0));
    dates.push(d.toISOString().slice(0, 10));
  }
  dates.push(asOf);
  return dates;
}

/** The first day of the quarter that ends with the month of a date (the period of simple DSO). */
export function quarterStart(asOf: string): string {
  const [y, m] = asOf.split('-').map(Number);
  return new Date(Date.UTC(y, m - 3, 1)).toISOString().slice(0, 10);
}

export interface SeriesPoint {
  x: string;
  y: number | null;
}

export interface Series {
  name: string;
  points: SeriesPoint[];
}

/** KPI answers at several dates turned into one series per figure name asked for (null where a figure is undefined). */
export function kpiSeries(answers: Schemas['KpisResponse'][], names: string[]): Series[] {
  return names.map((name) => ({
    name,
    points: answers.map((a) => {
      const figure = a.figures.find((f) => f.name === name);
      return { x: a.asOf, y: figure && figure.value !== null ? num(figure.value) : null };
    }),
  }));
}

/** The disputes report's lines of one grouping as bars per currency (amounts of different currencies stay apart). */
export function disputeBars(lines: Schemas['DisputeGroupLine'][]): { label: string; value: number; count: number; currency: string }[] {
  return [...lines]
    .map((l) => ({ label: `${l.key} (${l.currency})`, value: num(l.amount), count: num(l.count), currency: l.currency }))
    .sort((a, b) => a.currency.localeCompare(b.currency) || b.value - a.value);
}

/** The aged balance as CSV rows: one per currency total, then one per customer and currency. */
export function agedBalanceCsv(aged: Schemas['AgedBalanceResponse'], entity: string): { header: string[]; rows: (string | number)[][] } {
  const labels = aged.bucketDefinitions.map((b) => b.label);
  const header = ['asOf', 'entity', 'customerReference', 'customerName', 'currency', 'notDue', ...labels, 'totalOverdue', 'totalOpen', 'unappliedCredits', 'balance'];
  const row = (ref: string, name: string, line: Schemas['AgedLine']) => [
    aged.asOf,
    entity,
    ref,
    name,
    line.currency,
    num(line.notDue.amount),
    ...line.buckets.map((b) => num(b.amount)),
    num(line.totalOverdue.amount),
    num(line.totalOpen.amount),
    num(line.unappliedCredits.amount),
    num(line.balance),
  ];
  return {
    header,
    rows: [...aged.totals.map((l) => row('', 'TOTAL', l)), ...aged.customers.items.flatMap((c) => c.lines.map((l) => row(c.reference, c.name, l)))],
  };
}

/**
 * The aged balance with every customer: the first page as read for the screen, then the following pages fetched one by
 * one (the API gives at most 200 customers a page), so that the CSV export holds all of them.
 */
export async function withAllCustomers(
  first: Schemas['AgedBalanceResponse'],
  fetchPage: (page: number) => Promise<Schemas['AgedBalanceResponse']>,
): Promise<Schemas['AgedBalanceResponse']> {
  const pageSize = Number(first.customers.pageSize);
  const pages = Math.ceil(Number(first.customers.totalCount) / pageSize);
  const items = [...first.customers.items];
  for (let page = Number(first.customers.page) + 1; page <= pages; page++) {
    items.push(...(await fetchPage(page)).customers.items);
  }
  return { ...first, customers: { ...first.customers, items, page: 1, pageSize: items.length } };
}
