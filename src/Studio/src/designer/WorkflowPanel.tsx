import { useMemo } from 'react';
import { useI18n } from '../app/i18n';
import { ExpressionEditor } from './ExpressionEditor';
import { scopeOf } from './expr';
import { LiteralField } from './PropertyPanel';
import { typeLabel, type Declaration, type Definition, type EventHandlerDef, type JsonType } from './model';

const BOOLEAN = { kind: 'boolean' } as const;
const PRIMITIVE_TYPES = ['string', 'number', 'boolean', 'date', 'money', 'duration'];

/** The procedure itself: name, start, incident strategy, its inputs and variables, and its event handlers. */
export function WorkflowPanel({ definition, readOnly, onChange }: { definition: Definition; readOnly: boolean; onChange: (d: Definition) => void }) {
  const { t } = useI18n();
  return (
    <section aria-label={t('properties')} className="property-panel">
      <h2>{t('properties')}</h2>
      <label>
        {t('name')}
        <input value={definition.name} readOnly={readOnly} onChange={(e) => onChange({ ...definition, name: e.target.value })} />
      </label>
      <label>
        {t('startActivity')}
        <select value={definition.start.activity} disabled={readOnly} onChange={(e) => onChange({ ...definition, start: { ...definition.start, activity: e.target.value } })}>
          {definition.activities.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name || a.id}
            </option>
          ))}
        </select>
      </label>
      <label>
        incidentStrategy
        <select value={definition.incidentStrategy ?? 'fault'} disabled={readOnly} onChange={(e) => onChange({ ...definition, incidentStrategy: e.target.value })}>
          <option value="fault">fault</option>
          <option value="continue">continue</option>
        </select>
      </label>
      <DeclarationsEditor
        title={`${t('inputs')}`}
        items={definition.inputs}
        readOnly={readOnly}
        onChange={(inputs) => onChange({ ...definition, inputs })}
      />
      <DeclarationsEditor
        title={t('variables')}
        items={definition.variables}
        readOnly={readOnly}
        onChange={(variables) => onChange({ ...definition, variables })}
      />
      <EventHandlersEditor definition={definition} readOnly={readOnly} onChange={onChange} />
    </section>
  );
}

function typeText(type: JsonType): string {
  return typeof type === 'string' ? type : JSON.stringify(type);
}

function parseType(text: string): JsonType | null {
  const trimmed = text.trim();
  if (PRIMITIVE_TYPES.includes(trimmed)) return trimmed;
  try {
    const parsed = JSON.parse(trimmed) as JsonType;
    return typeof parsed === 'object' && parsed && 'kind' in parsed ? parsed : null;
  } catch {
    return null;
  }
}

function DeclarationsEditor({ title, items, readOnly, onChange }: { title: string; items: Declaration[]; readOnly: boolean; onChange: (items: Declaration[]) => void }) {
  const { t, lang } = useI18n();
  const update = (index: number, item: Declaration) => onChange(items.map((x, i) => (i === index ? item : x)));
  return (
    <fieldset className="declarations">
      <legend>{title}</legend>
      {items.map((item, index) => {
        const nameError = !/^[A-Za-z_][A-Za-z0-9_]*$/.test(item.name)
          ? lang === 'fr' ? 'Un nom sans espace ni accent.' : 'A name without spaces or accents.'
          : items.some((x, i) => i !== index && x.name === item.name) ? (lang === 'fr' ? 'Nom en double.' : 'Duplicate name.') : null;
        return (
          <div key={index} className="declaration" role="group" aria-label={`${title} ${item.name}`}>
            <input aria-label={t('name')} value={item.name} readOnly={readOnly} aria-invalid={!!nameError} onChange={(e) => update(index, { ...item, name: e.target.value })} />
            <TypeInput value={item.type} readOnly={readOnly} onChange={(type) => update(index, { ...item, type, default: undefined })} />
            {typeof item.type === 'string' && item.type !== 'boolean' && (
              <LiteralField
                id={`default-${title}-${index}`}
                label="default"
                input={{ name: 'default', type: item.type, required: false, allowsExpression: false }}
                type={item.type}
                value={item.default}
                readOnly={readOnly}
                onChange={(value) => update(index, { ...item, default: value })}
              />
            )}
            {!readOnly && (
              <button type="button" onClick={() => onChange(items.filter((_, i) => i !== index))} aria-label={`${t('remove')} ${item.name}`}>
                ✕
              </button>
            )}
            {nameError && (
              <span className="field-error" role="alert">
                {nameError}
              </span>
            )}
          </div>
        );
      })}
      {!readOnly && (
        <button type="button" onClick={() => onChange([...items, { name: `value${items.length + 1}`, type: 'string' }])}>
          {t('add')}
        </button>
      )}
    </fieldset>
  );
}

function TypeInput({ value, readOnly, onChange }: { value: JsonType; readOnly: boolean; onChange: (t: JsonType) => void }) {
  const { t, lang } = useI18n();
  const primitive = typeof value === 'string';
  return (
    <span className="type-input">
      <select
        aria-label={t('type')}
        value={primitive ? value : 'json'}
        disabled={readOnly}
        onChange={(e) => onChange(e.target.value === 'json' ? { kind: 'record', fields: [] } : e.target.value)}
      >
        {PRIMITIVE_TYPES.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
        <option value="json">enum / list / record…</option>
      </select>
      {!primitive && (
        <JsonTypeText value={value} readOnly={readOnly} onChange={onChange} invalidMessage={lang === 'fr' ? 'Type JSON invalide.' : 'Invalid JSON type.'} />
      )}
      {!primitive && <small className="muted">{typeLabel(value)}</small>}
    </span>
  );
}

function JsonTypeText({ value, readOnly, onChange, invalidMessage }: { value: JsonType; readOnly: boolean; onChange: (t: JsonType) => void; invalidMessage: string }) {
  const text = typeText(value);
  return (
    <textarea
      aria-label="JSON type"
      defaultValue={text}
      readOnly={readOnly}
      rows={2}
      className="json"
      onBlur={(e) => {
        const parsed = parseType(e.target.value);
        if (parsed) onChange(parsed);
        else e.target.setCustomValidity(invalidMessage);
      }}
    />
  );
}

function EventHandlersEditor({ definition, readOnly, onChange }: { definition: Definition; readOnly: boolean; onChange: (d: Definition) => void }) {
  const { t } = useI18n();
  const handlers = definition.eventHandlers ?? [];
  const update = (index: number, h: EventHandlerDef) => onChange({ ...definition, eventHandlers: handlers.map((x, i) => (i === index ? h : x)) });
  return (
    <fieldset>
      <legend>{t('eventHandlers')}</legend>
      {handlers.map((h, index) => (
        <HandlerRow key={index} index={index} handler={h} definition={definition} readOnly={readOnly} onChange={(x) => update(index, x)} onRemove={() => onChange({ ...definition, eventHandlers: handlers.filter((_, i) => i !== index) })} />
      ))}
      {!readOnly && (
        <button type="button" onClick={() => onChange({ ...definition, eventHandlers: [...handlers, { event: 'InvoicePaid', action: 'end', outcome: 'Paid' }] })}>
          {t('add')}
        </button>
      )}
    </fieldset>
  );
}

function HandlerRow({ index, handler, definition, readOnly, onChange, onRemove }: { index: number; handler: EventHandlerDef; definition: Definition; readOnly: boolean; onChange: (h: EventHandlerDef) => void; onRemove: () => void }) {
  const { t } = useI18n();
  const scope = useMemo(() => scopeOf([...definition.inputs, ...definition.variables], handler.payload ?? null), [definition.inputs, definition.variables, handler.payload]);
  return (
    <div className="handler" role="group" aria-label={`${t('eventHandlers')} ${index + 1}`} data-handler-index={index}>
      <label>
        {t('event')} <input value={handler.event} readOnly={readOnly} onChange={(e) => onChange({ ...handler, event: e.target.value })} />
      </label>
      <label>
        {t('action')}
        <select value={handler.action} disabled={readOnly} onChange={(e) => onChange({ ...handler, action: e.target.value as EventHandlerDef['action'] })}>
          <option value="end">end</option>
          <option value="goTo">goTo</option>
          <option value="suspendUntil">suspendUntil</option>
        </select>
      </label>
      {handler.action === 'end' && (
        <label>
          {t('outcome')} <input value={handler.outcome ?? ''} readOnly={readOnly} onChange={(e) => onChange({ ...handler, outcome: e.target.value || null })} />
        </label>
      )}
      {handler.action === 'goTo' && (
        <label>
          {t('activity')}
          <select value={handler.activity ?? ''} disabled={readOnly} onChange={(e) => onChange({ ...handler, activity: e.target.value })}>
            <option value="">—</option>
            {definition.activities.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name || a.id}
              </option>
            ))}
          </select>
        </label>
      )}
      {handler.action === 'suspendUntil' && (
        <label>
          {t('until')} <input value={handler.until ?? ''} readOnly={readOnly} onChange={(e) => onChange({ ...handler, until: e.target.value })} />
        </label>
      )}
      <ExpressionEditor
        id={`handler-${index}-condition`}
        label={t('condition')}
        value={handler.condition ?? ''}
        scope={scope}
        expected={BOOLEAN}
        optional
        readOnly={readOnly}
        onChange={(condition) => onChange({ ...handler, condition: condition || null })}
      />
      {!readOnly && (
        <button type="button" onClick={onRemove}>
          {t('remove')}
        </button>
      )}
    </div>
  );
}
