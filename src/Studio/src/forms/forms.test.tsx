import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nProvider } from '../app/i18n';
import { companyApi, type Schemas } from '../api/client';
import { LegalEntityForm, MemberRolesForm } from './AdminForms';

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

vi.mock('../app/Shell', () => ({
  useCompany: () => ({ companyId: 'co', company: { id: 'co', name: 'Co', country: 'FR', currency: 'EUR', language: 'fr', roles: ['Administrator'] }, can: { roles: ['Administrator'], operate: true } }),
  useCompanyApi: () => companyApi('co'),
}));

function reply(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } });
}

const posts = () => fetchMock.mock.calls.map(([r]) => r).filter((r) => r.method !== 'GET');

describe('LegalEntityForm', () => {
  it('shows what is wrong under each field, marked invalid, and sends nothing', () => {
    fetchMock.mockReset();
    render(
      <I18nProvider initial="en">
        <LegalEntityForm onDone={vi.fn()} />
      </I18nProvider>,
    );
    fireEvent.change(screen.getByLabelText('SIREN'), { target: { value: '1234' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add a legal entity' }));
    const code = screen.getByLabelText('Code');
    expect(code.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(code.getAttribute('aria-describedby')!)?.textContent).toBe('Required.');
    expect(screen.getByText('A SIREN has 9 digits.')).toBeTruthy();
    expect(posts()).toHaveLength(0);
  });

  it('sends the entity, and puts the API’s 400 under the field it names', async () => {
    fetchMock.mockReset();
    fetchMock.mockImplementation(async () => reply(409, { status: 409, title: 'Conflict', errors: { Code: ['The code FR-02 is taken.'] } }));
    const onDone = vi.fn();
    render(
      <I18nProvider initial="en">
        <LegalEntityForm onDone={onDone} />
      </I18nProvider>,
    );
    fireEvent.change(screen.getByLabelText('Code'), { target: { value: 'FR-02' } });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Démo Services' } });
    fireEvent.change(screen.getByLabelText('VAT number'), { target: { value: 'fr 40303265045' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add a legal entity' }));
    await waitFor(() => expect(screen.getByLabelText('Code').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('The code FR-02 is taken.')).toBeTruthy();
    const [posted] = posts();
    expect(new URL(posted.url).pathname).toBe('/api/companies/co/legal-entities');
    expect(await posted.json()).toEqual({ code: 'FR-02', name: 'Démo Services', siren: null, vatNumber: 'FR40303265045', shareCapital: null, address: null });
    expect(onDone).not.toHaveBeenCalled();
  });
});

describe('MemberRolesForm', () => {
  const member = { membershipId: 'm1', userId: 'u1', email: 'op@co.test', displayName: 'Op', roles: ['Operator'], version: 3 } as unknown as Schemas['MemberResponse'];

  it('keeps at least one role, then replaces the roles with the member’s version', async () => {
    fetchMock.mockReset();
    fetchMock.mockImplementation(async () => reply(200, { ...member, roles: ['CreditManager'], version: 4 }));
    const onDone = vi.fn();
    render(
      <I18nProvider initial="en">
        <MemberRolesForm member={member} onDone={onDone} onCancel={vi.fn()} />
      </I18nProvider>,
    );
    fireEvent.click(screen.getByLabelText('Operator'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByText('Give at least one role; to remove the person, remove the membership.')).toBeTruthy();
    expect(posts()).toHaveLength(0);

    fireEvent.click(screen.getByLabelText('CreditManager'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const [put] = posts();
    expect(put.method).toBe('PUT');
    expect(new URL(put.url).pathname).toBe('/api/companies/co/members/m1');
    expect(await put.json()).toEqual({ roles: ['CreditManager'], version: 3 });
  });
});
