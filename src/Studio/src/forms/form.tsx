import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { useI18n } from '../app/i18n';
import { ProblemAlert } from '../components/Problem';
import type { Errors } from './rules';

/**
 * The API's field errors by form field: a name such as `Invoices[0].Amount` is matched on its first segment without
 * the index (`invoices`), then on the whole path without indexes (`invoices.amount`), against the aliases and the
 * form's own field names, without regard to case.
 */
export function apiErrorsByField<F extends string>(error: unknown, fields: readonly F[], aliases: Record<string, F> = {}): Partial<Record<F, string>> {
  if (!(error instanceof ApiError)) return {};
  const byName = new Map<string, F>(fields.map((f) => [f.toLowerCase(), f]));
  for (const [name, field] of Object.entries(aliases)) byName.set(name.toLowerCase(), field);
  const found: Partial<Record<F, string>> = {};
  for (const [name, messages] of Object.entries(error.problem.errors ?? {})) {
    const path = name.toLowerCase().replace(/\[\d+\]/g, '');
    const field = byName.get(path) ?? byName.get(path.split('.')[0]);
    if (field) found[field] = [found[field], ...messages].filter(Boolean).join(' ');
  }
  return found;
}

export interface ActionForm<D, F extends string> {
  draft: D;
  set: (patch: Partial<D>) => void;
  reset: () => void;
  busy: boolean;
  error: unknown;
  submit: (e: FormEvent) => Promise<void>;
  /** The message under a field: the form's own check first, then the API's. */
  message: (field: F) => string | undefined;
  /** aria-invalid and aria-describedby for a field's input, when it has a message. */
  describe: (field: F) => { 'aria-invalid'?: true; 'aria-describedby'?: string };
  /** The problem (title, detail, field errors no field shows): under the form. */
  problem: ReactNode;
}

/**
 * A form's draft, its checks before sending and the API's answer. `send` runs only when `validate` finds nothing;
 * `onDone` follows a success (the caller refreshes its list) and the draft goes back to `initial`.
 */
export function useActionForm<D, F extends string>({
  id,
  initial,
  fields,
  validate,
  send,
  onDone,
  aliases,
}: {
  id: string;
  initial: D;
  fields: readonly F[];
  validate: (draft: D) => Errors<F>;
  send: (draft: D) => Promise<unknown>;
  onDone?: (result: unknown) => void;
  aliases?: Record<string, F>;
}): ActionForm<D, F> {
  const { t } = useI18n();
  const [draft, setDraft] = useState<D>(initial);
  const [errors, setErrors] = useState<Errors<F>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fromApi = apiErrorsByField(error, fields, aliases);
  const message = (field: F) => (errors[field] ? t(errors[field]!) : fromApi[field]);
  return {
    draft,
    set: (patch) => {
      setDraft((d) => ({ ...d, ...patch }));
      // A field's message goes once it is changed; the others stay until the next submit.
      setErrors((e) => Object.fromEntries(Object.entries(e).filter(([f]) => !(f in (patch as object)))) as Errors<F>);
    },
    reset: () => {
      setDraft(initial);
      setErrors({});
      setError(null);
    },
    busy,
    error,
    message,
    describe: (field) => (message(field) ? { 'aria-invalid': true, 'aria-describedby': `${id}-${field}-error` } : {}),
    submit: async (e) => {
      e.preventDefault();
      const found = validate(draft);
      setErrors(found);
      setError(null);
      if (Object.keys(found).length > 0) return;
      setBusy(true);
      try {
        const result = await send(draft);
        setDraft(initial);
        onDone?.(result);
      } catch (err) {
        setError(err);
      } finally {
        setBusy(false);
      }
    },
    problem: <ProblemAlert error={error} shownFields={[...(Object.keys(fromApi) as string[]), ...Object.keys(aliases ?? {})]} />,
  };
}

/** A field's message under it, tied to its input by id (see `describe`). */
export function FieldMessage<F extends string>({ form, field, id }: { form: ActionForm<unknown, F>; field: F; id: string }) {
  const text = form.message(field);
  return text ? (
    <span id={`${id}-${field}-error`} className="field-error" role="alert">
      {text}
    </span>
  ) : null;
}

/** A labelled input bound to a text field of the draft, with its message. */
export function TextField<D, F extends string & keyof D>({
  form,
  id,
  field,
  label,
  type = 'text',
  inputMode,
  textarea,
}: {
  form: ActionForm<D, F>;
  id: string;
  field: F;
  label: string;
  type?: 'text' | 'date' | 'email' | 'tel';
  inputMode?: 'decimal' | 'numeric';
  textarea?: boolean;
}) {
  const value = String(form.draft[field] ?? '');
  const onChange = (v: string) => form.set({ [field]: v } as unknown as Partial<D>);
  return (
    <>
      <label>
        {label}{' '}
        {textarea ? (
          <textarea id={`${id}-${field}`} rows={3} value={value} onChange={(e) => onChange(e.target.value)} {...form.describe(field)} />
        ) : (
          <input id={`${id}-${field}`} type={type} inputMode={inputMode} value={value} onChange={(e) => onChange(e.target.value)} {...form.describe(field)} />
        )}
      </label>
      <FieldMessage form={form as ActionForm<unknown, F>} field={field} id={id} />
    </>
  );
}
