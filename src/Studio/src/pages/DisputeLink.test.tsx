import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nProvider } from '../app/i18n';
import { DisputeLinkPage } from './DisputeLink';

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

const dispute = {
  reference: 'DSP-000042',
  customerName: 'Société Générale d’Électricité',
  reason: 'quality',
  description: 'Two pallets arrived damaged.',
  currency: 'EUR',
  amount: 400,
  status: 'WaitingInternally',
  openedOn: '2026-11-20',
  dueDate: '2026-12-04',
  invoices: [{ invoiceId: 'i1', invoiceReference: 'F-2026-001', invoiceDueDate: '2026-10-31', amount: 400, acceptedAmount: 0 }],
  documentNames: ['photos.pdf'],
  comments: [{ at: '2026-11-21T09:00:00Z', author: 'anne@demo.test', text: 'Paul, can you check the delivery note?' }],
  department: 'Logistics',
  question: 'Were the goods damaged?',
  askedBy: 'Anne Credit',
  expiresAt: '2026-12-05T09:00:00Z',
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

function renderAt(hash: string) {
  window.history.replaceState(null, '', `/dispute-link${hash}`);
  return render(
    <I18nProvider initial="en">
      <DisputeLinkPage />
    </I18nProvider>,
  );
}

describe('DisputeLinkPage', () => {
  beforeEach(() => {
    localStorage.clear();
    fetchMock.mockReset();
  });

  it('reads the dispute with the token from the fragment, in a header only, and records one answer', async () => {
    const calls = mockFetch({
      'GET /api/dispute-links/dispute': { status: 200, body: dispute },
      'POST /api/dispute-links/answer': { status: 200, body: { disputeReference: 'DSP-000042', answeredAt: '2026-11-24T10:00:00Z' } },
    });
    renderAt('#tok3n-abc');

    expect(await screen.findByRole('heading', { level: 1, name: 'Dispute DSP-000042' })).toBeTruthy();
    expect(screen.getByText('Société Générale d’Électricité')).toBeTruthy();
    expect(screen.getByText('F-2026-001')).toBeTruthy();
    expect(screen.getAllByText('400.00 EUR').length).toBeGreaterThan(0);
    expect(screen.getByText('Two pallets arrived damaged.')).toBeTruthy();
    expect(screen.getByText('photos.pdf')).toBeTruthy();
    expect(screen.getByText(/can you check the delivery note/)).toBeTruthy();
    expect(screen.getByText(/Were the goods damaged\?/)).toBeTruthy();
    expect(calls[0].headers.get('X-Link-Token')).toBe('tok3n-abc');
    expect(calls[0].url).not.toContain('tok3n-abc');

    fireEvent.change(screen.getByLabelText('Your name'), { target: { value: 'Paul Logistique' } });
    fireEvent.change(screen.getByLabelText('Your answer'), { target: { value: 'Yes, two pallets.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send the answer' }));

    expect((await screen.findByRole('status')).textContent).toContain('recorded in dispute DSP-000042');
    expect(screen.queryByRole('button', { name: 'Send the answer' })).toBeNull();
    const post = calls[1];
    expect(post.method).toBe('POST');
    expect(post.headers.get('X-Link-Token')).toBe('tok3n-abc');
    expect(await post.json()).toEqual({ name: 'Paul Logistique', answer: 'Yes, two pallets.' });
  });

  it('shows the field errors of a refused answer beside their fields', async () => {
    mockFetch({
      'GET /api/dispute-links/dispute': { status: 200, body: dispute },
      'POST /api/dispute-links/answer': { status: 400, body: { status: 400, title: 'One or more validation errors occurred.', errors: { Answer: ["'Answer' must not be empty."] } } },
    });
    renderAt('#tok');
    fireEvent.change(await screen.findByLabelText('Your name'), { target: { value: 'Paul' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send the answer' }));

    await waitFor(() => expect(document.getElementById('link-answer-error')?.textContent).toContain('must not be empty'));
    expect(screen.getByRole('button', { name: 'Send the answer' })).toBeTruthy();
  });

  it.each([
    [403, 'This link expired on 2026-11-01 09:00 UTC: ask the credit team for a new one.', 'This link has expired'],
    [403, 'This link was revoked: ask the credit team for a new one.', 'This link was revoked by the credit team'],
    [403, 'This link was already used to answer on 2026-11-02 10:00 UTC: a link answers once.', 'already used to answer'],
    [404, 'Link (token) was not found.', 'This link is not valid'],
  ])('says clearly why a refused link (%i) opens nothing', async (status, detail, shown) => {
    mockFetch({ 'GET /api/dispute-links/dispute': { status, body: { status, title: 'Refused', detail } } });
    renderAt('#some-token');

    expect((await screen.findByRole('alert')).textContent).toContain(shown);
    expect(screen.queryByLabelText('Your answer')).toBeNull();
  });

  it('asks nothing of the API when the link has no token, and shows French labels', async () => {
    const calls = mockFetch({});
    window.history.replaceState(null, '', '/dispute-link');
    render(
      <I18nProvider initial="fr">
        <DisputeLinkPage />
      </I18nProvider>,
    );

    expect((await screen.findByRole('alert')).textContent).toContain('Ce lien n’est pas valide');
    expect(calls).toHaveLength(0);
  });
});
