import { describe, expect, it } from 'vitest';
import { localProblems } from './checks';
import { portsOf, type ActivityDescriptor, type Definition } from './model';

const decision: ActivityDescriptor = {
  type: 'workflow.decision', displayName: 'Decision', category: 'Flow', description: '',
  inputs: [{ name: 'condition', type: 'boolean', required: true, allowsExpression: true }],
  outputs: [], ports: [{ name: 'True' }, { name: 'False' }], dynamicPorts: null, isWait: false,
};
const task: ActivityDescriptor = {
  type: 'workflow.human-task', displayName: 'Human task', category: 'People', description: '',
  inputs: [{ name: 'outcomes', type: { kind: 'list', of: 'string' }, required: false, allowsExpression: false }],
  outputs: [], ports: [{ name: 'Timeout' }], dynamicPorts: { input: 'outcomes', field: null }, isWait: true,
};
const descriptors = new Map([decision, task].map((d) => [d.type, d]));

function definition(): Definition {
  return {
    definitionId: 'p', version: 1, name: 'P',
    inputs: [{ name: 'amount', type: 'money' }], variables: [],
    start: { activity: 'check' },
    activities: [
      { id: 'check', type: 'workflow.decision', inputs: { condition: { expression: 'amount > 10 EUR' } }, outputs: {} },
      { id: 'call', type: 'workflow.human-task', inputs: { outcomes: ['Promised', 'NoAnswer'] }, outputs: {} },
    ],
    connections: [{ source: { activity: 'check', port: 'True' }, target: { activity: 'call', port: 'In' } }],
  };
}

describe('localProblems', () => {
  it('finds nothing in a valid procedure', () => {
    expect(localProblems(definition(), descriptors)).toEqual([]);
  });

  it('reports a step nobody reaches, a missing required input and an expression error, each with its step', () => {
    const d = definition();
    d.activities.push({ id: 'orphan', type: 'workflow.decision', inputs: {}, outputs: {} });
    d.activities[0].inputs.condition = { expression: 'amount > 10' };
    const problems = localProblems(d, descriptors).map((p) => `${p.code}@${p.activityId}`);
    expect(problems).toEqual(['expression-error@check', 'missing-required-input@orphan', 'unreachable-activity@orphan']);
  });

  it('reports a connection from a port the step does not have', () => {
    const d = definition();
    d.connections.push({ source: { activity: 'call', port: 'Refused' }, target: { activity: 'check', port: 'In' } });
    expect(localProblems(d, descriptors).map((p) => p.code)).toEqual(['unknown-port']);
  });

  it('checks event handlers: their target and condition with the event in scope', () => {
    const d = definition();
    d.eventHandlers = [
      { event: 'InvoicePaid', action: 'end', condition: 'event.amount >= amount', payload: { kind: 'record', fields: [{ name: 'amount', type: 'money' }] } },
      { event: 'PromiseMade', action: 'goTo', activity: 'nowhere' },
    ];
    expect(localProblems(d, descriptors).map((p) => `${p.code}#${p.eventHandlerIndex}`)).toEqual(['invalid-event-handler#1']);
  });
});

describe('portsOf', () => {
  it('puts the ports named by an input before the fixed ones', () => {
    expect(portsOf(definition().activities[1], task)).toEqual(['Promised', 'NoAnswer', 'Timeout']);
  });
});
