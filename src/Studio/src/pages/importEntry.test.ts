import { describe, expect, it } from 'vitest';
import { importEntry } from './importEntry';

const labels: Record<string, string> = { importItemsCreated: 'créées', importItemsChanged: 'modifiées', importItemsSettled: 'soldées' };
const t = (key: string) => labels[key] ?? key;

describe('importEntry', () => {
  it('shows the file, the counts that are not zero and who imported it, on the day the import started', () => {
    expect(
      importEntry(
        { fileName: 'grand-livre.csv', startedAt: '2026-11-20T17:45:00Z', startedBy: 'anne', itemsCreated: 2, itemsChanged: '0', itemsSettled: '1' },
        t,
      ),
    ).toEqual({ on: '2026-11-20', kind: 'eventImport', text: 'grand-livre.csv — 2 créées · 1 soldées (anne)' });
  });

  it('shows a dash when the counts are all zero', () => {
    expect(
      importEntry({ fileName: 'a.csv', startedAt: '2026-11-20T00:00:00Z', startedBy: 'anne', itemsCreated: 0, itemsChanged: 0, itemsSettled: 0 }, t).text,
    ).toBe('a.csv — — (anne)');
  });
});
