import { useCallback, useEffect, useState } from 'react';
import { NavLink, useBeforeUnload, useBlocker, useParams } from 'react-router-dom';
import { call, num, type Schemas } from '../api/client';
import { useCompany, useCompanyApi } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { ProblemAlert } from '../components/Problem';
import type { Mark } from '../designer/Canvas';
import { Designer, useDefinitionHistory } from '../designer/Designer';
import { MessageTemplatesContext, type MessageTemplate } from '../designer/PropertyPanel';
import type { ActivityDef, ActivityDescriptor, Definition } from '../designer/model';
import { SimulationView } from './Simulation';
import { WrittenProcedure } from './WrittenProcedure';

type Procedure = Schemas['ProcedureResponse'];

export function ProcedurePage() {
  const { t } = useI18n();
  const { companyId } = useCompany();
  const { procedureId = '', tab = 'designer' } = useParams();
  const client = useCompanyApi();
  const [procedure, setProcedure] = useState<Procedure | null>(null);
  const [initial, setInitial] = useState<Definition | null>(null);
  const [descriptors, setDescriptors] = useState<ActivityDescriptor[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    const p = await call(client.GET('/api/companies/{companyId}/procedures/{procedureId}', { params: { path: { procedureId } } }));
    let definition = (p.draft?.definition ?? null) as Definition | null;
    if (!definition && p.latestVersion) {
      const v = await call(client.GET('/api/companies/{companyId}/procedures/{procedureId}/versions/{number}', { params: { path: { procedureId, number: num(p.publishedVersion ?? p.latestVersion) } } }));
      definition = v.definition as unknown as Definition;
    }
    setProcedure(p);
    setInitial(definition);
    return p;
  }, [client, procedureId]);

  useEffect(() => {
    load().catch(setError);
    call(client.GET('/api/activity-descriptors'))
      .then((d) => setDescriptors(d as unknown as ActivityDescriptor[]))
      .catch(setError);
  }, [client, load]);

  if (error && !procedure) return <ProblemAlert error={error} />;
  if (!procedure || !initial || !descriptors) return <p aria-busy="true">{t('loading')}</p>;

  const base = `/c/${companyId}/procedures/${procedureId}`;
  return (
    <div className="procedure-page">
      <header className="procedure-header">
        <h1>{procedure.name}</h1>
        <span className="muted">
          {procedure.publishedVersion != null ? `${t('published')} v${num(procedure.publishedVersion)}` : t('draftLabel')}
        </span>
        <nav aria-label={procedure.name} className="tabs">
          <NavLink to={base} end>
            {t('designer')}
          </NavLink>
          <NavLink to={`${base}/simulation`}>{t('simulation')}</NavLink>
          <NavLink to={`${base}/document`}>{t('document')}</NavLink>
          <NavLink to={`/c/${companyId}/instances?definitionId=${procedureId}`}>{t('instances')}</NavLink>
        </nav>
      </header>
      {tab === 'simulation' ? (
        <SimulationView procedure={procedure} definition={initial} descriptors={descriptors} />
      ) : tab === 'document' ? (
        <WrittenProcedure procedure={procedure} />
      ) : (
        <DesignerTab key={`${procedure.id}`} procedure={procedure} initial={initial} descriptors={descriptors} onSaved={(p, d) => { setProcedure(p); setInitial(d); }} onChanged={setProcedure} reload={load} />
      )}
    </div>
  );
}

function DesignerTab({ procedure, initial, descriptors, onSaved, onChanged, reload }: { procedure: Procedure; initial: Definition; descriptors: ActivityDescriptor[]; onSaved: (p: Procedure, d: Definition) => void; onChanged: (p: Procedure) => void; reload: () => Promise<Procedure> }) {
  const { t } = useI18n();
  const { can } = useCompany();
  const client = useCompanyApi();
  const history = useDefinitionHistory(initial);
  const [saved, setSaved] = useState(() => JSON.stringify(initial));
  const [problems, setProblems] = useState<Schemas['DefinitionProblemResponse'][]>(procedure.draft?.problems ?? []);
  const [current, setCurrent] = useState(procedure);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [versions, setVersions] = useState<Schemas['VersionSummaryResponse'][]>([]);
  const [diff, setDiff] = useState<{ marks: Map<string, Mark[]>; ghosts: ActivityDef[]; from: string; summary: Schemas['DiffResponse'] } | null>(null);
  const [compareFrom, setCompareFrom] = useState('');
  const readOnly = !can.editDrafts;
  const dirty = JSON.stringify(history.definition) !== saved;

  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state === 'blocked') {
      if (window.confirm(t('unsavedLeave'))) blocker.proceed();
      else blocker.reset();
    }
  }, [blocker, t]);
  useBeforeUnload(
    useCallback(
      (e: BeforeUnloadEvent) => {
        if (dirty) e.preventDefault();
      },
      [dirty],
    ),
  );

  const loadVersions = useCallback(() => {
    call(client.GET('/api/companies/{companyId}/procedures/{procedureId}/versions', { params: { path: { procedureId: procedure.id }, query: { PageSize: 200 } } }))
      .then((page) => setVersions(page.items))
      .catch(setError);
  }, [client, procedure.id]);
  useEffect(loadVersions, [loadVersions]);

  // The message templates the inputs that name one choose from; without them the level in use stays as it is.
  const [templates, setTemplates] = useState<MessageTemplate[] | null>(null);
  useEffect(() => {
    call(client.GET('/api/companies/{companyId}/collection/templates'))
      .then(setTemplates)
      .catch(() => setTemplates(null));
  }, [client]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setStatus('');
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    run(async () => {
      const p = await call(
        client.PUT('/api/companies/{companyId}/procedures/{procedureId}/draft', {
          params: { path: { procedureId: procedure.id } },
          body: { definition: history.definition as unknown as Schemas['JsonElement'], name: history.definition.name, comment: comment || null, version: current.version },
        }),
      );
      const definition = (p.draft?.definition ?? history.definition) as Definition;
      setCurrent(p);
      setProblems(p.draft?.problems ?? []);
      setSaved(JSON.stringify(history.definition));
      setStatus(t('saved'));
      onSaved(p, definition);
    });

  const publish = () =>
    run(async () => {
      const p = await call(client.POST('/api/companies/{companyId}/procedures/{procedureId}/publish', { params: { path: { procedureId: procedure.id } }, body: { comment: comment || null } }));
      setCurrent(p);
      onChanged(p);
      setProblems([]);
      setStatus(`${t('published')} v${num(p.publishedVersion)}`);
      loadVersions();
    }).catch(() => undefined);

  const retract = () =>
    run(async () => {
      const p = await call(client.POST('/api/companies/{companyId}/procedures/{procedureId}/retract', { params: { path: { procedureId: procedure.id } } }));
      setCurrent(p);
      onChanged(p);
      setStatus(t('retract'));
      loadVersions();
    });

  const rollback = (version: number) =>
    run(async () => {
      await call(client.POST('/api/companies/{companyId}/procedures/{procedureId}/rollback', { params: { path: { procedureId: procedure.id } }, body: { version } }));
      const p = await reload();
      const definition = p.draft?.definition as unknown as Definition;
      history.reset(definition);
      setSaved(JSON.stringify(definition));
      setCurrent(p);
      setProblems(p.draft?.problems ?? []);
      loadVersions();
    });

  const showDiff = (from: string) =>
    run(async () => {
      if (!from) {
        setDiff(null);
        return;
      }
      const to = current.draft ? 'draft' : String(num(current.publishedVersion ?? current.latestVersion));
      const summary = await call(client.GET('/api/companies/{companyId}/procedures/{procedureId}/diff', { params: { path: { procedureId: procedure.id }, query: { from, to } } }));
      const marks = new Map<string, Mark[]>();
      for (const id of summary.activitiesAdded) marks.set(id, ['added']);
      for (const c of summary.activitiesChanged) marks.set(c.activityId, ['changed']);
      let ghosts: ActivityDef[] = [];
      if (summary.activitiesRemoved.length > 0 && from !== 'draft') {
        const v = await call(client.GET('/api/companies/{companyId}/procedures/{procedureId}/versions/{number}', { params: { path: { procedureId: procedure.id, number: Number(from) } } }));
        ghosts = (v.definition as unknown as Definition).activities.filter((a) => summary.activitiesRemoved.includes(a.id));
      }
      setDiff({ marks, ghosts, from, summary });
    });

  const exportJson = () => {
    const blob = new Blob([JSON.stringify(history.definition, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${history.definition.name.replace(/[^\w-]+/g, '-') || 'procedure'}.json`;
    a.click();
    URL.revokeObjectURL(url);
  };

  const importJson = async (file: File | undefined) => {
    if (!file) return;
    try {
      const parsed = JSON.parse(await file.text()) as Definition;
      if (!Array.isArray(parsed.activities) || !parsed.start) throw new Error('not a procedure definition (activities, start)');
      history.apply(() => ({ ...parsed, definitionId: history.definition.definitionId, version: history.definition.version }));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="designer-tab">
      {readOnly && (
        <p className="notice" role="note" data-testid="read-only">
          {t('readOnly')}
        </p>
      )}
      <div className="action-bar">
        {!readOnly && (
          <>
            <label className="inline">
              {t('comment')} <input value={comment} onChange={(e) => setComment(e.target.value)} />
            </label>
            <button type="button" onClick={() => void save()} disabled={busy}>
              {busy ? t('saving') : t('save')}
            </button>
          </>
        )}
        {can.publish && (
          <>
            <button type="button" onClick={() => void publish()} disabled={busy || dirty || !current.draft}>
              {t('publish')}
            </button>
            <button type="button" onClick={() => void retract()} disabled={busy || current.publishedVersion == null}>
              {t('retract')}
            </button>
          </>
        )}
        <button type="button" onClick={exportJson}>
          {t('exportJson')}
        </button>
        {!readOnly && (
          <label className="file-button">
            {t('importJson')} <input type="file" accept="application/json,.json" onChange={(e) => void importJson(e.target.files?.[0])} />
          </label>
        )}
        {dirty && <span className="unsaved" role="status">● {t('unsaved')}</span>}
        <span role="status" className="status">
          {status}
        </span>
      </div>
      <ProblemAlert error={error} />
      <MessageTemplatesContext value={templates}>
        <Designer history={history} descriptors={descriptors} readOnly={readOnly} serverProblems={dirty ? [] : problems} marks={diff?.marks} ghosts={diff?.ghosts} />
      </MessageTemplatesContext>
      <section className="history" aria-label={t('history')}>
        <h2>{t('history')}</h2>
        <label className="inline">
          {t('compareWith')}{' '}
          <select
            value={compareFrom}
            onChange={(e) => {
              setCompareFrom(e.target.value);
              void showDiff(e.target.value);
            }}
          >
            <option value="">—</option>
            {versions.map((v) => (
              <option key={num(v.number)} value={String(num(v.number))}>
                v{num(v.number)}
              </option>
            ))}
          </select>
        </label>
        {diff && (
          <p className="diff-summary" data-testid="diff-summary">
            <span className="mark-added">+{diff.summary.activitiesAdded.length} {t('added')}</span>{' '}
            <span className="mark-changed">~{diff.summary.activitiesChanged.length} {t('changed')}</span>{' '}
            <span className="mark-removed">−{diff.summary.activitiesRemoved.length} {t('removed')}</span>{' '}
            {diff.summary.connectionsAdded.length + diff.summary.connectionsRemoved.length > 0 && `(${diff.summary.connectionsAdded.length}+/${diff.summary.connectionsRemoved.length}− connections)`}
          </p>
        )}
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t('version')}</th>
              <th scope="col">{t('published')}</th>
              <th scope="col">{t('comment')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={num(v.number)}>
                <td>
                  v{num(v.number)} {v.isCurrent ? '★' : ''} {v.retractedAt ? `(${t('retract')})` : ''}
                </td>
                <td>
                  {new Date(v.publishedAt).toLocaleString()} — {v.publishedBy}
                </td>
                <td>{v.comment}</td>
                <td>
                  {can.publish && (
                    <button type="button" onClick={() => void rollback(num(v.number))} disabled={busy}>
                      {t('rollback')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
