/* Problems the designer finds while the user edits, before the server's validator (save draft) has its say. */
import { checkExpression, fromJson, scopeOf } from './expr';
import { isExpression, portsOf, type ActivityDescriptor, type Definition } from './model';

export interface LocalProblem {
  code: string;
  message: string;
  activityId?: string | null;
  input?: string | null;
  eventHandlerIndex?: number | null;
}

export function localProblems(definition: Definition, descriptors: Map<string, ActivityDescriptor>): LocalProblem[] {
  const problems: LocalProblem[] = [];
  const scope = scopeOf([...definition.inputs, ...definition.variables]);
  const ids = new Set(definition.activities.map((a) => a.id));
  if (!ids.has(definition.start.activity)) {
    problems.push({ code: 'unknown-start-activity', message: `the start activity '${definition.start.activity}' does not exist` });
  }
  for (const activity of definition.activities) {
    const descriptor = descriptors.get(activity.type);
    if (!descriptor) {
      problems.push({ code: 'unknown-activity-type', message: `unknown activity type '${activity.type}'`, activityId: activity.id });
      continue;
    }
    for (const input of descriptor.inputs) {
      const value = activity.inputs[input.name];
      if (input.required && (value === undefined || value === null || value === '' || (isExpression(value) && value.expression.trim() === ''))) {
        problems.push({ code: 'missing-required-input', message: `input '${input.name}' is required`, activityId: activity.id, input: input.name });
        continue;
      }
      if (isExpression(value)) {
        const expected = input.typeFromVariableInput
          ? fromJson(definition.variables.find((v) => v.name === activity.inputs[input.typeFromVariableInput!])?.type)
          : fromJson(input.type);
        for (const d of checkExpression(value.expression, scope, expected).diagnostics) {
          problems.push({ code: 'expression-error', message: `${input.name}, ${d.line}:${d.column}: ${d.message}`, activityId: activity.id, input: input.name });
        }
      }
    }
    const ports = portsOf(activity, descriptor);
    for (const c of definition.connections.filter((c) => c.source.activity === activity.id)) {
      if (!ports.includes(c.source.port)) problems.push({ code: 'unknown-port', message: `'${activity.id}' has no port '${c.source.port}'`, activityId: activity.id });
    }
  }
  (definition.eventHandlers ?? []).forEach((handler, index) => {
    if (!handler.event.trim()) problems.push({ code: 'invalid-event-handler', message: 'an event handler needs an event name', eventHandlerIndex: index });
    if (handler.action === 'goTo' && !ids.has(handler.activity ?? '')) problems.push({ code: 'invalid-event-handler', message: `goTo names no existing activity`, eventHandlerIndex: index });
    if (handler.action === 'suspendUntil' && !handler.until?.trim()) problems.push({ code: 'invalid-event-handler', message: 'suspendUntil needs the event that resumes', eventHandlerIndex: index });
    if (handler.condition?.trim()) {
      const handlerScope = scopeOf([...definition.inputs, ...definition.variables], handler.payload ?? null);
      for (const d of checkExpression(handler.condition, handlerScope, { kind: 'boolean' }).diagnostics) {
        problems.push({ code: 'expression-error', message: `condition ${d.line}:${d.column}: ${d.message}`, eventHandlerIndex: index });
      }
    }
  });
  // Reachability from the start and goTo targets, as the server checks it.
  const reached = new Set<string>();
  const queue = [definition.start.activity, ...(definition.eventHandlers ?? []).filter((h) => h.action === 'goTo' && h.activity).map((h) => h.activity!)];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (reached.has(id) || !ids.has(id)) continue;
    reached.add(id);
    for (const c of definition.connections) if (c.source.activity === id) queue.push(c.target.activity);
  }
  for (const activity of definition.activities) {
    if (!reached.has(activity.id)) problems.push({ code: 'unreachable-activity', message: `'${activity.id}' cannot be reached from the start`, activityId: activity.id });
  }
  return problems;
}
