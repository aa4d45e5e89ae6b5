import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { ExpressionEditor } from './ExpressionEditor';
import { scopeOf, type T } from './expr';

const scope = scopeOf([
  { name: 'invoice', type: { kind: 'record', fields: [{ name: 'dueDate', type: 'date' }, { name: 'amount', type: 'money' }] } },
  { name: 'reminders', type: 'number' },
]);

function Harness({ initial, expected }: { initial: string; expected?: T }) {
  const [value, setValue] = useState(initial);
  return <ExpressionEditor id="e" label="Condition" value={value} onChange={setValue} scope={scope} expected={expected} />;
}

describe('ExpressionEditor', () => {
  it('highlights each token by kind', () => {
    const { container } = render(<Harness initial={'invoice.amount > 5000 EUR and reminders >= 2'} />);
    const kinds = [...container.querySelectorAll('[data-token]')].map((el) => `${el.getAttribute('data-token')}:${el.textContent}`);
    expect(kinds).toContain('keyword:and');
    expect(kinds).toContain('currency:EUR');
    expect(kinds).toContain('number:5000');
    expect(kinds).toContain('identifier:invoice');
    expect(screen.getByText('→ boolean')).toBeTruthy();
  });

  it('type-checks as the user types and shows the problem with its position', () => {
    render(<Harness initial="reminders >= 2" expected={{ kind: 'boolean' }} />);
    const field = screen.getByLabelText('Condition');
    expect(field.getAttribute('aria-invalid')).toBe('false');

    fireEvent.change(field, { target: { value: 'reminder >= 2' } });

    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toBe("1:1 unknown variable 'reminder': did you mean 'reminders'?");
    expect(document.querySelector('.tok-invalid')?.textContent).toBe('reminder');

    fireEvent.change(field, { target: { value: 'reminders >= 2' } });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(field.getAttribute('aria-invalid')).toBe('false');
  });

  it('says when the expression has the wrong type for the input', () => {
    render(<Harness initial="invoice.dueDate + 10 days" expected={{ kind: 'boolean' }} />);
    expect(screen.getByRole('alert').textContent).toContain('expected boolean but the expression is date');
  });

  it('ties the diagnostics to the field for screen readers', () => {
    render(<Harness initial="1 +" />);
    const field = screen.getByLabelText('Condition');
    expect(field.getAttribute('aria-describedby')).toBe('e-diagnostics');
    expect(document.getElementById('e-diagnostics')?.textContent).toContain('the expression ends too early');
  });
});
