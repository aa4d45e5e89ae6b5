import { createContext, useContext, useEffect, useId, useMemo, useState } from 'react';
import type { Schemas } from '../api/client';
import { useI18n } from '../app/i18n';
import { ExpressionEditor } from './ExpressionEditor';
import { fromJson, scopeOf } from './expr';
import { splitMoney, toText, toValue, validateLiteral } from './literals';
import { isExpression, typeLabel, type ActivityDef, type ActivityDescriptor, type Definition, type InputDescriptor, type JsonType } from './model';

type Problem = Schemas['DefinitionProblemResponse'];
export type MessageTemplate = Pick<Schemas['MessageTemplateResponse'], 'kind' | 'channel' | 'level' | 'language' | 'subject'>;

/** The company's message templates, for the inputs that choose one (null while they load or when they cannot be read). */
export const MessageTemplatesContext = createContext<MessageTemplate[] | null>(null);

/** The levels of a kind's templates, each with the subject in the given language (the e-mail's, else any channel's). */
export function templateLevels(templates: MessageTemplate[], kind: string, lang: string): { level: number; subject: string }[] {
  const ofKind = templates.filter((t) => t.kind === kind);
  const levels = [...new Set(ofKind.map((t) => Number(t.level)))].sort((a, b) => a - b);
  return levels.map((level) => {
    const candidates = ofKind.filter((t) => Number(t.level) === level);
    const best = candidates.find((t) => t.language === lang && t.channel === 'Email') ?? candidates.find((t) => t.language === lang) ?? candidates[0];
    return { level, subject: best.subject.replace(/\{\{[^}]*\}\}/g, '…') };
  });
}

export interface PropertyPanelProps {
  activity: ActivityDef;
  descriptor: ActivityDescriptor | undefined;
  definition: Definition;
  readOnly: boolean;
  problems?: Problem[];
  onChange: (activity: ActivityDef) => void;
  onRename?: (newId: string) => void;
}

/** The selected step's properties: id, name, each input with a field of its type (or an expression), outputs. */
export function PropertyPanel({ activity, descriptor, definition, readOnly, problems = [], onChange, onRename }: PropertyPanelProps) {
  const { t } = useI18n();
  const scope = useMemo(() => scopeOf([...definition.inputs, ...definition.variables]), [definition.inputs, definition.variables]);
  const setInput = (name: string, value: unknown) => {
    const inputs = { ...activity.inputs };
    if (value === undefined) delete inputs[name];
    else inputs[name] = value;
    onChange({ ...activity, inputs });
  };

  return (
    <section aria-label={t('properties')} className="property-panel">
      <h2>{t('properties')}</h2>
      <IdField id={activity.id} taken={definition.activities.map((a) => a.id).filter((id) => id !== activity.id)} readOnly={readOnly} onRename={onRename} />
      <p className="muted">
        {t('type')}: <code>{activity.type}</code> {descriptor && `— ${descriptor.displayName}`}
      </p>
      {!descriptor && <p role="alert" className="field-error">Unknown activity type {activity.type}</p>}
      <label>
        {t('name')}
        <input value={activity.name ?? ''} readOnly={readOnly} onChange={(e) => onChange({ ...activity, name: e.target.value || null })} />
      </label>
      {descriptor?.inputs.map((input) => (
        <InputField
          key={`${activity.id}/${input.name}`}
          input={input}
          value={activity.inputs[input.name]}
          type={input.typeFromVariableInput ? typeOfVariable(definition, activity.inputs[input.typeFromVariableInput]) : input.type}
          scope={scope}
          definition={definition}
          readOnly={readOnly}
          problems={problems.filter((p) => p.input === input.name || p.input?.startsWith(input.name + '[') || p.input?.startsWith(input.name + '.'))}
          onChange={(value) => setInput(input.name, value)}
        />
      ))}
      {descriptor && descriptor.outputs.length > 0 && (
        <fieldset>
          <legend>{t('outputs')}</legend>
          {descriptor.outputs.map((output) => (
            <label key={output.name}>
              {output.name} <small>({typeLabel(output.type)})</small>
              <select
                value={activity.outputs[output.name] ?? ''}
                disabled={readOnly}
                onChange={(e) => {
                  const outputs = { ...activity.outputs };
                  if (e.target.value) outputs[output.name] = e.target.value;
                  else delete outputs[output.name];
                  onChange({ ...activity, outputs });
                }}
              >
                <option value="">—</option>
                {definition.variables.map((v) => (
                  <option key={v.name} value={v.name}>
                    {v.name}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
      )}
      {problems.filter((p) => !p.input).map((p, i) => (
        <p key={i} className="field-error" role="alert">
          {p.message}
        </p>
      ))}
    </section>
  );
}

function typeOfVariable(definition: Definition, name: unknown): JsonType {
  return definition.variables.find((v) => v.name === name)?.type ?? 'any';
}

function IdField({ id, taken, readOnly, onRename }: { id: string; taken: string[]; readOnly: boolean; onRename?: (id: string) => void }) {
  const { t, lang } = useI18n();
  const [text, setText] = useState(id);
  useEffect(() => setText(id), [id]);
  const error = !/^[A-Za-z][A-Za-z0-9_-]*$/.test(text)
    ? lang === 'fr' ? 'Une lettre, puis lettres, chiffres, « - » ou « _ ».' : 'A letter, then letters, digits, "-" or "_".'
    : taken.includes(text) ? (lang === 'fr' ? 'Cet identifiant est déjà pris.' : 'This id is already taken.') : null;
  return (
    <label>
      {t('id')}
      <input
        value={text}
        readOnly={readOnly || !onRename}
        aria-invalid={!!error}
        aria-describedby="activity-id-error"
        onChange={(e) => setText(e.target.value)}
        onBlur={() => {
          if (!error && text !== id) onRename?.(text);
        }}
      />
      {error && (
        <span id="activity-id-error" className="field-error" role="alert">
          {error}
        </span>
      )}
    </label>
  );
}

export interface InputFieldProps {
  input: InputDescriptor;
  type: JsonType;
  value: unknown;
  scope: ReturnType<typeof scopeOf>;
  definition?: Definition;
  readOnly: boolean;
  problems?: Problem[];
  onChange: (value: unknown) => void;
}

/** One input: a typed literal field validated as the user types, or (when the input allows it) an expression. */
export function InputField({ input, type, value, scope, definition, readOnly, problems = [], onChange }: InputFieldProps) {
  const { t } = useI18n();
  const uid = useId();
  const fieldId = `input-${input.name}-${uid}`;
  const asExpression = isExpression(value);
  const label = `${input.displayName ?? input.name}${input.required ? ` (${t('required')})` : ''}`;
  const serverMessages = problems.map((p) => p.message);

  return (
    <div className="input-field" data-input={input.name}>
      {asExpression ? (
        <ExpressionEditor
          id={fieldId}
          label={label}
          value={value.expression}
          scope={scope}
          expected={fromJson(type)}
          readOnly={readOnly}
          onChange={(expression) => onChange({ expression })}
        />
      ) : (
        <LiteralField id={fieldId} label={label} input={input} type={type} value={value} definition={definition} readOnly={readOnly} onChange={onChange} />
      )}
      {input.description && <small className="muted">{input.description}</small>}
      {input.allowsExpression && !readOnly && (
        <label className="inline small">
          <input
            type="checkbox"
            checked={asExpression}
            onChange={(e) => onChange(e.target.checked ? { expression: value === undefined ? '' : toText(type, value) } : undefined)}
          />{' '}
          {t('useExpression')}
        </label>
      )}
      {serverMessages.length > 0 && (
        <div className="field-error" role="alert">
          {serverMessages.join(' ')}
        </div>
      )}
    </div>
  );
}

interface LiteralFieldProps {
  id: string;
  label: string;
  input: InputDescriptor;
  type: JsonType;
  value: unknown;
  definition?: Definition;
  readOnly: boolean;
  onChange: (value: unknown) => void;
}

/**
 * A literal of the input's type. The text is kept as typed; the definition only receives it once valid, so a
 * half-typed number never reaches the saved draft, and the message says what is expected.
 */
export function LiteralField({ id, label, input, type, value, definition, readOnly, onChange }: LiteralFieldProps) {
  const { lang } = useI18n();
  const templates = useContext(MessageTemplatesContext);
  const [text, setText] = useState(() => toText(type, value));
  useEffect(() => {
    setText((current) => {
      // An outside change (undo, another field) replaces the text; our own valid edits round-trip unchanged.
      const stored = toText(type, value);
      const currentValue = safeValue(type, current);
      return JSON.stringify(currentValue) === JSON.stringify(value) ? current : stored;
    });
  }, [type, value]);
  const allowed = input.allowedValues ?? (typeof type === 'object' && type.kind === 'enum' ? type.values : null);
  const levels = input.templateKind && templates ? templateLevels(templates, input.templateKind, lang) : null;
  const validate = (next: string) =>
    validateLiteral(type, next, input.required, lang, { allowedValues: allowed, inputName: input.name }) ??
    (levels && next.trim() !== '' && !levels.some((l) => String(l.level) === next.trim())
      ? lang === 'fr'
        ? `Aucun modèle « ${input.templateKind} » de niveau ${next.trim()} : ${levels.map((l) => l.level).join(', ')}.`
        : `No "${input.templateKind}" template of level ${next.trim()}: ${levels.map((l) => l.level).join(', ')}.`
      : null);
  const error = validate(text);
  const errorId = `${id}-error`;
  const update = (next: string) => {
    setText(next);
    if (validate(next) === null) onChange(toValue(type, next));
    else if (next.trim() === '' && !input.required) onChange(undefined);
  };
  const common = { id, 'aria-invalid': !!error, 'aria-describedby': errorId, readOnly, disabled: readOnly && undefined };
  let control: React.ReactNode;
  if (type === 'boolean') {
    control = <input type="checkbox" id={id} checked={value === true} disabled={readOnly} onChange={(e) => onChange(e.target.checked)} />;
  } else if (allowed && allowed.length > 0) {
    control = (
      <select {...common} disabled={readOnly} value={text} onChange={(e) => update(e.target.value)}>
        <option value="">—</option>
        {allowed.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    );
  } else if (input.templateKind) {
    // Chosen from the company's templates; while they load (or if they cannot be read) the level in use stays selectable.
    const options = levels ?? (text ? [{ level: Number(text), subject: '' }] : []);
    control = (
      <select {...common} disabled={readOnly} value={text} data-template-kind={input.templateKind} onChange={(e) => update(e.target.value)}>
        <option value="">—</option>
        {!options.some((o) => String(o.level) === text) && text && <option value={text}>{text}</option>}
        {options.map((o) => (
          <option key={o.level} value={String(o.level)}>
            {o.level}
            {o.subject ? ` — ${o.subject}` : ''}
          </option>
        ))}
      </select>
    );
  } else if (input.name === 'variable' && definition) {
    control = (
      <select {...common} disabled={readOnly} value={text} onChange={(e) => update(e.target.value)}>
        <option value="">—</option>
        {definition.variables.map((v) => (
          <option key={v.name} value={v.name}>
            {v.name}
          </option>
        ))}
      </select>
    );
  } else if (type === 'money') {
    const { amount, currency } = splitMoney(text);
    control = (
      <span className="money" role="group" aria-label={label}>
        <input {...common} inputMode="decimal" placeholder="5000" value={amount} aria-label={`${label}: amount`} onChange={(e) => update(`${e.target.value} ${currency}`.trim())} />
        <input
          id={`${id}-currency`}
          className="currency"
          placeholder="EUR"
          maxLength={3}
          value={currency}
          readOnly={readOnly}
          aria-label={`${label}: currency`}
          aria-invalid={!!error}
          aria-describedby={errorId}
          onChange={(e) => update(`${amount} ${e.target.value.toUpperCase()}`)}
        />
      </span>
    );
  } else if (typeof type === 'object') {
    control = <textarea {...common} rows={4} className="json" value={text} onChange={(e) => update(e.target.value)} />;
  } else {
    const placeholder = type === 'date' ? 'YYYY-MM-DD' : type === 'duration' ? '10 business days' : type === 'number' ? '0' : input.name === 'time' ? 'HH:mm' : '';
    control = <input {...common} inputMode={type === 'number' ? 'decimal' : undefined} placeholder={placeholder} value={text} onChange={(e) => update(e.target.value)} />;
  }
  return (
    <div className="literal-field">
      {type !== 'money' ? <label htmlFor={id}>{label}</label> : <span className="label">{label}</span>}{' '}
      <small className="muted">{typeLabel(type)}</small>
      {control}
      {error && (
        <span id={errorId} className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

function safeValue(type: JsonType, text: string): unknown {
  try {
    return toValue(type, text);
  } catch {
    return Symbol('invalid');
  }
}
