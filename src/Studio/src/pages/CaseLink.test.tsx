import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nProvider } from '../app/i18n';
import { CaseLinkPage } from './CaseLink';

// The API client keeps the fetch and Request it was created with, at import: both are put in place first. Node's Request
// wants an absolute URL where the browser resolves the client's relative ones against the page.
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

const linkedCase = {
  customerName: 'Société Générale d’Électricité',
  customerReference: 'CL-0042',
  status: 'Open',
  openedOn: '2030-02-02',
  currency: 'EUR',
  overdueAmount: 2500,
  overdueItemCount: 1,
  items: [{ reference: 'F-2030-001', issueDate: '2030-01-02', dueDate: '2030-02-01', daysPastDue: 1, currency: 'EUR', openAmount: 2500, collectibleAmount: 2500 }],
  recentActions: [{ on: '2030-02-02', kind: 'Reminder', text: 'Rappel : factures échues (Letter, Sent)' }],
  question: 'Does the customer dispute the delivery?',
  recipientEmail: 'am@example.com',
  expiresAt: '2030-02-16T09:00:00Z',
};

type Reply = { status: number; body: unknown };

function mockFetch(replies: Record<string, Reply | Reply[]>) {
  const calls: Request[] = [];
  fetchMock.mockImplementation(async (input: Request) => {
    calls.push(input.clone());
    const path = new URL(input.url).pathname;
    const entry = replies[`${input.method} ${path}`];
    const reply = Array.isArray(entry) ? entry.shift() : entry;
    if (!reply) return new Response(null, { status: 500 });
    const problem = reply.status >= 400;
    return new Response(JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'Content-Type': problem ? 'application/problem+json' : 'application/json' },
    });
  });
  return calls;
}

function renderAt(hash: string, lang: 'en' | 'fr' = 'en') {
  window.history.replaceState(null, '', `/case-link${hash}`);
  return render(
    <I18nProvider initial={lang}>
      <CaseLinkPage />
    </I18nProvider>,
  );
}

describe('CaseLinkPage', () => {
  beforeEach(() => {
    localStorage.clear();
    fetchMock.mockReset();
  });

  it('reads the case with the token from the fragment, in a header only, and records one answer', async () => {
    const calls = mockFetch({
      'GET /api/case-links/case': { status: 200, body: linkedCase },
      'POST /api/case-links/answer': { status: 200, body: { customerName: 'Société Générale d’Électricité', answeredAt: '2030-02-03T10:00:00Z' } },
    });
    renderAt('#tok3n-abc');

    expect(await screen.findByRole('heading', { level: 1, name: 'Collection case Société Générale d’Électricité' })).toBeTruthy();
    expect(screen.getByText('F-2030-001')).toBeTruthy();
    expect(screen.getAllByText('2,500.00 EUR').length).toBe(2);
    expect(screen.getByText(/Rappel : factures échues/)).toBeTruthy();
    expect(screen.getByText('Does the customer dispute the delivery?')).toBeTruthy();
    expect(calls[0].headers.get('X-Link-Token')).toBe('tok3n-abc');
    expect(calls[0].url).not.toContain('tok3n-abc');

    fireEvent.change(screen.getByLabelText('Your name'), { target: { value: 'Marc Vendeur' } });
    fireEvent.change(screen.getByLabelText('Your answer'), { target: { value: 'Delivery disputed, I will call them.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send the answer' }));

    expect((await screen.findByRole('status')).textContent).toContain('recorded in the case of Société Générale d’Électricité');
    expect(screen.queryByRole('button', { name: 'Send the answer' })).toBeNull();
    const post = calls[1];
    expect(post.method).toBe('POST');
    expect(post.headers.get('X-Link-Token')).toBe('tok3n-abc');
    expect(await post.json()).toEqual({ name: 'Marc Vendeur', answer: 'Delivery disputed, I will call them.' });
  });

  it('shows the field errors of a refused answer beside their fields', async () => {
    mockFetch({
      'GET /api/case-links/case': { status: 200, body: linkedCase },
      'POST /api/case-links/answer': { status: 400, body: { status: 400, title: 'One or more validation errors occurred.', errors: { Name: ["'Name' must not be empty."] } } },
    });
    renderAt('#tok');
    fireEvent.change(await screen.findByLabelText('Your answer'), { target: { value: 'Yes' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send the answer' }));

    await waitFor(() => expect(document.getElementById('link-name-error')?.textContent).toContain('must not be empty'));
    expect(screen.getByRole('button', { name: 'Send the answer' })).toBeTruthy();
  });

  it.each([
    [403, 'This link expired on 2030-02-16 09:00 UTC: ask the credit team for a new one.', 'This link has expired'],
    [403, 'This link was revoked: ask the credit team for a new one.', 'This link was revoked by the credit team'],
    [403, 'This link was already used to answer on 2030-02-03 10:00 UTC: a link answers once.', 'already used to answer'],
    [404, 'Link (token) was not found.', 'This link is not valid'],
  ])('says clearly why a refused link (%i) opens nothing', async (status, detail, shown) => {
    mockFetch({ 'GET /api/case-links/case': { status, body: { status, title: 'Refused', detail } } });
    renderAt('#some-token');

    expect((await screen.findByRole('alert')).textContent).toContain(shown);
    expect(screen.queryByLabelText('Your answer')).toBeNull();
  });

  it('asks nothing of the API when the link has no token, and shows French labels', async () => {
    const calls = mockFetch({});
    renderAt('', 'fr');

    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('Dossier de recouvrement');
    expect((await screen.findByRole('alert')).textContent).toContain('Ce lien n’est pas valide');
    expect(calls).toHaveLength(0);
  });
});
