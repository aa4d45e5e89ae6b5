/** The definition format of workflows/ (see workflows/workflow.schema.json), as the designer edits it. */

export type JsonType =
  | string
  | { kind: 'enum'; values: string[] }
  | { kind: 'list'; of: JsonType }
  | { kind: 'map'; of: JsonType }
  | { kind: 'record'; fields: { name: string; type: JsonType }[] };

export interface Declaration {
  name: string;
  type: JsonType;
  required?: boolean;
  default?: unknown;
}

export interface ActivityDef {
  id: string;
  type: string;
  name?: string | null;
  inputs: Record<string, unknown>;
  outputs: Record<string, string>;
  position?: { x: number; y: number };
  retry?: unknown;
}

export interface ConnectionDef {
  source: { activity: string; port: string };
  target: { activity: string; port?: string };
}

export interface EventHandlerDef {
  event: string;
  condition?: string | null;
  action: 'end' | 'goTo' | 'suspendUntil';
  outcome?: string | null;
  activity?: string | null;
  until?: string | null;
  payload?: JsonType | null;
}

export interface Definition {
  $schema?: string;
  definitionId: string;
  version: number;
  name: string;
  description?: string | null;
  inputs: Declaration[];
  variables: Declaration[];
  start: { activity: string; triggerEvent?: string | null };
  incidentStrategy?: string;
  activities: ActivityDef[];
  connections: ConnectionDef[];
  eventHandlers?: EventHandlerDef[];
}

export interface InputDescriptor {
  name: string;
  type: JsonType;
  required: boolean;
  displayName?: string | null;
  description?: string | null;
  allowedValues?: string[] | null;
  allowsExpression: boolean;
  typeFromVariableInput?: string | null;
  /** The input chooses a message template of this kind (reminder…) by its level. */
  templateKind?: string | null;
  default?: unknown;
}

export interface ActivityDescriptor {
  type: string;
  displayName: string;
  category: string;
  description: string;
  inputs: InputDescriptor[];
  outputs: { name: string; type: JsonType }[];
  ports: { name: string; description?: string | null }[];
  dynamicPorts: { input: string; field?: string | null } | null;
  isWait: boolean;
}

export function isExpression(value: unknown): value is { expression: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { expression?: unknown }).expression === 'string';
}

/** The ports of an activity: its descriptor's fixed ports plus those named by an input (switch cases, fork branches, task outcomes). */
export function portsOf(activity: ActivityDef, descriptor: ActivityDescriptor | undefined): string[] {
  if (!descriptor) return [];
  const ports = descriptor.ports.map((p) => p.name);
  const dynamic = descriptor.dynamicPorts;
  if (dynamic) {
    const value = activity.inputs[dynamic.input];
    if (Array.isArray(value)) {
      const named = value
        .map((item) => (dynamic.field ? (item as Record<string, unknown>)?.[dynamic.field] : item))
        .filter((name): name is string => typeof name === 'string' && name.length > 0);
      return [...named, ...ports.filter((p) => !named.includes(p))];
    }
  }
  return ports;
}

/** A fresh activity id from the type's last segment: sendReminder, sendReminder2… */
export function newActivityId(type: string, taken: Iterable<string>): string {
  const last = type.split('.').pop() ?? 'step';
  const base = last.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
}

export function typeLabel(type: JsonType): string {
  if (typeof type === 'string') return type;
  switch (type.kind) {
    case 'enum':
      return `enum(${type.values.join(', ')})`;
    case 'list':
      return `list of ${typeLabel(type.of)}`;
    case 'map':
      return `map of ${typeLabel(type.of)}`;
    case 'record':
      return `{${type.fields.map((f) => `${f.name}: ${typeLabel(f.type)}`).join(', ')}}`;
  }
}
