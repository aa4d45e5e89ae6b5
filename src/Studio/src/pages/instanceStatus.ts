import type { Translate } from '../app/i18n';

/** The engine's statuses of an instance, as the API filters them. */
export const INSTANCE_STATUSES = ['Running', 'Suspended', 'Completed', 'Faulted', 'Cancelled'] as const;

/** The engine's status of an instance in the user's language (an unknown one as the API gives it). */
export function instanceStatusLabel(t: Translate, status: string): string {
  const labels: Record<(typeof INSTANCE_STATUSES)[number], string> = {
    Running: t('instanceRunning'),
    Suspended: t('instanceSuspended'),
    Completed: t('instanceCompleted'),
    Faulted: t('instanceFaulted'),
    Cancelled: t('instanceCancelled'),
  };
  return (labels as Record<string, string>)[status] ?? status;
}
