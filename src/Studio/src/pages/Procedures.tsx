import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { call, num, type Schemas } from '../api/client';
import { useCompany, useCompanyApi } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { FieldErrors, ProblemAlert } from '../components/Problem';

export function ProceduresPage() {
  const { t } = useI18n();
  const { companyId, can } = useCompany();
  const client = useCompanyApi();
  const navigate = useNavigate();
  const [procedures, setProcedures] = useState<Schemas['ProcedureSummaryResponse'][] | null>(null);
  const [templates, setTemplates] = useState<Schemas['TemplateResponse'][]>([]);
  const [templateId, setTemplateId] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [createError, setCreateError] = useState<unknown>(null);

  useEffect(() => {
    call(client.GET('/api/companies/{companyId}/procedures', { params: { query: { PageSize: 200 } } }))
      .then((page) => setProcedures(page.items))
      .catch(setError);
    call(client.GET('/api/companies/{companyId}/procedures/templates', { params: { query: { PageSize: 200 } } }))
      .then((page) => {
        setTemplates(page.items);
        if (page.items[0]) setTemplateId(page.items[0].id);
      })
      .catch(setError);
  }, [client]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setCreateError(null);
    try {
      const created = await call(client.POST('/api/companies/{companyId}/procedures/from-template', { params: { path: { companyId } }, body: { templateId, name: name.trim() || null } }));
      navigate(`/c/${companyId}/procedures/${created.id}`);
    } catch (err) {
      setCreateError(err);
    }
  };

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setCreateError(null);
    try {
      const definition: unknown = JSON.parse(await file.text());
      const created = await call(client.POST('/api/companies/{companyId}/procedures/import', { params: { path: { companyId } }, body: { definition: definition as Schemas['JsonElement'], name: null } }));
      navigate(`/c/${companyId}/procedures/${created.id}`);
    } catch (err) {
      setCreateError(err);
    }
  };

  return (
    <section aria-labelledby="procedures-title">
      <h1 id="procedures-title">{t('procedures')}</h1>
      <ProblemAlert error={error} />
      {can.editDrafts && (
        <div className="toolbar-row">
          <form onSubmit={create} aria-label={t('newFromTemplate')} className="inline-form">
            <label>
              {t('template')}{' '}
              <select value={templateId} onChange={(e) => setTemplateId(e.target.value)} aria-describedby="templateId-error">
                {templates.map((tpl) => (
                  <option key={tpl.id} value={tpl.id} title={tpl.description ?? ''}>
                    {tpl.name}
                  </option>
                ))}
              </select>
            </label>
            <FieldErrors error={createError} field="templateId" id="templateId-error" />
            <label>
              {t('name')} <input value={name} onChange={(e) => setName(e.target.value)} aria-describedby="name-error" />
            </label>
            <FieldErrors error={createError} field="name" id="name-error" />
            <button type="submit" disabled={!templateId}>
              {t('newFromTemplate')}
            </button>
          </form>
          <label className="file-button">
            {t('importJson')} <input type="file" accept="application/json,.json" onChange={(e) => void importFile(e.target.files?.[0])} />
          </label>
        </div>
      )}
      <ProblemAlert error={createError} shownFields={['templateId', 'name']} />
      {procedures === null ? (
        <p aria-busy="true">{t('loading')}</p>
      ) : procedures.length === 0 ? (
        <p>{t('noProcedures')}</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('published')}</th>
              <th scope="col">{t('draft')}</th>
              <th scope="col">{t('problems')}</th>
            </tr>
          </thead>
          <tbody>
            {procedures.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={`/c/${companyId}/procedures/${p.id}`}>{p.name}</Link>
                </td>
                <td>{p.publishedVersion == null ? '—' : `v${num(p.publishedVersion)}`}</td>
                <td>{p.hasDraft ? '✓' : '—'}</td>
                <td>{p.hasDraft ? num(p.draftProblemCount) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
