import type { Translate } from '../app/i18n';

type Key = Parameters<Translate>[0];

const callOutcomes: Record<string, Key> = {
  Promise: 'outcomePromise',
  Dispute: 'outcomeDispute',
  NoAnswer: 'outcomeNoAnswer',
  WrongContact: 'outcomeWrongContact',
  AlreadyPaid: 'outcomeAlreadyPaid',
};

export interface CaseActionLine {
  kind: 'eventAction' | 'eventCall';
  text: string;
}

/**
 * A case action as a line of the customer's history. A call's result (`CallCompleted`, detail "Outcome" or
 * "Outcome: note") reads as the outcome in the user's language, the operator's note and who called (the badge says "Call").
 */
export function caseActionEntry(action: { kind: string; detail: string; by: string }, t: Translate): CaseActionLine {
  if (action.kind !== 'CallCompleted') {
    return { kind: 'eventAction', text: `${action.kind}: ${action.detail} — ${action.by}` };
  }
  const separator = action.detail.indexOf(': ');
  const outcome = separator < 0 ? action.detail : action.detail.slice(0, separator);
  const note = separator < 0 ? '' : action.detail.slice(separator + 2);
  const label = callOutcomes[outcome] ? t(callOutcomes[outcome]) : outcome;
  return { kind: 'eventCall', text: `${label}${note ? ` — ${note}` : ''} (${action.by})` };
}
