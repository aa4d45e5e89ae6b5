import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { call } from '../api/client';
import { useCompany, useCompanyApi } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { FieldErrors, ProblemAlert } from '../components/Problem';
import { CustomerContext, useCustomerFacts } from '../inbox/CustomerContext';
import { OutcomeForm } from '../inbox/OutcomeForm';
import { companyToday, daysBetween, money, type CaseSummary, type InboxTask } from '../inbox/types';

const FILTERS = ['mine', 'myRole', 'unassigned', 'overdue', 'all'] as const;
type Filter = (typeof FILTERS)[number];
const FILTER_LABEL = { mine: 'inboxMine', myRole: 'inboxMyRole', unassigned: 'inboxUnassigned', overdue: 'inboxOverdue', all: 'inboxAll' } as const;

/** Ignores the shortcuts while the user types in a field. */
function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

const TASKS_PER_PAGE = 100;

/** How many pages of tasks the inbox has (at least one). */
function pageCount(total: number, perPage = TASKS_PER_PAGE): number {
  return Math.max(1, Math.ceil(total / perPage));
}

export function InboxPage() {
  const { t, lang } = useI18n();
  const { companyId, can } = useCompany();
  const client = useCompanyApi();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter = (FILTERS as readonly string[]).includes(params.get('show') ?? '') ? (params.get('show') as Filter) : 'myRole';
  const selectedId = params.get('task');
  const pageNumber = Math.max(1, Number(params.get('p')) || 1);
  const [total, setTotal] = useState(0);
  const [tasks, setTasks] = useState<InboxTask[] | null>(null);
  const [cases, setCases] = useState<Map<string, CaseSummary>>(new Map());
  const [error, setError] = useState<unknown>(null);
  const [refresh, setRefresh] = useState(0);
  const [checked, setChecked] = useState<string[]>([]);
  const today = companyToday();

  useEffect(() => {
    const query = { Page: pageNumber, PageSize: TASKS_PER_PAGE, mine: filter === 'mine' || undefined, myRole: filter === 'myRole' || undefined, unassigned: filter === 'unassigned' || undefined, overdue: filter === 'overdue' || undefined };
    Promise.all([
      call(client.GET('/api/companies/{companyId}/tasks', { params: { query } })),
      call(client.GET('/api/companies/{companyId}/collection/cases', { params: { query: { status: 'Open', PageSize: 200 } } })),
    ])
      .then(([page, open]) => {
        setTasks(page.items as unknown as InboxTask[]);
        setTotal(Number(page.totalCount));
        setCases(new Map(open.items.map((c) => [c.customerId, c])));
        setError(null);
      })
      .catch(setError);
  }, [client, filter, refresh, pageNumber]);

  const select = useCallback(
    (id: string | null) =>
      setParams((p) => {
        if (id) p.set('task', id);
        else p.delete('task');
        return p;
      }),
    [setParams],
  );
  const selected = tasks?.find((x) => x.id === selectedId) ?? null;
  const goToPage = (n: number) =>
    setParams((p) => {
      p.set('p', String(n));
      p.delete('task');
      return p;
    });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!tasks || tasks.length === 0 || typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      const index = tasks.findIndex((x) => x.id === selectedId);
      if (e.key === 'j' || e.key === 'J') {
        select(tasks[Math.min(index + 1, tasks.length - 1)].id);
        e.preventDefault();
      } else if (e.key === 'k' || e.key === 'K') {
        select(tasks[Math.max(index - 1, 0)].id);
        e.preventDefault();
      } else if (e.key === 'Enter' && selected?.customer && !(e.target instanceof HTMLButtonElement) && !(e.target instanceof HTMLAnchorElement)) {
        navigate(`/c/${companyId}/customers/${selected.customer}`);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tasks, selectedId, selected, select, navigate, companyId]);

  const reason = (task: InboxTask) => {
    if (Number(task.priorityScore) > 0) {
      return t('reasonTask').replace('{amount}', String(task.amountAtRisk ?? 0)).replace('{days}', String(task.daysOverdue));
    }
    const c = task.customer ? cases.get(task.customer) : undefined;
    if (!c) return '—';
    return t('reasonOverdue')
      .replace('{amount}', money(c.overdueAmount, c.currency, lang))
      .replace('{days}', String(c.leaderDueDate ? Math.max(0, daysBetween(c.leaderDueDate, today)) : 0));
  };

  return (
    <div className="inbox">
      <section aria-labelledby="inbox-title" className="inbox-list">
        <h1 id="inbox-title">{t('inbox')}</h1>
        <div role="radiogroup" aria-label={t('inboxFilter')} className="toolbar-row">
          {FILTERS.map((f) => (
            <button
              key={f}
              type="button"
              role="radio"
              aria-checked={filter === f}
              className={filter === f ? 'primary' : undefined}
              onClick={() => setParams((p) => { p.set('show', f); p.delete('task'); p.delete('p'); return p; })}
            >
              {t(FILTER_LABEL[f])}
            </button>
          ))}
        </div>
        <p className="muted" id="inbox-shortcuts">
          {t('inboxShortcuts')}
        </p>
        <ProblemAlert error={error} />
        {can.operate && checked.length > 0 && tasks && (
          <BulkComplete tasks={tasks.filter((x) => checked.includes(x.id))} onDone={() => { setChecked([]); setRefresh((r) => r + 1); }} />
        )}
        {tasks === null ? (
          <p aria-busy="true">{t('loading')}</p>
        ) : tasks.length === 0 ? (
          <p>{t('inboxEmpty')}</p>
        ) : (
          <table className="grid tasks" aria-label={t('inboxTasks')} aria-describedby="inbox-shortcuts">
            <thead>
              <tr>
                {can.operate && <th scope="col"><span className="sr-only">{t('selected').replace('{count}', '')}</span></th>}
                <th scope="col">{t('task')}</th>
                <th scope="col">{t('customer')}</th>
                <th scope="col">{t('priorityReason')}</th>
                <th scope="col">{t('dueDate')}</th>
                <th scope="col">{t('claimedBy')}</th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((task) => {
                const c = task.customer ? cases.get(task.customer) : undefined;
                return (
                  <tr key={task.id} aria-selected={task.id === selectedId} className={task.id === selectedId ? 'selected' : undefined}>
                    {can.operate && (
                      <td>
                        <input
                          type="checkbox"
                          aria-label={t('selectTask').replace('{title}', `${task.title} ${c?.customerName ?? ''}`)}
                          checked={checked.includes(task.id)}
                          onChange={(e) => setChecked((list) => (e.target.checked ? [...list, task.id] : list.filter((x) => x !== task.id)))}
                        />
                      </td>
                    )}
                    <td>
                      <button type="button" className="link" onClick={() => select(task.id)} aria-current={task.id === selectedId ? 'true' : undefined}>
                        {task.title}
                      </button>
                      <div className="muted small">{task.priority}</div>
                    </td>
                    <td>{c ? `${c.customerName} (${c.customerReference})` : task.customer ?? '—'}</td>
                    <td>{reason(task)}</td>
                    <td>{task.dueDate ?? '—'}</td>
                    <td>{task.claimedBy ?? task.assignee ?? <span className="muted">{t('nobody')}</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {tasks !== null && pageCount(total) > 1 && (
          <nav aria-label={t('inboxPages')} className="toolbar-row">
            <button type="button" disabled={pageNumber <= 1} onClick={() => goToPage(pageNumber - 1)}>
              {t('inboxPreviousPage')}
            </button>
            <span>{t('inboxPageOf').replace('{page}', String(pageNumber)).replace('{pages}', String(pageCount(total))).replace('{total}', String(total))}</span>
            <button type="button" disabled={pageNumber >= pageCount(total)} onClick={() => goToPage(pageNumber + 1)}>
              {t('inboxNextPage')}
            </button>
          </nav>
        )}
      </section>
      {selected && <TaskPanel key={selected.id} task={selected} today={today} onChanged={() => setRefresh((r) => r + 1)} onDone={() => { select(null); setRefresh((r) => r + 1); }} />}
    </div>
  );
}

/** One task opened: who holds it, claim/release/hand over, the outcome form, and the customer beside it. */
function TaskPanel({ task, today, onChanged, onDone }: { task: InboxTask; today: string; onChanged: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { companyId, can } = useCompany();
  const client = useCompanyApi();
  const { facts, error } = useCustomerFacts(companyId, task.customer);
  const [actionError, setActionError] = useState<unknown>(null);
  const [assignee, setAssignee] = useState('');
  const [why, setWhy] = useState('');
  const path = { params: { path: { taskId: task.id } } };

  const act = (request: Promise<unknown>) => {
    setActionError(null);
    request.then(onChanged).catch(setActionError);
  };
  const reassign = (e: FormEvent) => {
    e.preventDefault();
    act(call(client.POST('/api/companies/{companyId}/tasks/{taskId}/reassign', { ...path, body: { assignee, reason: why } })));
  };

  return (
    <div className="task-panel">
      <section aria-labelledby="task-title" className="task-detail">
        <h2 id="task-title">{task.title}</h2>
        {task.description && <p className="muted">{task.description}</p>}
        <p>
          {t('claimedBy')} : <strong>{task.claimedBy ?? t('nobody')}</strong> · {t('dueDate')} : {task.dueDate ?? '—'}
        </p>
        {can.operate && (
          <div className="action-bar">
            <button type="button" onClick={() => act(call(client.POST('/api/companies/{companyId}/tasks/{taskId}/claim', path)))} disabled={task.claimedBy !== null}>
              {t('claim')}
            </button>
            <button type="button" onClick={() => act(call(client.POST('/api/companies/{companyId}/tasks/{taskId}/release', path)))} disabled={task.claimedBy === null}>
              {t('release')}
            </button>
          </div>
        )}
        {can.operate && (
          <form className="inline-form" onSubmit={reassign} aria-label={t('reassign')}>
            <label>
              {t('reassignTo')}{' '}
              <input type="email" value={assignee} onChange={(e) => setAssignee(e.target.value)} aria-describedby="err-assignee" required />
            </label>
            <FieldErrors error={actionError} field="assignee" id="err-assignee" />
            <label>
              {t('reason')} <input value={why} onChange={(e) => setWhy(e.target.value)} aria-describedby="err-reason" required />
            </label>
            <FieldErrors error={actionError} field="reason" id="err-reason" />
            <button type="submit">{t('reassign')}</button>
          </form>
        )}
        <ProblemAlert error={actionError} shownFields={['assignee', 'reason']} />
        {can.operate && <OutcomeForm task={task} companyId={companyId} items={facts?.items ?? []} today={today} onDone={onDone} />}
      </section>
      <aside className="task-customer" aria-label={t('customer')}>
        {task.customer && <CustomerContext companyId={companyId} facts={facts} error={error} />}
      </aside>
    </div>
  );
}

/** Completes the checked tasks (of one kind) with one outcome and an optional note. */
function BulkComplete({ tasks, onDone }: { tasks: InboxTask[]; onDone: () => void }) {
  const { t } = useI18n();
  const client = useCompanyApi();
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const outcomes = tasks[0]?.outcomes.filter((o) => tasks.every((x) => x.outcomes.includes(o))) ?? [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    call(
      client.POST('/api/companies/{companyId}/tasks/bulk-complete', {
        body: { taskIds: tasks.map((x) => x.id), outcome, values: (note.trim() ? { note: note.trim() } : {}) as never },
      }),
    )
      .then(onDone)
      .catch(setError);
  };
  return (
    <form className="inline-form bulk" onSubmit={submit} aria-label={t('bulkComplete')}>
      <span role="status">{t('selected').replace('{count}', String(tasks.length))}</span>
      <label>
        {t('taskOutcome')}{' '}
        <select value={outcome} onChange={(e) => setOutcome(e.target.value)} required aria-describedby="err-bulk-outcome">
          <option value="">—</option>
          {outcomes.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <FieldErrors error={error} field="outcome" id="err-bulk-outcome" />
      <label>
        {t('note')} <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit" disabled={!outcome}>
        {t('bulkComplete')}
      </button>
      <FieldErrors error={error} field="taskIds" id="err-bulk-tasks" />
      <ProblemAlert error={error} shownFields={['outcome', 'taskIds']} />
    </form>
  );
}
