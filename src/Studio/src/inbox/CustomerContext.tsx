import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { call, companyApi, type Schemas } from '../api/client';
import { useI18n } from '../app/i18n';
import { ProblemAlert } from '../components/Problem';
import { money } from './types';

export interface CustomerFacts {
  customer: Schemas['CustomerResponse'] | null;
  items: Schemas['ItemResponse'][];
  cases: Schemas['CaseDetailResponse'][];
  disputes: Schemas['DisputeResponse'][];
  notFound: boolean;
}

/** What the screens show about one customer, read from Receivables, Collection and Disputes. */
export function useCustomerFacts(companyId: string, customerId: string | null, refresh = 0): { facts: CustomerFacts | null; error: unknown } {
  const client = useMemo(() => companyApi(companyId), [companyId]);
  const [facts, setFacts] = useState<CustomerFacts | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!customerId) return;
    let live = true;
    setError(null);
    (async () => {
      const customerAnswer = await client.GET('/api/companies/{companyId}/receivables/customers/{customerId}', { params: { path: { customerId } } });
      if (customerAnswer.response.status === 404) {
        if (live) setFacts({ customer: null, items: [], cases: [], disputes: [], notFound: true });
        return;
      }
      const customer = await call(Promise.resolve(customerAnswer));
      const [items, cases, disputes] = await Promise.all([
        call(client.GET('/api/companies/{companyId}/receivables/customers/{customerId}/items', { params: { path: { customerId }, query: { status: 'Open', PageSize: 200 } } })),
        call(client.GET('/api/companies/{companyId}/collection/cases', { params: { query: { customerId, PageSize: 20 } } })),
        call(client.GET('/api/companies/{companyId}/disputes', { params: { query: { customerId, PageSize: 50 } } })),
      ]);
      const details = await Promise.all(
        cases.items.map((c) => call(client.GET('/api/companies/{companyId}/collection/cases/{caseId}', { params: { path: { caseId: c.id } } }))),
      );
      if (live) setFacts({ customer, items: items.items, cases: details, disputes: disputes.items, notFound: false });
    })().catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [client, customerId, refresh]);
  return { facts: customerId ? facts : null, error };
}

export function ContactList({ customer }: { customer: Schemas['CustomerResponse'] }) {
  const { t } = useI18n();
  if (customer.contacts.length === 0) return <p className="muted">{t('noneYet')}</p>;
  return (
    <ul className="contacts">
      {customer.contacts.map((c, i) => (
        <li key={i}>
          <strong>{c.name}</strong> <span className="muted">({c.role})</span>
          {c.phone && (
            <>
              {' '}
              <a href={`tel:${c.phone.replace(/\s/g, '')}`} aria-label={`${t('call')} ${c.name} ${c.phone}`}>
                ☎ {c.phone}
              </a>
            </>
          )}
          {c.email && (
            <>
              {' '}
              <a href={`mailto:${c.email}`} aria-label={`${t('writeEmail')} ${c.name} ${c.email}`}>
                ✉ {c.email}
              </a>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The customer beside the task: contacts to call or write to, open items, last actions, promises and disputes. */
export function CustomerContext({ companyId, facts, error }: { companyId: string; facts: CustomerFacts | null; error: unknown }) {
  const { t, lang } = useI18n();
  if (error) return <ProblemAlert error={error} />;
  if (!facts) return <p aria-busy="true">{t('loading')}</p>;
  if (!facts.customer) return <p role="alert">{t('customerNotFound')}</p>;
  const customer = facts.customer;
  const promises = facts.cases.flatMap((c) => c.promises);
  const actions = facts.cases
    .flatMap((c) => c.actions)
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, 5);
  return (
    <section className="customer-context" aria-labelledby="context-title">
      <h2 id="context-title">
        {customer.name} <span className="muted">{customer.reference}</span>
      </h2>
      <Link to={`/c/${companyId}/customers/${customer.id}`}>{t('openCustomer360')}</Link>
      <h3>{t('contacts')}</h3>
      <ContactList customer={customer} />
      <h3>{t('openItems')}</h3>
      <table className="grid compact">
        <thead>
          <tr>
            <th scope="col">{t('reference')}</th>
            <th scope="col">{t('dueDate')}</th>
            <th scope="col">{t('openAmount')}</th>
          </tr>
        </thead>
        <tbody>
          {facts.items.map((i) => (
            <tr key={i.id}>
              <td>{i.reference}</td>
              <td>{i.dueDate ?? '—'}</td>
              <td className="num">{money(i.openAmount.amount, i.openAmount.currency ?? customer.currency, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('lastActions')}</h3>
      {actions.length === 0 ? (
        <p className="muted">{t('noneYet')}</p>
      ) : (
        <ul>
          {actions.map((a) => (
            <li key={a.id}>
              {a.on} — {a.kind}: {a.detail}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('promises')}</h3>
      {promises.length === 0 ? (
        <p className="muted">{t('noneYet')}</p>
      ) : (
        <ul>
          {promises.map((p) => (
            <li key={p.id}>
              {money(p.amount, p.currency, lang)} — {p.promisedDate} ({p.status})
            </li>
          ))}
        </ul>
      )}
      <h3>{t('disputes')}</h3>
      {facts.disputes.length === 0 ? (
        <p className="muted">{t('noneYet')}</p>
      ) : (
        <ul>
          {facts.disputes.map((d) => (
            <li key={d.id}>
              {d.reference} — {d.reason}, {money(d.amount, d.currency, lang)} ({d.status})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
