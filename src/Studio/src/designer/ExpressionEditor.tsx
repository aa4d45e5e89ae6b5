import { useMemo, useRef } from 'react';
import { checkExpression, show, tokenize, type T } from './expr';

export interface ExpressionEditorProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The procedure's inputs and variables (and `event` in a handler's condition). */
  scope: Record<string, T>;
  /** The type the input expects; `any` or undefined when anything goes. */
  expected?: T;
  readOnly?: boolean;
  /** An empty text is allowed (an optional condition). */
  optional?: boolean;
}

/**
 * A code field for the engine's expression language: the text is highlighted token by token (a <pre> under a
 * transparent <textarea>) and type-checked as the user types; the diagnostics name line and column.
 */
export function ExpressionEditor({ id, label, value, onChange, scope, expected, readOnly, optional }: ExpressionEditorProps) {
  const result = useMemo(() => (optional && value.trim() === '' ? { type: null, diagnostics: [] } : checkExpression(value, scope, expected)), [value, scope, expected, optional]);
  const tokens = useMemo(() => tokenize(value, true), [value]);
  const backdrop = useRef<HTMLPreElement>(null);
  const errorRanges = result.diagnostics.map((d) => [d.start, Math.max(d.end, d.start + 1)] as const);

  const pieces: React.ReactNode[] = [];
  let at = 0;
  tokens.forEach((token, i) => {
    if (token.start > at) pieces.push(value.slice(at, token.start));
    const inError = errorRanges.some(([s, e]) => token.start < e && token.end > s);
    pieces.push(
      <span key={i} className={`tok-${token.kind}${inError ? ' tok-invalid' : ''}`} data-token={token.kind}>
        {token.text}
      </span>,
    );
    at = token.end;
  });
  if (at < value.length) pieces.push(value.slice(at));

  const messageId = `${id}-diagnostics`;
  return (
    <div className="expression-editor">
      <label htmlFor={id}>{label}</label>
      <div className="code-field">
        <pre ref={backdrop} aria-hidden="true" className="code-backdrop">
          {pieces}
          {'\n'}
        </pre>
        <textarea
          id={id}
          className="code-input"
          value={value}
          spellCheck={false}
          readOnly={readOnly}
          rows={Math.min(6, Math.max(1, value.split('\n').length))}
          aria-invalid={result.diagnostics.length > 0}
          aria-describedby={messageId}
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => {
            if (backdrop.current) backdrop.current.scrollTop = e.currentTarget.scrollTop;
          }}
        />
      </div>
      <div id={messageId} className="expression-status">
        {result.diagnostics.length > 0 ? (
          <ul className="diagnostics" role="alert">
            {result.diagnostics.map((d, i) => (
              <li key={i}>
                {d.line}:{d.column} {d.message}
              </li>
            ))}
          </ul>
        ) : (
          result.type && <span className="expression-type">→ {show(result.type)}</span>
        )}
      </div>
    </div>
  );
}
