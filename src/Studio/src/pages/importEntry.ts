import type { Translate } from '../app/i18n';

export interface ImportLine {
  on: string;
  kind: 'eventImport';
  text: string;
}

/**
 * What one import did to the customer's items, as a line of its history: the file, the counts that are not zero
 * (created, changed, settled) and who imported it. Dated by the day the import started (UTC).
 */
export function importEntry(
  i: { fileName: string; startedAt: string; startedBy: string; itemsCreated: number | string; itemsChanged: number | string; itemsSettled: number | string },
  t: Translate,
): ImportLine {
  const counts = (
    [
      [i.itemsCreated, 'importItemsCreated'],
      [i.itemsChanged, 'importItemsChanged'],
      [i.itemsSettled, 'importItemsSettled'],
    ] as const
  )
    .filter(([n]) => Number(n) > 0)
    .map(([n, key]) => `${Number(n)} ${t(key)}`);
  return { on: i.startedAt.slice(0, 10), kind: 'eventImport', text: `${i.fileName} — ${counts.join(' · ') || '—'} (${i.startedBy})` };
}
