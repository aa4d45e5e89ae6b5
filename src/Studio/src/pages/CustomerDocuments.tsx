import { call } from '../api/client';
import { useCompany, useCompanyApi } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { ProblemAlert } from '../components/Problem';
import { useLoad } from '../components/ui';

export interface CustomerDocument {
  key: string;
  source: 'dispute' | 'guarantee';
  owner: string;
  fileName: string;
  uploadedAt: string;
  href: string;
}

/**
 * The documents attached to the customer's disputes and guarantees, newest first, each with its download link: read from
 * each dispute's and guarantee's detail (the modules' own APIs). A module that refuses the role (403) adds nothing.
 */
export function CustomerDocuments({ disputes, guarantees }: { disputes: { id: string; reference: string }[]; guarantees: { id: string; type: string; issuerName: string }[] }) {
  const { t } = useI18n();
  const { companyId } = useCompany();
  const client = useCompanyApi();
  const key = [...disputes.map((d) => d.id), ...guarantees.map((g) => g.id)].join(',');
  const state = useLoad(async () => {
    const ofDisputes = await Promise.all(
      disputes.slice(0, 50).map(async (d) => {
        const answer = await client.GET('/api/companies/{companyId}/disputes/{disputeId}', { params: { path: { disputeId: d.id } } });
        if (answer.response.status === 403) return [];
        return (await call(Promise.resolve(answer))).documents.map<CustomerDocument>((doc) => ({
          key: `d-${doc.id}`,
          source: 'dispute',
          owner: d.reference,
          fileName: doc.fileName,
          uploadedAt: doc.uploadedAt,
          href: `/api/companies/${companyId}/disputes/${d.id}/documents/${doc.id}`,
        }));
      }),
    );
    const ofGuarantees = await Promise.all(
      guarantees.slice(0, 50).map(async (g) => {
        const answer = await client.GET('/api/companies/{companyId}/guarantees/{guaranteeId}', { params: { path: { guaranteeId: g.id } } });
        if (answer.response.status === 403) return [];
        return (await call(Promise.resolve(answer))).documents.map<CustomerDocument>((doc) => ({
          key: `g-${doc.id}`,
          source: 'guarantee',
          owner: `${g.type} ${g.issuerName}`,
          fileName: doc.fileName,
          uploadedAt: doc.uploadedAt,
          href: `/api/companies/${companyId}/guarantees/${g.id}/documents/${doc.id}`,
        }));
      }),
    );
    return [...ofDisputes.flat(), ...ofGuarantees.flat()].sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, companyId, key]);
  if (state.error) return <ProblemAlert error={state.error} />;
  if (!state.data) return <p aria-busy="true">{t('loading')}</p>;
  if (state.data.length === 0) return <p className="muted">{t('noDocuments')}</p>;
  return (
    <ul data-testid="customer-documents">
      {state.data.map((doc) => (
        <li key={doc.key}>
          <span className="badge">{t(doc.source === 'dispute' ? 'eventDispute' : 'documentOfGuarantee')}</span> {doc.owner} — <a href={doc.href}>{doc.fileName}</a>{' '}
          <span className="muted">{doc.uploadedAt.slice(0, 10)}</span>
        </li>
      ))}
    </ul>
  );
}
