import { ApiError } from '../api/client';

/** A failed request shown to the user: title, detail, and the field errors not already shown beside their field. */
export function ProblemAlert({ error, shownFields = [] }: { error: unknown; shownFields?: string[] }) {
  if (!error) return null;
  if (!(error instanceof ApiError)) {
    return (
      <div role="alert" className="alert error">
        {error instanceof Error ? error.message : String(error)}
      </div>
    );
  }
  const p = error.problem;
  const shown = shownFields.map((f) => f.toLowerCase());
  const others = Object.entries(p.errors ?? {}).filter(([field]) => !shown.some((s) => field.toLowerCase() === s || field.toLowerCase().startsWith(s + '.')));
  return (
    <div role="alert" className="alert error">
      <strong>{p.title ?? `HTTP ${p.status}`}</strong>
      {p.detail && <div>{p.detail}</div>}
      {others.length > 0 && (
        <ul>
          {others.map(([field, messages]) => (
            <li key={field}>
              <code>{field}</code>: {messages.join(' ')}
            </li>
          ))}
        </ul>
      )}
      {p.problems && p.problems.length > 0 && (
        <ul>
          {p.problems.map((problem, i) => (
            <li key={i}>
              <code>{problem.code}</code> {problem.where}: {problem.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The API's messages for one field, shown under it and tied to it with aria-describedby (id). */
export function FieldErrors({ error, field, id }: { error: unknown; field: string; id: string }) {
  if (!(error instanceof ApiError)) return null;
  const messages = error.fieldErrors(field);
  if (messages.length === 0) return null;
  return (
    <div id={id} className="field-error" role="alert">
      {messages.join(' ')}
    </div>
  );
}
