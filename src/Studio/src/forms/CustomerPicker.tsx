import { useState } from 'react';
import { call } from '../api/client';
import { useCompanyApi } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { useLoad } from '../components/ui';
import { FieldMessage, type ActionForm } from './form';

/**
 * A customer chosen among those the search finds (name or reference, 50 at a time): a search box, then a list.
 * `onPick` receives the customer (its currency, for the forms that default to it).
 */
export function CustomerPicker<D extends { customerId: string }, F extends string>({
  form,
  id,
  onPick,
}: {
  form: ActionForm<D, F>;
  id: string;
  onPick?: (customer: { id: string; currency: string } | undefined) => void;
}) {
  const { t } = useI18n();
  const client = useCompanyApi();
  const [search, setSearch] = useState('');
  const found = useLoad(
    () => call(client.GET('/api/companies/{companyId}/receivables/customers', { params: { query: { search: search.trim() || undefined, PageSize: 50 } } })),
    [client, search],
  );
  const customers = found.data?.items ?? [];
  const field = 'customerId' as F;
  return (
    <div className="form-row">
      <label>
        {t('searchCustomers')} <input id={`${id}-customer-search`} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      <label>
        {t('customer')}{' '}
        <select
          id={`${id}-customerId`}
          aria-label={t('customer')}
          value={form.draft.customerId}
          onChange={(e) => {
            form.set({ customerId: e.target.value } as Partial<D>);
            onPick?.(customers.find((c) => c.id === e.target.value));
          }}
          {...form.describe(field)}
        >
          <option value="">—</option>
          {customers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.reference} — {c.name}
            </option>
          ))}
        </select>
      </label>
      <FieldMessage form={form as ActionForm<unknown, F>} field={field} id={id} />
    </div>
  );
}
