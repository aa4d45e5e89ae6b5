import { Link } from 'react-router-dom';
import { useCompany } from '../app/Shell';

/** How a list names a customer: the reference and name its API gives, else the lookup (the ledger's first customers), else the start of the id. */
export function customerLabel(id: string, reference: string | null | undefined, name: string | null | undefined, lookup: (id: string) => string): string {
  return reference && name ? `${reference} — ${name}` : lookup(id);
}

/** A customer named in a list, opening its 360. */
export function CustomerLink({ id, label }: { id: string; label: string }) {
  const { companyId } = useCompany();
  return <Link to={`/c/${companyId}/customers/${id}`}>{label}</Link>;
}
