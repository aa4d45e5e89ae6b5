import type { Schemas } from '../api/client';

/**
 * A task of the inbox as `GET …/tasks` returns it. Written here because the OpenAPI document gives the inbox's task and
 * the simulation's task the same schema name (`TaskResponse`), and the simulation's shape wins there.
 */
export interface InboxTask {
  id: string;
  instanceId: string;
  definitionId: string;
  definitionVersion: number;
  activityId: string;
  title: string;
  description: string | null;
  role: string | null;
  assignee: string | null;
  claimedBy: string | null;
  dueDate: string | null;
  priority: string;
  amountAtRisk: number | string | null;
  daysOverdue: number;
  priorityScore: number | string;
  customer: string | null;
  outcomes: string[];
  form: { name: string; label: string; type: string; required: boolean }[];
  createdAt: string;
}

export type CaseSummary = Schemas['CaseSummaryResponse'];

/** The company's date (YYYY-MM-DD) in its time zone; the browser's own zone when the company has none. */
export function companyToday(timeZone?: string | null): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: timeZone || undefined, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

export function money(amount: number | string | null | undefined, currency: string, lang: string): string {
  const value = typeof amount === 'number' ? amount : Number(amount ?? 0);
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { style: 'currency', currency }).format(value);
}
