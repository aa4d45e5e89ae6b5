import { useMemo, useState, type FormEvent } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { call, num, type Schemas } from '../api/client';
import { useCompany, useCompanyApi } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { ProblemAlert } from '../components/Problem';
import { Canvas, edgeKey, type Mark } from '../designer/Canvas';
import type { ActivityDescriptor, Definition, JsonType } from '../designer/model';

type Procedure = Schemas['ProcedureResponse'];

interface ScenarioRow {
  kind: 'event' | 'task';
  day: number;
  event: string;
  payload: string;
  taskActivityId: string;
  outcome: string;
  values: string;
}

/** A sample value of a declared type, so that the scenario starts from something that runs. */
function sample(type: JsonType, name: string, start: string): unknown {
  if (typeof type === 'string') {
    switch (type) {
      case 'money':
        return '12000 EUR';
      case 'date':
        return start;
      case 'number':
        return 1;
      case 'boolean':
        return false;
      case 'duration':
        return '10 days';
      default:
        return name === 'id' || name === 'reference' ? 'INV-0001' : name;
    }
  }
  if (type.kind === 'enum') return type.values[0];
  if (type.kind === 'list') return [];
  if (type.kind === 'map') return {};
  return Object.fromEntries(type.fields.map((f) => [f.name, sample(f.type, f.name, start)]));
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T09:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString();
}

export function SimulationView({ procedure, definition, descriptors }: { procedure: Procedure; definition: Definition; descriptors: ActivityDescriptor[] }) {
  const { t } = useI18n();
  const { companyId, can } = useCompany();
  const client = useCompanyApi();
  const byType = useMemo(() => new Map(descriptors.map((d) => [d.type, d])), [descriptors]);
  const today = new Date().toISOString().slice(0, 10);
  const [startDate, setStartDate] = useState(today);
  const [until, setUntil] = useState('');
  const [version, setVersion] = useState<string>(procedure.draft ? '' : String(num(procedure.publishedVersion ?? procedure.latestVersion)));
  const [inputs, setInputs] = useState(() => JSON.stringify(Object.fromEntries(definition.inputs.filter((i) => i.required || i.default === undefined).map((i) => [i.name, sample(i.type, i.name, today)])), null, 2));
  // The customer the letters are written about: the simulation renders reminders and formal notices for it.
  const [customer, setCustomer] = useState(() =>
    JSON.stringify(
      {
        reference: 'SIM-CUSTOMER',
        name: 'Sample customer',
        language: null,
        email: 'accounts@customer.example',
        invoices: [{ reference: 'INV-0001', issueDate: addDays(today, -60).slice(0, 10), dueDate: addDays(today, -30).slice(0, 10), amount: 1200, currency: 'EUR' }],
      },
      null,
      2,
    ),
  );
  const [rows, setRows] = useState<ScenarioRow[]>([]);
  const [result, setResult] = useState<Schemas['SimulationResponse'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const taskActivities = definition.activities.filter((a) => a.type === 'workflow.human-task');

  const run = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const events = rows.map((r) => ({
        at: addDays(startDate, r.day),
        event: r.kind === 'event' ? r.event : null,
        payload: r.kind === 'event' && r.payload.trim() ? (JSON.parse(r.payload) as Schemas['JsonElement']) : null,
        correlationKeys: null,
        taskActivityId: r.kind === 'task' ? r.taskActivityId : null,
        outcome: r.kind === 'task' ? r.outcome : null,
        values: r.kind === 'task' && r.values.trim() ? (JSON.parse(r.values) as Schemas['JsonElement']) : null,
        completedBy: null,
      }));
      const response = await call(
        client.POST('/api/companies/{companyId}/procedures/{procedureId}/simulate', {
          params: { path: { procedureId: procedure.id } },
          body: {
            version: version ? Number(version) : null,
            startAt: `${startDate}T08:00:00Z`,
            inputs: JSON.parse(inputs) as Schemas['JsonElement'],
            correlationKeys: { company: companyId, customer: 'SIM-CUSTOMER', invoice: 'INV-0001', case: crypto.randomUUID() },
            timeZone: null,
            calendar: null,
            events,
            until: until ? `${until}T23:59:59Z` : null,
            customer: customer.trim() ? (JSON.parse(customer) as Schemas['SimulationCustomerRequest']) : null,
          },
        }),
      );
      setResult(response);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const { marks, taken } = useMemo(() => {
    const marks = new Map<string, Mark[]>();
    const taken = new Set<string>();
    if (!result) return { marks, taken };
    for (const step of result.steps) if (step.activityId) marks.set(step.activityId, ['visited']);
    for (const step of result.steps) {
      if (step.activityId && step.port) {
        for (const c of definition.connections) if (c.source.activity === step.activityId && c.source.port === step.port) taken.add(edgeKey(c.source.activity, c.source.port, c.target.activity));
      }
    }
    return { marks, taken };
  }, [result, definition.connections]);

  const update = (index: number, row: Partial<ScenarioRow>) => setRows(rows.map((r, i) => (i === index ? { ...r, ...row } : r)));

  return (
    <div className="simulation">
      <form onSubmit={run} aria-label={t('scenario')} className="scenario">
        <h2>{t('scenario')}</h2>
        <label>
          {t('version')}
          <select value={version} onChange={(e) => setVersion(e.target.value)}>
            {procedure.draft && <option value="">{t('draft')}</option>}
            {Array.from({ length: num(procedure.latestVersion) }, (_, i) => i + 1).map((v) => (
              <option key={v} value={String(v)}>
                v{v}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('startAt')} <input type="date" value={startDate} required onChange={(e) => setStartDate(e.target.value)} />
        </label>
        <label>
          {t('until2')} <input type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
        </label>
        <label>
          {t('inputs')} (JSON)
          <textarea className="json" rows={8} value={inputs} onChange={(e) => setInputs(e.target.value)} aria-invalid={!isJson(inputs)} />
        </label>
        {!isJson(inputs) && <span className="field-error" role="alert">JSON</span>}
        <label>
          {t('sampleCustomer')} (JSON)
          <textarea className="json" rows={6} value={customer} onChange={(e) => setCustomer(e.target.value)} aria-invalid={!!customer.trim() && !isJson(customer)} />
        </label>
        {!!customer.trim() && !isJson(customer) && <span className="field-error" role="alert">JSON</span>}
        <fieldset>
          <legend>{t('events')}</legend>
          {rows.map((row, index) => (
            <div key={index} className="scenario-row" role="group" aria-label={`${t('events')} ${index + 1}`}>
              <label>
                {t('day')} <input type="number" min={0} value={row.day} onChange={(e) => update(index, { day: Number(e.target.value) })} />
              </label>
              {row.kind === 'event' ? (
                <>
                  <label>
                    {t('event')} <input value={row.event} onChange={(e) => update(index, { event: e.target.value })} list="known-events" />
                  </label>
                  <label>
                    {t('payload')} <input value={row.payload} onChange={(e) => update(index, { payload: e.target.value })} aria-invalid={!!row.payload && !isJson(row.payload)} />
                  </label>
                </>
              ) : (
                <>
                  <label>
                    {t('taskActivity')}
                    <select value={row.taskActivityId} onChange={(e) => update(index, { taskActivityId: e.target.value })}>
                      {taskActivities.map((a) => (
                        <option key={a.id} value={a.id}>
                          {a.name || a.id}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label>
                    {t('outcome')} <input value={row.outcome} onChange={(e) => update(index, { outcome: e.target.value })} />
                  </label>
                  <label>
                    {t('values')} <input value={row.values} onChange={(e) => update(index, { values: e.target.value })} aria-invalid={!!row.values && !isJson(row.values)} />
                  </label>
                </>
              )}
              <button type="button" onClick={() => setRows(rows.filter((_, i) => i !== index))} aria-label={`${t('remove')} ${index + 1}`}>
                ✕
              </button>
            </div>
          ))}
          <datalist id="known-events">
            {['InvoicePaid', 'PartialPayment', 'PromiseMade', 'DisputeOpened', 'DisputeResolved'].map((e) => (
              <option key={e} value={e} />
            ))}
          </datalist>
          <button type="button" onClick={() => setRows([...rows, { kind: 'event', day: 20, event: 'InvoicePaid', payload: '', taskActivityId: '', outcome: '', values: '' }])}>
            {t('addEvent')}
          </button>
          {taskActivities.length > 0 && (
            <button type="button" onClick={() => setRows([...rows, { kind: 'task', day: 15, event: '', payload: '', taskActivityId: taskActivities[0].id, outcome: '', values: '{}' }])}>
              {t('addTaskCompletion')}
            </button>
          )}
        </fieldset>
        <button type="submit" disabled={busy || !can.simulate || !isJson(inputs) || (!!customer.trim() && !isJson(customer))}>
          {busy ? t('running') : t('run')}
        </button>
        <ProblemAlert error={error} />
      </form>
      <div className="simulation-result">
        <ReactFlowProvider>
          <Canvas definition={definition} descriptors={byType} marks={marks} takenEdges={taken} readOnly />
        </ReactFlowProvider>
        {result && <SimulationResult result={result} />}
        <Backtest procedure={procedure} />
      </div>
    </div>
  );
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function day(at: string): string {
  return at.slice(0, 10);
}

function SimulationResult({ result }: { result: Schemas['SimulationResponse'] }) {
  const { t } = useI18n();
  return (
    <section aria-label={t('timeline')} className="timeline" data-testid="timeline">
      <h2>
        {t('timeline')} — {t('status')}: <span data-testid="simulation-status">{result.status}</span>
        {result.outcome ? ` (${result.outcome})` : ''}
      </h2>
      <ol>
        {result.timeline.map((entry, i) => (
          <li key={i} className={`timeline-${entry.kind}`}>
            <time dateTime={entry.at}>{day(entry.at)}</time> <strong>{entry.kind}</strong> {entry.activityId && <code>{entry.activityId}</code>} {entry.description}
          </li>
        ))}
      </ol>
      {result.effects.length > 0 && (
        <>
          <h3>{t('letters')}</h3>
          <ul>
            {result.effects.map((effect, i) => (
              <li key={i}>
                <time dateTime={effect.at}>{day(effect.at)}</time> <strong>{effect.type}</strong> <code>{effect.activityId}</code>
                <LetterText payload={effect.payload} />
              </li>
            ))}
          </ul>
        </>
      )}
      {result.tasks.length > 0 && (
        <>
          <h3>{t('tasks')}</h3>
          <ul>
            {result.tasks.map((task, i) => (
              <li key={i}>
                <time dateTime={task.createdAt}>{day(task.createdAt)}</time> {task.title} {task.role && `(${task.role})`} {task.dueDate && `→ ${task.dueDate}`} [{task.outcomes.join(', ')}]
              </li>
            ))}
          </ul>
        </>
      )}
      {result.escalations.length > 0 && (
        <>
          <h3>{t('escalations')}</h3>
          <ul>
            {result.escalations.map((e, i) => (
              <li key={i}>
                <time dateTime={e.at}>{day(e.at)}</time> <code>{e.activityId}</code> {e.activityType}
              </li>
            ))}
          </ul>
        </>
      )}
      {result.warnings.length > 0 && (
        <>
          <h3>{t('warnings')}</h3>
          <ul>
            {result.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** A letter's rendered text when the effect carries one (text, body, subject), else its payload. */
function LetterText({ payload }: { payload: unknown }) {
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as Record<string, unknown>;
  const text = [p.subject, p.text ?? p.body ?? p.renderedText].filter((x) => typeof x === 'string').join('\n');
  return text ? <pre className="letter">{text}</pre> : <pre className="letter">{JSON.stringify(payload, null, 1)}</pre>;
}

function Backtest({ procedure }: { procedure: Procedure }) {
  const { t } = useI18n();
  const { can } = useCompany();
  const client = useCompanyApi();
  const year = new Date().getUTCFullYear();
  const [from, setFrom] = useState(`${year - 1}-01-01`);
  const [to, setTo] = useState(`${year - 1}-12-31`);
  const [horizon, setHorizon] = useState('90');
  const [result, setResult] = useState<Schemas['BacktestResponse'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setResult(
        await call(
          client.POST('/api/companies/{companyId}/procedures/{procedureId}/backtest', {
            params: { path: { procedureId: procedure.id } },
            body: { version: procedure.draft ? null : num(procedure.publishedVersion ?? procedure.latestVersion), from, to, horizonDays: Number(horizon) },
          }),
        ),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-label={t('backtest')} className="backtest">
      <h2>{t('backtest')}</h2>
      <form onSubmit={submit} className="inline-form">
        <label>
          {t('from')} <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
        </label>
        <label>
          {t('to')} <input type="date" value={to} onChange={(e) => setTo(e.target.value)} required />
        </label>
        <label>
          {t('horizonDays')} <input type="number" min={1} value={horizon} onChange={(e) => setHorizon(e.target.value)} />
        </label>
        <button type="submit" disabled={busy || !can.simulate}>
          {t('run')}
        </button>
      </form>
      <ProblemAlert error={error} />
      {result && (
        <div data-testid="backtest-result">
          <p>
            {t('cases')}: {num(result.cases)} — {t('paidOnTime')}: {num(result.paidOnTime)}
          </p>
          <CountTable title={t('stepsCount')} counts={result.steps as unknown as Record<string, unknown>} />
          <CountTable title={t('outcomes')} counts={result.outcomes as unknown as Record<string, unknown>} />
          <CountTable title={t('escalations')} counts={result.escalations as unknown as Record<string, unknown>} />
        </div>
      )}
    </section>
  );
}

function CountTable({ title, counts }: { title: string; counts: Record<string, unknown> | unknown[] }) {
  const entries: [string, string][] = Array.isArray(counts)
    ? counts.map((c) => {
        const o = c as Record<string, unknown>;
        const key = String(o.activityId ?? o.outcome ?? o.name ?? o.type ?? JSON.stringify(o));
        return [key, String(o.count ?? o.value ?? '')];
      })
    : Object.entries(counts ?? {}).map(([k, v]) => [k, String(v)]);
  return (
    <table className="grid">
      <caption>{title}</caption>
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
