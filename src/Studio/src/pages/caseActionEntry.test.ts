import { describe, expect, it } from 'vitest';
import { caseActionEntry } from './caseActionEntry';

const labels: Record<string, string> = { outcomeNoAnswer: 'Pas de réponse', outcomeWrongContact: 'Mauvais interlocuteur' };
const t = (key: string) => labels[key] ?? key;

describe('caseActionEntry', () => {
  it('reads a call without answer as its translated outcome with the operator’s note', () => {
    expect(caseActionEntry({ kind: 'CallCompleted', detail: 'NoAnswer: Personne au standard: rappeler', by: 'anne' }, t)).toEqual({
      kind: 'eventCall',
      text: 'Pas de réponse — Personne au standard: rappeler (anne)',
    });
  });

  it('reads a call without note as its outcome alone and keeps an unknown outcome as it is', () => {
    expect(caseActionEntry({ kind: 'CallCompleted', detail: 'WrongContact', by: 'anne' }, t).text).toBe('Mauvais interlocuteur (anne)');
    expect(caseActionEntry({ kind: 'CallCompleted', detail: 'Voicemail: laissé un message', by: 'anne' }, t).text).toBe(
      'Voicemail — laissé un message (anne)',
    );
  });

  it('leaves the other actions as kind, detail and author', () => {
    expect(caseActionEntry({ kind: 'BlockRequested', detail: 'Retard de paiement', by: 'procedure:1' }, t)).toEqual({
      kind: 'eventAction',
      text: 'BlockRequested: Retard de paiement — procedure:1',
    });
  });
});
