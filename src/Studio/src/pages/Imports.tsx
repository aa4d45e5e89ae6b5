import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, call, companyApi, num, type Problem, type Schemas } from '../api/client';
import { useCompany, useCompanyApi } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { previewRows } from '../components/csv';
import { FieldErrors, ProblemAlert } from '../components/Problem';
import { Loaded, Table, useLoad } from '../components/ui';

type Columns = Schemas['ImportColumns'];
const COLUMN_FIELDS: { key: keyof Columns; required: boolean; guesses: string[] }[] = [
  { key: 'customerReference', required: true, guesses: ['customer', 'client', 'customerreference', 'customer_id', 'customerid', 'compte'] },
  { key: 'itemReference', required: true, guesses: ['invoice', 'facture', 'itemreference', 'reference', 'invoicenumber', 'numero'] },
  { key: 'issueDate', required: true, guesses: ['date', 'issuedate', 'invoicedate', 'datefacture'] },
  { key: 'amount', required: true, guesses: ['amount', 'montant', 'invoiceamount'] },
  { key: 'dueDate', required: false, guesses: ['due', 'duedate', 'echeance'] },
  { key: 'currency', required: false, guesses: ['currency', 'devise'] },
  { key: 'itemType', required: false, guesses: ['type', 'itemtype'] },
  { key: 'settledDate', required: false, guesses: ['settled', 'settleddate', 'paid', 'cleared', 'settleddate'] },
  { key: 'settledAmount', required: false, guesses: ['settledamount'] },
  { key: 'disputed', required: false, guesses: ['disputed', 'litige'] },
  { key: 'customerName', required: false, guesses: ['customername', 'name', 'nom'] },
];

/** Matches a file's columns to the ledger's fields by name (case, spaces and punctuation ignored). */
export function guessColumns(header: string[]): Partial<Record<keyof Columns, string>> {
  const plain = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const result: Partial<Record<keyof Columns, string>> = {};
  for (const field of COLUMN_FIELDS) {
    const found = header.find((h) => field.guesses.includes(plain(h)) || plain(h) === plain(field.key));
    if (found) result[field.key] = found;
  }
  return result;
}

const ACTIVE = ['Validating', 'Applying', 'Queued', 'Pending', 'Running'];

export function ImportsPage() {
  const { t } = useI18n();
  const { companyId, can } = useCompany();
  const client = useCompanyApi();
  const mappings = useLoad(() => call(client.GET('/api/companies/{companyId}/receivables/import-mappings', { params: { query: { PageSize: 200 } } })).then((p) => p.items), [client]);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<{ delimiter: string; header: string[]; rows: string[][] } | null>(null);
  const [mappingId, setMappingId] = useState('');
  const [columns, setColumns] = useState<Partial<Record<keyof Columns, string>>>({});
  const [dateFormat, setDateFormat] = useState('yyyy-MM-dd');
  const [decimalSeparator, setDecimalSeparator] = useState('.');
  const [defaultCurrency, setDefaultCurrency] = useState('EUR');
  const [saveAs, setSaveAs] = useState('');
  const [mode, setMode] = useState<'delta' | 'full'>('delta');
  const [policy, setPolicy] = useState<'rejectFile' | 'skipBadRows'>('rejectFile');
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<Schemas['ImportSummaryResponse'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [openImportId, setOpenImportId] = useState<string | null>(null);
  const [listTick, setListTick] = useState(0);
  const imports = useLoad(() => call(client.GET('/api/companies/{companyId}/receivables/imports', { params: { query: { PageSize: 20 } } })).then((p) => p.items), [client, listTick]);
  const fileInput = useRef<HTMLInputElement>(null);

  const chosenMapping = mappings.data?.find((m) => m.id === mappingId) ?? null;
  useEffect(() => {
    if (!chosenMapping) return;
    const d = chosenMapping.definition;
    setColumns({ ...d.columns } as Partial<Record<keyof Columns, string>>);
    setDateFormat(d.dateFormats.join(' | '));
    setDecimalSeparator(d.decimalSeparator);
    setDefaultCurrency(d.defaultCurrency ?? '');
  }, [chosenMapping]);

  const onFile = async (f: File | null) => {
    setFile(f);
    setPreview(null);
    if (!f) return;
    const text = await f.slice(0, 64 * 1024).text();
    const p = previewRows(text, 5);
    setPreview(p);
    if (!mappingId) setColumns(guessColumns(p.header));
  };

  const definition = (): Schemas['ImportMappingDefinition'] => ({
    columns: {
      customerReference: columns.customerReference ?? '',
      itemReference: columns.itemReference ?? '',
      issueDate: columns.issueDate ?? '',
      amount: columns.amount ?? '',
      dueDate: columns.dueDate || null,
      currency: columns.currency || null,
      itemType: columns.itemType || null,
      settledDate: columns.settledDate || null,
      settledAmount: columns.settledAmount || null,
      disputed: columns.disputed || null,
      customerName: columns.customerName || null,
    },
    dateFormats: dateFormat.split('|').map((s) => s.trim()).filter(Boolean),
    decimalSeparator,
    delimiter: preview?.delimiter ?? null,
    thousandsSeparator: null,
    defaultCurrency: defaultCurrency || null,
    defaultItemType: 'Invoice',
    itemTypeValues: null,
    disputedValues: null,
  });

  const start = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setError(null);
    setRunning(true);
    setOpenImportId(null);
    let savedMappingId = mappingId;
    const poll = window.setInterval(() => {
      // The import runs within the request: the newest import of the company is this one while it runs.
      call(client.GET('/api/companies/{companyId}/receivables/imports', { params: { query: { PageSize: 1 } } }))
        .then((p) => p.items[0] && ACTIVE.includes(p.items[0].status) && setProgress(p.items[0]))
        .catch(() => undefined);
    }, 400);
    try {
      if (!savedMappingId && saveAs.trim()) {
        const saved = await call(client.POST('/api/companies/{companyId}/receivables/import-mappings', { params: { path: { companyId } }, body: { name: saveAs.trim(), definition: definition(), version: null } }));
        savedMappingId = saved.id;
        setMappingId(saved.id);
        mappings.reload();
      }
      const form = new FormData();
      form.append('file', file, file.name);
      if (savedMappingId) form.append('mappingId', savedMappingId);
      else form.append('mapping', JSON.stringify(definition()));
      form.append('mode', mode);
      form.append('policy', policy);
      const response = await fetch(`/api/companies/${encodeURIComponent(companyId)}/receivables/imports`, { method: 'POST', body: form, credentials: 'same-origin' });
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok) {
        if (response.status === 401) window.dispatchEvent(new CustomEvent('etrepaye:unauthorized'));
        throw new ApiError({ status: response.status, ...((body as object | null) ?? { title: response.statusText }) } as Problem);
      }
      setOpenImportId((body as Schemas['ImportResponse']).id);
    } catch (err) {
      setError(err);
    } finally {
      window.clearInterval(poll);
      setRunning(false);
      setProgress(null);
      setListTick((x) => x + 1);
    }
  };

  const missing = COLUMN_FIELDS.filter((f) => f.required && !columns[f.key]);
  return (
    <section aria-labelledby="imports-title" className="imports">
      <h1 id="imports-title">{t('imports')}</h1>
      {can.operate ? (
        <form onSubmit={start} aria-label={t('newImport')} className="import-form">
          <fieldset>
            <legend>1. {t('file')}</legend>
            <label>
              {t('ledgerFile')} <input ref={fileInput} type="file" aria-label={t('ledgerFile')} accept=".csv,.txt,text/csv" onChange={(e) => void onFile(e.target.files?.[0] ?? null)} />
            </label>
            {preview && (
              <div aria-label={t('preview')} role="region">
                <h3>{t('preview')}</h3>
                <Table caption={t('preview')} rows={preview.rows.map((r, i) => ({ r, i }))} rowKey={({ i }) => String(i)} columns={preview.header.map((h, c) => ({ header: h || `#${c + 1}`, cell: (row: { r: string[]; i: number }) => row.r[c] ?? '' }))} />
              </div>
            )}
          </fieldset>
          <fieldset>
            <legend>2. {t('mapping')}</legend>
            <label>
              {t('savedMapping')}{' '}
              <select aria-label={t('savedMapping')} value={mappingId} onChange={(e) => setMappingId(e.target.value)}>
                <option value="">{t('newMapping')}</option>
                {(mappings.data ?? []).map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            </label>
            <ProblemAlert error={mappings.error} />
            <div className="mapping-grid">
              {COLUMN_FIELDS.map((field) => (
                <label key={field.key}>
                  {t(`col_${field.key}` as Parameters<typeof t>[0])}
                  {field.required ? ` (${t('required')})` : ''}
                  <select
                    aria-label={`${t(`col_${field.key}` as Parameters<typeof t>[0])}${field.required ? ` (${t('required')})` : ''}`}
                    value={columns[field.key] ?? ''}
                    disabled={!!mappingId}
                    aria-invalid={field.required && !columns[field.key] ? 'true' : undefined}
                    onChange={(e) => setColumns((c) => ({ ...c, [field.key]: e.target.value || undefined }))}
                  >
                    <option value="">—</option>
                    {[...new Set([...(preview?.header ?? []), ...(columns[field.key] ? [columns[field.key]!] : [])])].map((h) => (
                      <option key={h} value={h}>
                        {h}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
              <label>
                {t('dateFormats')} <input value={dateFormat} disabled={!!mappingId} onChange={(e) => setDateFormat(e.target.value)} />
              </label>
              <label>
                {t('decimalSeparator')}{' '}
                <select value={decimalSeparator} disabled={!!mappingId} onChange={(e) => setDecimalSeparator(e.target.value)}>
                  <option value=".">.</option>
                  <option value=",">,</option>
                </select>
              </label>
              <label>
                {t('defaultCurrency')} <input value={defaultCurrency} maxLength={3} disabled={!!mappingId} onChange={(e) => setDefaultCurrency(e.target.value.toUpperCase())} />
              </label>
              {!mappingId && (
                <label>
                  {t('saveMappingAs')} <input value={saveAs} onChange={(e) => setSaveAs(e.target.value)} aria-describedby="name-error" />
                  <FieldErrors error={error} field="name" id="name-error" />
                </label>
              )}
            </div>
          </fieldset>
          <fieldset>
            <legend>3. {t('importOptions')}</legend>
            <div role="radiogroup" aria-label={t('importMode')}>
              <label className="inline">
                <input type="radio" name="mode" checked={mode === 'delta'} onChange={() => setMode('delta')} /> {t('modeDelta')}
              </label>
              <label className="inline">
                <input type="radio" name="mode" checked={mode === 'full'} onChange={() => setMode('full')} /> {t('modeFull')}
              </label>
            </div>
            <div role="radiogroup" aria-label={t('errorPolicy')}>
              <label className="inline">
                <input type="radio" name="policy" checked={policy === 'rejectFile'} onChange={() => setPolicy('rejectFile')} /> {t('policyRejectFile')}
              </label>
              <label className="inline">
                <input type="radio" name="policy" checked={policy === 'skipBadRows'} onChange={() => setPolicy('skipBadRows')} /> {t('policySkipBadRows')}
              </label>
            </div>
          </fieldset>
          {missing.length > 0 && file && !mappingId && (
            <p className="notice">
              {t('mapRequired')}: {missing.map((f) => t(`col_${f.key}` as Parameters<typeof t>[0])).join(', ')}
            </p>
          )}
          <button type="submit" disabled={!file || running || (!mappingId && missing.length > 0)}>
            {running ? t('importing') : t('startImport')}
          </button>
          {running && (
            <p role="status" aria-live="polite">
              {t('importing')} {progress ? `${progress.status}: ${num(progress.rowsRead)} ${t('rowsRead')}` : ''}
            </p>
          )}
          <ProblemAlert error={error} shownFields={['name']} />
        </form>
      ) : (
        <p className="muted">{t('importsReadOnly')}</p>
      )}
      {openImportId && <ImportReport importId={openImportId} client={client} />}
      <h2>{t('pastImports')}</h2>
      <Loaded state={imports}>
        {(list) => (
          <Table
            caption={t('pastImports')}
            rows={list}
            rowKey={(i) => i.id}
            empty={t('noImports')}
            columns={[
              { header: t('startedAt'), cell: (i) => i.startedAt.replace('T', ' ').slice(0, 16) },
              { header: t('file'), cell: (i) => <button type="button" className="link" onClick={() => setOpenImportId(i.id)}>{i.fileName}</button> },
              { header: t('importMode'), cell: (i) => i.mode },
              { header: t('errorPolicy'), cell: (i) => i.policy },
              { header: t('status'), cell: (i) => i.status },
              { header: t('rowsRead'), cell: (i) => num(i.rowsRead), numeric: true },
              { header: t('rowsRejected'), cell: (i) => num(i.rowsRejected), numeric: true },
            ]}
          />
        )}
      </Loaded>
    </section>
  );
}

/** An import's outcome and counts, and its row-by-row report of bad rows (paged). */
function ImportReport({ importId, client }: { importId: string; client: ReturnType<typeof companyApi> }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const state = useLoad(() => call(client.GET('/api/companies/{companyId}/receivables/imports/{importId}', { params: { path: { importId }, query: { Page: page, PageSize: 50 } } })), [client, importId, page]);
  return (
    <section aria-labelledby="import-report-title" className="panel" data-testid="import-report">
      <h2 id="import-report-title">{t('importReport')}</h2>
      <Loaded state={state}>
        {(i) => {
          const pages = Math.max(1, Math.ceil(num(i.errors.totalCount) / num(i.errors.pageSize)));
          return (
            <>
              <p>
                <strong data-testid="import-status">{i.status}</strong> — {i.fileName} ({i.mode}, {i.policy}) {i.message && <span>· {i.message}</span>}
              </p>
              <dl className="counts">
                {(
                  [
                    ['rowsRead', i.rowsRead],
                    ['rowsRejected', i.rowsRejected],
                    ['itemsCreated', i.itemsCreated],
                    ['itemsUpdated', i.itemsUpdated],
                    ['itemsUnchanged', i.itemsUnchanged],
                    ['itemsSettledByAbsence', i.itemsSettledByAbsence],
                    ['itemsReopened', i.itemsReopened],
                    ['customersCreated', i.customersCreated],
                  ] as const
                ).map(([k, v]) => (
                  <div key={k}>
                    <dt>{t(k)}</dt>
                    <dd>{num(v)}</dd>
                  </div>
                ))}
              </dl>
              <h3>{t('rowReport')}</h3>
              <Table
                caption={t('rowReport')}
                rows={i.errors.items}
                rowKey={(r) => `${num(r.line)}-${r.column ?? ''}-${r.reason}`}
                empty={t('noBadRows')}
                columns={[
                  { header: t('line'), cell: (r) => num(r.line), numeric: true },
                  { header: t('column'), cell: (r) => r.column ?? '—' },
                  { header: t('reason'), cell: (r) => r.reason },
                ]}
              />
              {pages > 1 && (
                <div className="toolbar-row">
                  <button type="button" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
                    ←
                  </button>
                  {page} / {pages}
                  <button type="button" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
                    →
                  </button>
                </div>
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
