import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, within } from '@testing-library/react';
import { I18nProvider } from '../app/i18n';
import { MessageTemplatesContext, PropertyPanel, type MessageTemplate } from './PropertyPanel';
import type { ActivityDef, ActivityDescriptor, Definition } from './model';

const descriptor: ActivityDescriptor = {
  type: 'test.remind',
  displayName: 'Remind',
  category: 'Test',
  description: '',
  inputs: [
    { name: 'level', type: 'number', required: true, allowsExpression: true },
    { name: 'threshold', type: 'money', required: false, allowsExpression: true },
    { name: 'delay', type: 'duration', required: false, allowsExpression: true },
    { name: 'sendOn', type: 'date', required: false, allowsExpression: true },
    { name: 'priority', type: 'string', required: false, allowsExpression: false, allowedValues: ['low', 'high'] },
    { name: 'condition', type: 'boolean', required: false, allowsExpression: true },
  ],
  outputs: [],
  ports: [{ name: 'Done' }],
  dynamicPorts: null,
  isWait: false,
};

const definition: Definition = {
  definitionId: 'p',
  version: 1,
  name: 'P',
  inputs: [{ name: 'invoice', type: { kind: 'record', fields: [{ name: 'amount', type: 'money' }] } }],
  variables: [{ name: 'reminders', type: 'number' }],
  start: { activity: 'remind' },
  activities: [],
  connections: [],
};

function Harness({ onChange, problems }: { onChange: (a: ActivityDef) => void; problems?: Parameters<typeof PropertyPanel>[0]['problems'] }) {
  const [activity, setActivity] = useState<ActivityDef>({ id: 'remind', type: 'test.remind', inputs: { level: 1 }, outputs: {} });
  return (
    <I18nProvider initial="en">
      <PropertyPanel
        activity={activity}
        descriptor={descriptor}
        definition={{ ...definition, activities: [activity] }}
        readOnly={false}
        problems={problems}
        onChange={(a) => {
          setActivity(a);
          onChange(a);
        }}
      />
    </I18nProvider>
  );
}

const field = (name: string) => document.querySelector(`[data-input="${name}"]`) as HTMLElement;

describe('PropertyPanel validation', () => {
  it('refuses a number that is not one as it is typed, and keeps the last valid value', () => {
    const onChange = vi.fn();
    render(<Harness onChange={onChange} />);
    const level = within(field('level')).getByLabelText(/level/);

    fireEvent.change(level, { target: { value: '12a' } });

    expect(level.getAttribute('aria-invalid')).toBe('true');
    expect(within(field('level')).getByRole('alert').textContent).toBe('A number, e.g. 12 or 12.5 (decimal point).');
    expect(onChange).not.toHaveBeenCalled();

    fireEvent.change(level, { target: { value: '12.5' } });

    expect(level.getAttribute('aria-invalid')).toBe('false');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ inputs: expect.objectContaining({ level: 12.5 }) }));
  });

  it('says a required input is missing', () => {
    render(<Harness onChange={() => {}} />);
    fireEvent.change(within(field('level')).getByLabelText(/level/), { target: { value: '' } });
    expect(within(field('level')).getByRole('alert').textContent).toBe('Required.');
  });

  it('checks money as an amount and an ISO currency', () => {
    const onChange = vi.fn();
    render(<Harness onChange={onChange} />);
    const amount = within(field('threshold')).getByLabelText('threshold: amount');
    const currency = within(field('threshold')).getByLabelText('threshold: currency');

    fireEvent.change(amount, { target: { value: '5000' } });
    expect(within(field('threshold')).getByRole('alert').textContent).toContain('ISO 4217');

    fireEvent.change(currency, { target: { value: 'eur' } });
    expect(within(field('threshold')).queryByRole('alert')).toBeNull();
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ inputs: expect.objectContaining({ threshold: '5000 EUR' }) }));
  });

  it('checks durations and dates', () => {
    render(<Harness onChange={() => {}} />);
    const delay = within(field('delay')).getByLabelText(/delay/);
    fireEvent.change(delay, { target: { value: '10 bizdays' } });
    expect(within(field('delay')).getByRole('alert').textContent).toContain('A duration');
    fireEvent.change(delay, { target: { value: '10 business days' } });
    expect(within(field('delay')).queryByRole('alert')).toBeNull();

    const sendOn = within(field('sendOn')).getByLabelText(/sendOn/);
    fireEvent.change(sendOn, { target: { value: '2025-02-30' } });
    expect(within(field('sendOn')).getByRole('alert').textContent).toBe('A date YYYY-MM-DD that exists.');
    fireEvent.change(sendOn, { target: { value: '2025-02-28' } });
    expect(within(field('sendOn')).queryByRole('alert')).toBeNull();
  });

  it('offers the allowed values of an enum-like input as a list', () => {
    const onChange = vi.fn();
    render(<Harness onChange={onChange} />);
    const priority = within(field('priority')).getByLabelText(/priority/) as HTMLSelectElement;
    expect([...priority.options].map((o) => o.value)).toEqual(['', 'low', 'high']);
    fireEvent.change(priority, { target: { value: 'high' } });
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ inputs: expect.objectContaining({ priority: 'high' }) }));
  });

  it('switches an input to an expression type-checked against the procedure variables', () => {
    const onChange = vi.fn();
    render(<Harness onChange={onChange} />);
    fireEvent.click(within(field('condition')).getByLabelText('Use an expression'));
    const editor = within(field('condition')).getByRole('textbox');

    fireEvent.change(editor, { target: { value: 'invoice.amount > 5000' } });
    expect(within(field('condition')).getByRole('alert').textContent).toContain("cannot compare money > number");

    fireEvent.change(editor, { target: { value: 'invoice.amount > 5000 EUR and reminders < 3' } });
    expect(within(field('condition')).queryByRole('alert')).toBeNull();
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ inputs: expect.objectContaining({ condition: { expression: 'invoice.amount > 5000 EUR and reminders < 3' } }) }));
  });

  it('shows the server validator problem next to the input it names', () => {
    render(
      <Harness
        onChange={() => {}}
        problems={[{ code: 'input-type-mismatch', message: 'level must be a number', where: "activity 'remind', input 'level'", activityId: 'remind', input: 'level', connectionIndex: null, eventHandlerIndex: null, variable: null, line: null, column: null }]}
      />,
    );
    expect(within(field('level')).getByRole('alert').textContent).toBe('level must be a number');
  });
});

describe('PropertyPanel template picker', () => {
  const reminder: ActivityDescriptor = {
    ...descriptor,
    type: 'test.reminder',
    inputs: [{ name: 'level', type: 'number', required: false, allowsExpression: true, templateKind: 'reminder' }],
  };
  const templates: MessageTemplate[] = [
    { kind: 'reminder', channel: 'Email', level: 1, language: 'en', subject: 'Reminder - {{ customer.name }}' },
    { kind: 'reminder', channel: 'Email', level: 1, language: 'fr', subject: 'Relance' },
    { kind: 'reminder', channel: 'Letter', level: 2, language: 'en', subject: 'Second reminder' },
    { kind: 'formal-notice', channel: 'Letter', level: 1, language: 'en', subject: 'Formal notice' },
  ];

  function Picker({ initial, onChange }: { initial: unknown; onChange: (a: ActivityDef) => void }) {
    const [activity, setActivity] = useState<ActivityDef>({ id: 'remind', type: 'test.reminder', inputs: { level: initial }, outputs: {} });
    return (
      <I18nProvider initial="en">
        <MessageTemplatesContext value={templates}>
          <PropertyPanel
            activity={activity}
            descriptor={reminder}
            definition={{ ...definition, activities: [activity] }}
            readOnly={false}
            onChange={(a) => {
              setActivity(a);
              onChange(a);
            }}
          />
        </MessageTemplatesContext>
      </I18nProvider>
    );
  }

  it('lists the levels of the templates of its kind, with their subject, and stores the level chosen', () => {
    const onChange = vi.fn();
    render(<Picker initial={1} onChange={onChange} />);
    const select = within(field('level')).getByLabelText(/level/) as HTMLSelectElement;

    expect(select.tagName).toBe('SELECT');
    expect([...select.options].map((o) => o.textContent)).toEqual(['—', '1 — Reminder - …', '2 — Second reminder']);
    fireEvent.change(select, { target: { value: '2' } });

    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ inputs: { level: 2 } }));
    expect(within(field('level')).queryByRole('alert')).toBeNull();
  });

  it('says when the level in use has no template, and keeps it visible', () => {
    render(<Picker initial={3} onChange={() => {}} />);
    const select = within(field('level')).getByLabelText(/level/) as HTMLSelectElement;

    expect(select.value).toBe('3');
    expect(select.getAttribute('aria-invalid')).toBe('true');
    expect(within(field('level')).getByRole('alert').textContent).toBe('No "reminder" template of level 3: 1, 2.');
  });
});
