import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { call, num, type Schemas } from '../api/client';
import { useCompany, useCompanyApi } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { CustomerLink, customerLabel } from '../components/CustomerLink';
import { FieldErrors, ProblemAlert } from '../components/Problem';
import { INSTANCE_STATUSES, instanceStatusLabel } from './instanceStatus';

/** The instance's customer, named from the ledger and opening its 360; the raw key when the ledger does not know it. */
function InstanceCustomer({ customer, reference, name }: { customer: string | null | undefined; reference: string | null | undefined; name: string | null | undefined }) {
  if (!customer) return null;
  return reference && name ? <CustomerLink id={customer} label={customerLabel(customer, reference, name, (id) => id)} /> : <>{customer}</>;
}

export function InstancesPage() {
  const { t } = useI18n();
  const { companyId } = useCompany();
  const client = useCompanyApi();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const definitionId = params.get('definitionId') ?? '';
  const [items, setItems] = useState<Schemas['ProcedureInstanceSummaryResponse'][] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    call(client.GET('/api/companies/{companyId}/procedure-instances', { params: { query: { PageSize: 100, status: status || undefined, definitionId: definitionId || undefined } } }))
      .then((page) => setItems(page.items))
      .catch(setError);
  }, [client, status, definitionId]);

  return (
    <section aria-labelledby="instances-title">
      <h1 id="instances-title">{t('instances')}</h1>
      <label className="inline">
        {t('status')}{' '}
        <select value={status} onChange={(e) => setParams((p) => { p.set('status', e.target.value); return p; })}>
          <option value="">{t('instanceAllStatuses')}</option>
          {INSTANCE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {instanceStatusLabel(t, s)}
            </option>
          ))}
        </select>
      </label>
      <ProblemAlert error={error} />
      {items === null ? (
        <p aria-busy="true">{t('loading')}</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t('startedAt')}</th>
              <th scope="col">{t('procedures')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('customer')}</th>
              <th scope="col">{t('problems')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id}>
                <td>
                  <Link to={`/c/${companyId}/instances/${i.id}`}>
                    <time dateTime={i.createdAt}>{i.createdAt.replace('T', ' ').slice(0, 16)}</time>
                  </Link>
                </td>
                <td>
                  {i.procedureName ?? i.definitionId} v{num(i.definitionVersion)}
                </td>
                <td>{instanceStatusLabel(t, i.status)}</td>
                <td>
                  <InstanceCustomer customer={i.customer} reference={i.customerReference} name={i.customerName} />
                </td>
                <td>{i.hasIncident ? '⚠' : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

type Action = 'retry' | 'skip' | 'cancel' | 'move' | 'variables';

export function InstancePage() {
  const { t } = useI18n();
  const { companyId, can } = useCompany();
  const { instanceId = '' } = useParams();
  const client = useCompanyApi();
  const [instance, setInstance] = useState<Schemas['ProcedureInstanceResponse'] | null>(null);
  const [journal, setJournal] = useState<Schemas['JournalEntryResponse'][]>([]);
  const [error, setError] = useState<unknown>(null);
  const [action, setAction] = useState<Action>('retry');
  const [reason, setReason] = useState('');
  const [executionId, setExecutionId] = useState('');
  const [port, setPort] = useState('');
  const [activityId, setActivityId] = useState('');
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [actionError, setActionError] = useState<unknown>(null);

  const load = useCallback(async () => {
    const i = await call(client.GET('/api/companies/{companyId}/procedure-instances/{instanceId}', { params: { path: { instanceId } } }));
    setInstance(i);
    if (i.steps[0]) setExecutionId((current) => current || i.steps[0].executionId);
    const j = await call(client.GET('/api/companies/{companyId}/procedure-instances/{instanceId}/journal', { params: { path: { instanceId }, query: { PageSize: 200 } } }));
    setJournal(j.items);
  }, [client, instanceId]);
  useEffect(() => {
    load().catch(setError);
  }, [load]);

  const act = async (e: FormEvent) => {
    e.preventDefault();
    setActionError(null);
    const path = { params: { path: { instanceId } } };
    try {
      let parsedValue: unknown = value;
      try {
        parsedValue = JSON.parse(value);
      } catch {
        parsedValue = value;
      }
      const updated =
        action === 'retry' ? await call(client.POST('/api/companies/{companyId}/procedure-instances/{instanceId}/retry', { ...path, body: { executionId, reason } }))
        : action === 'skip' ? await call(client.POST('/api/companies/{companyId}/procedure-instances/{instanceId}/skip', { ...path, body: { executionId, port, reason } }))
        : action === 'cancel' ? await call(client.POST('/api/companies/{companyId}/procedure-instances/{instanceId}/cancel', { ...path, body: { reason } }))
        : action === 'move' ? await call(client.POST('/api/companies/{companyId}/procedure-instances/{instanceId}/move', { ...path, body: { activityId, reason } }))
        : await call(client.POST('/api/companies/{companyId}/procedure-instances/{instanceId}/variables', { ...path, body: { name, value: parsedValue as Schemas['JsonElement'], reason } }));
      setInstance(updated);
      setReason('');
      await load();
    } catch (err) {
      setActionError(err);
    }
  };

  if (error) return <ProblemAlert error={error} />;
  if (!instance) return <p aria-busy="true">{t('loading')}</p>;
  return (
    <section aria-labelledby="instance-title" className="instance">
      <h1 id="instance-title">
        {instance.procedureName ?? instance.definitionId} v{num(instance.definitionVersion)} — {instanceStatusLabel(t, instance.status)} {instance.outcome && `(${instance.outcome})`}
      </h1>
      {instance.customer && (
        <p>
          {t('customer')}: <InstanceCustomer customer={instance.customer} reference={instance.customerReference} name={instance.customerName} />
        </p>
      )}
      <Link to={`/c/${companyId}/instances`}>{t('back')}</Link>
      <h2>{t('currentSteps')}</h2>
      <ul>
        {instance.steps.map((s) => (
          <li key={s.executionId}>
            <code>{s.activityId}</code> {s.status} (#{num(s.attempt)}) {s.waits.map((w) => `${w.kind}${w.event ? ' ' + w.event : ''}${w.dueAt ? ' ' + w.dueAt.slice(0, 10) : ''}${w.title ? ' ' + w.title : ''}`).join('; ')}
          </li>
        ))}
      </ul>
      {can.operate && !instance.finishedAt && (
        <form onSubmit={act} aria-label={t('instanceOperatorAction')} className="operator-action">
          <label>
            {t('action')}{' '}
            <select value={action} onChange={(e) => setAction(e.target.value as Action)}>
              <option value="retry">{t('retry')}</option>
              <option value="skip">{t('skip')}</option>
              <option value="move">{t('move')}</option>
              <option value="variables">{t('setVariable')}</option>
              <option value="cancel">{t('cancel')}</option>
            </select>
          </label>
          {(action === 'retry' || action === 'skip') && (
            <label>
              {t('currentSteps')}{' '}
              <select value={executionId} onChange={(e) => setExecutionId(e.target.value)} aria-describedby="executionId-error">
                {instance.steps.map((s) => (
                  <option key={s.executionId} value={s.executionId}>
                    {s.activityId}
                  </option>
                ))}
              </select>
              <FieldErrors error={actionError} field="executionId" id="executionId-error" />
            </label>
          )}
          {action === 'skip' && (
            <label>
              {t('port')} <input value={port} onChange={(e) => setPort(e.target.value)} aria-describedby="port-error" />
              <FieldErrors error={actionError} field="port" id="port-error" />
            </label>
          )}
          {action === 'move' && (
            <label>
              {t('activity')} <input value={activityId} onChange={(e) => setActivityId(e.target.value)} aria-describedby="activityId-error" />
              <FieldErrors error={actionError} field="activityId" id="activityId-error" />
            </label>
          )}
          {action === 'variables' && (
            <>
              <label>
                {t('name')} <input value={name} onChange={(e) => setName(e.target.value)} aria-describedby="name-error" />
                <FieldErrors error={actionError} field="name" id="name-error" />
              </label>
              <label>
                {t('value')} <input value={value} onChange={(e) => setValue(e.target.value)} aria-describedby="value-error" />
                <FieldErrors error={actionError} field="value" id="value-error" />
              </label>
            </>
          )}
          <label>
            {t('reason')} ({t('required')}) <input value={reason} required onChange={(e) => setReason(e.target.value)} aria-describedby="reason-error" />
            <FieldErrors error={actionError} field="reason" id="reason-error" />
          </label>
          <button type="submit">{t('apply')}</button>
          <ProblemAlert error={actionError} shownFields={['executionId', 'port', 'activityId', 'name', 'value', 'reason']} />
        </form>
      )}
      <h2>{t('journal')}</h2>
      <ol className="journal">
        {journal.map((entry) => (
          <li key={num(entry.sequence)}>
            <time dateTime={entry.at}>{entry.at.replace('T', ' ').slice(0, 19)}</time> <strong>{entry.kind}</strong> {entry.activityId && <code>{entry.activityId}</code>} {entry.port && `→ ${entry.port}`}{' '}
            <Why data={entry.data} />
          </li>
        ))}
      </ol>
    </section>
  );
}

function Why({ data }: { data: unknown }) {
  const { t } = useI18n();
  if (!data || typeof data !== 'object') return null;
  const d = data as { message?: string; why?: { input?: string; expression?: string; text?: string; values?: unknown; result?: unknown }[] };
  return (
    <>
      {d.message && <span>{d.message}</span>}
      {d.why && d.why.length > 0 && (
        <details>
          <summary>{t('why')}</summary>
          <ul>
            {d.why.map((w, i) => (
              <li key={i}>
                <code>{w.expression ?? w.text}</code> {JSON.stringify(w.values)} ⇒ {JSON.stringify(w.result)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
