import { describe, expect, it } from 'vitest';
import { customerLabel } from './CustomerLink';

describe('customerLabel', () => {
  const lookup = (id: string) => `${id.slice(0, 8)}…`;

  it('uses the reference and name the API gives', () => {
    expect(customerLabel('0193aaaa-bbbb', 'C-1', 'Dupont SA', lookup)).toBe('C-1 — Dupont SA');
  });

  it('falls back on the lookup when the API gives no name (a customer the ledger no longer has)', () => {
    expect(customerLabel('0193aaaa-bbbb', null, null, lookup)).toBe('0193aaaa…');
  });
});
