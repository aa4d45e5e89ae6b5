import { describe, expect, it } from 'vitest';
import { INSTANCE_STATUSES, instanceStatusLabel } from './instanceStatus';

const labels: Record<string, string> = {
  instanceRunning: 'En cours',
  instanceSuspended: 'Suspendue',
  instanceCompleted: 'Terminée',
  instanceFaulted: 'En erreur',
  instanceCancelled: 'Annulée',
};
const t = (key: string) => labels[key] ?? key;

describe('instanceStatusLabel', () => {
  it('names each status the API filters on in the user’s language', () => {
    expect(INSTANCE_STATUSES.map((s) => instanceStatusLabel(t, s))).toEqual(['En cours', 'Suspendue', 'Terminée', 'En erreur', 'Annulée']);
  });

  it('keeps a status it does not know as the API gives it', () => {
    expect(instanceStatusLabel(t, 'Migrating')).toBe('Migrating');
  });
});
