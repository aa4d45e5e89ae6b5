import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nProvider } from '../app/i18n';
import type { Schemas } from '../api/client';
import { OutcomeForm } from './OutcomeForm';
import type { InboxTask } from './types';

// The API client keeps the fetch and Request it was created with: both are put in place first (see DisputeLink.test.tsx).
const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(request: Request) => Promise<Response>>();
  const BaseRequest = globalThis.Request;
  globalThis.Request = class extends BaseRequest {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(typeof input === 'string' && input.startsWith('/') ? new URL(input, 'http://localhost').href : input, init);
    }
  } as typeof Request;
  globalThis.fetch = ((request: Request) => mock(request)) as typeof fetch;
  return mock;
});

const task: InboxTask = {
  id: 't1',
  instanceId: 'i1',
  definitionId: 'd1',
  definitionVersion: 1,
  activityId: 'call',
  title: 'Call the customer',
  description: null,
  role: 'Operator',
  assignee: null,
  claimedBy: 'operator@demo.test',
  dueDate: '2026-11-26',
  priority: 'High',
  amountAtRisk: null,
  daysOverdue: 0,
  priorityScore: 0,
  customer: 'c1',
  outcomes: ['Promise', 'Dispute', 'NoAnswer'],
  form: [],
  createdAt: '2026-11-24T10:00:00Z',
};

const invoice = {
  id: 'inv1',
  customerId: 'c1',
  type: 'Invoice',
  reference: 'F-1',
  amount: { amount: 1500, currency: 'EUR' },
  openAmount: { amount: 1500, currency: 'EUR' },
  issueDate: '2026-09-01',
  dueDate: '2026-10-01',
  status: 'Open',
  disputed: false,
  settledDate: null,
  version: 0,
} as unknown as Schemas['ItemResponse'];

function reply(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } });
}

function renderForm(onDone = vi.fn()) {
  render(
    <I18nProvider initial="en">
      <OutcomeForm task={task} companyId="co" items={[invoice]} today="2026-11-24" onDone={onDone} />
    </I18nProvider>,
  );
  return onDone;
}

describe('OutcomeForm', () => {
  it('shows what is missing under each field, marked invalid, and sends nothing', async () => {
    fetchMock.mockImplementation(async () => reply(200, []));
    renderForm();
    fireEvent.click(screen.getByRole('radio', { name: 'Promise to pay' }));
    fireEvent.change(screen.getByLabelText('Promised amount (EUR)'), { target: { value: '2000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Record' }));
    const date = screen.getByLabelText('Promised date');
    expect(date.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(date.getAttribute('aria-describedby')!)?.textContent).toBe('Enter the date.');
    expect(screen.getByText('More than the customer’s open amount.')).toBeTruthy();
    expect(fetchMock.mock.calls.filter(([r]) => r.method === 'POST')).toHaveLength(0);
  });

  it('puts the API’s 400 under the field it names', async () => {
    fetchMock.mockImplementation(async (request: Request) =>
      request.method === 'POST'
        ? reply(400, { status: 400, title: 'The request is not valid', errors: { 'values.promisedAmount': ['The amount is not money.'] } })
        : reply(200, []),
    );
    const onDone = renderForm();
    fireEvent.click(screen.getByRole('radio', { name: 'Promise to pay' }));
    fireEvent.change(screen.getByLabelText('Promised date'), { target: { value: '2026-12-01' } });
    fireEvent.change(screen.getByLabelText('Promised amount (EUR)'), { target: { value: '1000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Record' }));
    await waitFor(() => expect(screen.getByLabelText('Promised amount (EUR)').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('The amount is not money.')).toBeTruthy();
    const posted = fetchMock.mock.calls.map(([r]) => r).find((r) => r.method === 'POST')!;
    expect(new URL(posted.url).pathname).toBe('/api/companies/co/tasks/t1/complete');
    expect(await posted.json()).toEqual({ outcome: 'Promise', values: { promisedDate: '2026-12-01', promisedAmount: '1000 EUR' } });
    expect(onDone).not.toHaveBeenCalled();
  });

  it('asks for the reason and the invoices of a dispute', () => {
    fetchMock.mockImplementation(async () => reply(200, []));
    renderForm();
    fireEvent.click(screen.getByRole('radio', { name: 'Dispute' }));
    fireEvent.click(screen.getByRole('button', { name: 'Record' }));
    expect(screen.getByText('Enter the reason.')).toBeTruthy();
    expect(screen.getByText('Choose at least one invoice.')).toBeTruthy();
  });
});
