using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
using Etrepaye.Shared;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Etrepaye.Receivables.Importing;

/// <summary>
/// The write pass on PostgreSQL: a batch of parsed, validated rows goes by binary COPY into a temporary staging table
/// (<c>import_stage</c>, private to the import's connection and dropped at commit), then a handful of set-based statements apply it:
/// the unknown customers are created (with their audit entries), <c>import_plan</c> works out each item's new state exactly as
/// <see cref="ImportRunner"/> does row by row on SQLite, and from that plan the items are inserted or updated (an update only if the
/// item's version is still the one read), the partial settlements' allocations inserted and the events written to the outbox by
/// <c>INSERT … SELECT</c>. Runs in the import's transaction. A further statement over <c>import_stage</c> / <c>import_plan</c> (a
/// per-customer summary, say) fits in <see cref="ApplyAsync"/> after the plan is built.
/// </summary>
internal sealed class StagedWritePass(ReceivablesDbContext db, RequestContext requestContext, TimeProvider timeProvider)
{
    private static readonly string _stageTable = """
        CREATE TEMPORARY TABLE IF NOT EXISTS import_stage (
            seq bigint NOT NULL, customer_reference text NOT NULL, customer_name text NOT NULL, type text NOT NULL, reference text NOT NULL,
            currency text NOT NULL, issue_date date NOT NULL, due_date date, amount numeric NOT NULL, disputed boolean NOT NULL,
            settled_date date, settled_amount numeric, item_id uuid NOT NULL, event_id uuid NOT NULL, allocation_id uuid NOT NULL,
            settled_event_id uuid NOT NULL, issued_payload text NOT NULL, settled_payload text) ON COMMIT DROP;
        CREATE TEMPORARY TABLE IF NOT EXISTS import_plan (
            seq bigint NOT NULL, item_id uuid NOT NULL, is_new boolean NOT NULL, read_version bigint, changed boolean NOT NULL,
            customer_id uuid NOT NULL, type text NOT NULL, reference text NOT NULL, currency text NOT NULL, issue_date date NOT NULL,
            due_date date, amount numeric NOT NULL, disputed boolean NOT NULL, status_before text, reopened boolean NOT NULL,
            reopened_open_amount numeric, open_amount numeric NOT NULL, status text NOT NULL, settled_date date, allocation numeric,
            allocation_date date, event_id uuid NOT NULL, allocation_id uuid NOT NULL, settled_event_id uuid NOT NULL, issued_payload text NOT NULL,
            settled_payload text) ON COMMIT DROP;
        TRUNCATE import_stage, import_plan;
        """;

    private const string CopyStage = "COPY import_stage FROM STDIN (FORMAT binary)";

    /// <param name="analyzeStage">
    /// True for the first batch: ANALYZE gives the staging table its statistics, which the later batches (no bigger) keep through
    /// the TRUNCATE, so that they skip it.
    /// </param>
    public async Task<BatchCounts> ApplyAsync(
        ImportRun run, StagedBatch staged, DateOnly importDate, bool analyzeStage, CancellationToken cancellationToken)
    {
        var batch = staged.Rows;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        var names = new Tables(db);
        await ExecuteAsync(connection, transaction, _stageTable, cancellationToken);
        await StageAsync(connection, staged, cancellationToken);
        if (analyzeStage)
        {
            await ExecuteAsync(connection, transaction, "ANALYZE import_stage", cancellationToken);
        }

        var customersCreated = await AddUnknownCustomersAsync(connection, transaction, run, names, cancellationToken);

        await using var plan = new NpgsqlCommand(PlanSql(names), connection, transaction);
        plan.Parameters.Add(new NpgsqlParameter<Guid>("company", run.CompanyId));
        await plan.ExecuteNonQueryAsync(cancellationToken);

        await using var write = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command(InsertItemsSql(names), run, importDate),
                Command(UpdateItemsSql(names), run, importDate),
                Command(MarkUnchangedSql(names), run, importDate),
                Command(InsertAllocationsSql(names), run, importDate),
                Command(InsertEventsSql(names), run, importDate, staged),
                Command(
                    "SELECT count(*) FILTER (WHERE is_new), count(*) FILTER (WHERE changed), count(*) FILTER (WHERE NOT is_new AND NOT changed), "
                    + "count(*) FILTER (WHERE reopened), count(*) FROM import_plan",
                    run, importDate),
                // Per customer, as ImportCustomerTally counts the row-by-row pass: created, changed, settled by a row of the file.
                Command(
                    "SELECT customer_id, count(*) FILTER (WHERE is_new), count(*) FILTER (WHERE changed), "
                    + "count(*) FILTER (WHERE status = 'Settled' AND (is_new OR coalesce(status_before, 'Open') = 'Open')) "
                    + "FROM import_plan WHERE is_new OR changed GROUP BY customer_id",
                    run, importDate),
            },
        };
        BatchCounts counts;
        await using (var reader = await write.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            counts = new BatchCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), customersCreated);
            if (reader.GetInt64(4) != batch.Count)
            {
                throw new InvalidOperationException($"{batch.Count - reader.GetInt64(4)} row(s) of the batch found no customer: the ledger changed while it was imported.");
            }

            await reader.NextResultAsync(cancellationToken);
            var perCustomer = new List<CustomerCounts>();
            while (await reader.ReadAsync(cancellationToken))
            {
                perCustomer.Add(new CustomerCounts(reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
            }

            counts = counts with { PerCustomer = perCustomer };
        }

        if (write.BatchCommands[1].RecordsAffected != counts.Updated)
        {
            throw new DbUpdateConcurrencyException(
                $"{counts.Updated - write.BatchCommands[1].RecordsAffected} item(s) of the file changed in the ledger while it was imported: import it again.");
        }

        return counts;
    }

    private NpgsqlBatchCommand Command(string sql, ImportRun run, DateOnly importDate, StagedBatch staged)
    {
        var command = Command(sql, run, importDate);
        command.Parameters.Add(new NpgsqlParameter<string>("head", staged.PayloadHead));
        command.Parameters.Add(new NpgsqlParameter<string>("settled_middle", staged.SettledPayloadMiddle));
        return command;
    }

    private NpgsqlBatchCommand Command(string sql, ImportRun run, DateOnly importDate) => new(sql)
    {
        Parameters =
        {
            new NpgsqlParameter<Guid>("company", run.CompanyId),
            new NpgsqlParameter<Guid>("run", run.Id),
            new NpgsqlParameter<DateOnly>("import_date", importDate),
            new NpgsqlParameter<DateTimeOffset>("now", timeProvider.GetUtcNow()),
            new NpgsqlParameter("correlation", NpgsqlDbType.Text) { Value = (object?)requestContext.CorrelationId ?? DBNull.Value },
            new NpgsqlParameter<string>("issued", typeof(InvoiceIssued).FullName!),
            new NpgsqlParameter<string>("credited", typeof(CreditNoteIssued).FullName!),
            new NpgsqlParameter<string>("paid", typeof(PaymentReceived).FullName!),
            new NpgsqlParameter<string>("settled", typeof(InvoiceSettled).FullName!),
            new NpgsqlParameter<string>("reopened", typeof(InvoiceReopened).FullName!),
        },
    };

    private static async Task StageAsync(NpgsqlConnection connection, StagedBatch staged, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(CopyStage, cancellationToken);
        for (var i = 0; i < staged.Rows.Count; i++)
        {
            var row = staged.Rows[i];
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(row.Line, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(row.CustomerReference, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(row.CustomerName is { Length: <= 200 } name ? name : row.CustomerReference, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(row.Type.ToString(), NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(row.Reference, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(row.Currency, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(row.IssueDate, NpgsqlDbType.Date, cancellationToken);
            await WriteNullableAsync(importer, row.DueDate, NpgsqlDbType.Date, cancellationToken);
            await importer.WriteAsync(row.Amount, NpgsqlDbType.Numeric, cancellationToken);
            await importer.WriteAsync(row.Disputed, NpgsqlDbType.Boolean, cancellationToken);
            await WriteNullableAsync(importer, row.SettledDate, NpgsqlDbType.Date, cancellationToken);
            await WriteNullableAsync(importer, row.SettledAmount, NpgsqlDbType.Numeric, cancellationToken);
            var ids = staged.Ids[i];
            await importer.WriteAsync(ids.Item, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(ids.Event, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(ids.Allocation, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(ids.SettledEvent, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(staged.IssuedPayloads[i], NpgsqlDbType.Text, cancellationToken);
            if (staged.SettledPayloads[i] is { } settled)
            {
                await importer.WriteAsync(settled, NpgsqlDbType.Text, cancellationToken);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken);
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct
    {
        if (value is { } present)
        {
            await importer.WriteAsync(present, type, cancellationToken);
        }
        else
        {
            await importer.WriteNullAsync(cancellationToken);
        }
    }

    /// <summary>Customers are few and audited: the batch's unknown ones (named by their first row) are written with the audit entries SaveChanges would write.</summary>
    private async Task<long> AddUnknownCustomersAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ImportRun run, Tables names, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT DISTINCT ON (s.customer_reference) s.customer_reference, s.customer_name, s.currency
            FROM import_stage s
            WHERE NOT EXISTS (SELECT 1 FROM {names.Customers} c WHERE c.company_id = @company AND c.reference = s.customer_reference)
            ORDER BY s.customer_reference, s.seq
            """,
            connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid>("company", run.CompanyId));
        var customers = new List<Customer>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                customers.Add(new Customer
                {
                    Id = Ids.New(timeProvider),
                    CompanyId = run.CompanyId,
                    Reference = reader.GetString(0),
                    Name = reader.GetString(1),
                    Currency = reader.GetString(2),
                });
            }
        }

        await db.InsertAuditedAsync(customers, cancellationToken);
        return customers.Count;
    }

    private static Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        return ExecuteAndDisposeAsync(command, cancellationToken);
    }

    private static async Task ExecuteAndDisposeAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Each row's item before and after, in the steps of the row-by-row path: the file's values (an open item's open amount moves by the
    /// change of amount), then the reopening of a settled item the file shows open (it owes what its allocations did not take), then the
    /// file's settlement (whole, or partial with an allocation of what the settled amount adds).
    /// </summary>
    private static string PlanSql(Tables names) =>
        $"""
        INSERT INTO import_plan
        SELECT s.seq, coalesce(i.id, s.item_id), i.id IS NULL, i.version,
            i.id IS NOT NULL AND (c.id, s.currency, s.issue_date, s.due_date, s.amount, a2.open_amount, a2.status, s.disputed, a2.settled_date)
                IS DISTINCT FROM (i.customer_id, i.currency, i.issue_date, i.due_date, i.amount, i.open_amount, i.status, i.disputed, i.settled_date),
            c.id, s.type, s.reference, s.currency, s.issue_date, s.due_date, s.amount, s.disputed, i.status, ro.reopened,
            CASE WHEN ro.reopened THEN a1.open_amount END, a2.open_amount, a2.status, a2.settled_date, a2.allocation,
            CASE WHEN a2.allocation IS NOT NULL THEN s.settled_date END, s.event_id, s.allocation_id, s.settled_event_id, s.issued_payload,
            s.settled_payload
        FROM import_stage s
        JOIN {names.Customers} c ON c.company_id = @company AND c.reference = s.customer_reference
        -- The company as an opaque parameter, (SELECT @company): with its value, PostgreSQL's statistics (which never count the
        -- import's own uncommitted rows, nor a company newer than the last ANALYZE) estimate one item for the company, and the
        -- planner may read every item of the company per staged row through another index: quadratic in the import's size.
        LEFT JOIN LATERAL (
            SELECT * FROM {names.Items} x WHERE x.company_id = (SELECT @company) AND x.type = s.type AND x.reference = s.reference) i ON true
        CROSS JOIN LATERAL (
            SELECT coalesce(sum(x.amount), 0) AS total FROM (
                SELECT coalesce(a.target_amount, a.amount) AS amount FROM {names.Allocations} a
                WHERE i.status = 'Settled' AND s.settled_date IS NULL AND a.company_id = @company AND a.target_item_id = i.id
                UNION ALL
                SELECT a.amount FROM {names.Allocations} a
                WHERE i.status = 'Settled' AND s.settled_date IS NULL AND a.company_id = @company AND a.source_item_id = i.id) x) al
        CROSS JOIN LATERAL (SELECT coalesce(i.status = 'Settled' AND s.settled_date IS NULL AND s.amount - al.total > 0, false) AS reopened) ro
        CROSS JOIN LATERAL (
            SELECT CASE WHEN i.id IS NULL THEN s.amount WHEN ro.reopened THEN s.amount - al.total
                    WHEN i.status = 'Open' THEN i.open_amount + s.amount - i.amount ELSE i.open_amount END AS open_amount,
                CASE WHEN i.id IS NULL OR ro.reopened THEN 'Open' ELSE i.status END AS status,
                CASE WHEN i.id IS NULL OR ro.reopened THEN NULL ELSE i.settled_date END AS settled_date) a1
        CROSS JOIN LATERAL (
            SELECT s.settled_date IS NOT NULL AND s.amount > 0 AND s.settled_amount < s.amount AS partial,
                s.settled_date IS NOT NULL AND s.amount > 0 AND NOT coalesce(s.settled_amount < s.amount, false)
                    AND (a1.status <> 'Settled' OR a1.settled_date IS DISTINCT FROM s.settled_date) AS settles) st
        CROSS JOIN LATERAL (
            SELECT CASE WHEN st.partial AND s.settled_amount > s.amount - a1.open_amount THEN s.settled_amount - (s.amount - a1.open_amount) END AS allocation) al2
        CROSS JOIN LATERAL (
            SELECT al2.allocation,
                CASE WHEN st.settles THEN 0 WHEN al2.allocation IS NOT NULL THEN s.amount - s.settled_amount ELSE a1.open_amount END AS open_amount,
                CASE WHEN st.settles THEN 'Settled' ELSE a1.status END AS status,
                CASE WHEN st.settles THEN s.settled_date ELSE a1.settled_date END AS settled_date) a2
        """;

    private static string InsertItemsSql(Tables names) =>
        $"""
        INSERT INTO {names.Items} (id, company_id, customer_id, type, reference, currency, issue_date, due_date, amount, open_amount, status,
            disputed, settled_date, last_import_id, version)
        SELECT item_id, @company, customer_id, type, reference, currency, issue_date, due_date, amount, open_amount, status,
            disputed, settled_date, @run, 0
        FROM import_plan WHERE is_new ORDER BY seq
        """;

    private static string UpdateItemsSql(Tables names) =>
        $"""
        UPDATE {names.Items} AS t SET customer_id = p.customer_id, currency = p.currency, issue_date = p.issue_date, due_date = p.due_date,
            amount = p.amount, open_amount = p.open_amount, status = p.status, disputed = p.disputed, settled_date = p.settled_date,
            last_import_id = @run, version = p.read_version + 1
        FROM import_plan p
        WHERE p.changed AND t.id = p.item_id AND t.company_id = @company AND t.version = p.read_version
        """;

    private static string MarkUnchangedSql(Tables names) =>
        $"""
        UPDATE {names.Items} AS t SET last_import_id = @run
        FROM import_plan p
        WHERE NOT p.is_new AND NOT p.changed AND t.id = p.item_id AND t.company_id = @company
        """;

    private static string InsertAllocationsSql(Tables names) =>
        $"""
        INSERT INTO {names.Allocations} (id, company_id, source_item_id, target_item_id, amount, date)
        SELECT allocation_id, @company, NULL, item_id, allocation, allocation_date FROM import_plan WHERE allocation IS NOT NULL ORDER BY seq
        """;

    /// <summary>
    /// The events the row-by-row path publishes, with the same ids' order and the same JSON. The issued and settled events' payloads were
    /// serialized in the client while staging; SQL only puts in the customer id (and a settled invoice's id, which may be an existing
    /// item's). The rare reopening is built here (its open amount comes from the allocations): System.Text.Json's web defaults, camelCase,
    /// dates as yyyy-MM-dd, amounts with their decimals; only the escaping of non-ASCII characters in a reference differs (PostgreSQL writes
    /// them as they are, System.Text.Json as \u escapes), which reads back to the same string.
    /// </summary>
    private static string InsertEventsSql(Tables names)
    {
        var common = $"{Field("companyId", Uuid("@company"))} || ',' || {Field("customerId", Uuid("customer_id"))}";
        var reference = Field("reference", "to_json(reference)::text");
        var reopened = $$"""
            '{' || {{common}} || ',' || {{Field("invoiceId", Uuid("item_id"))}} || ',' || {{reference}} || ','
                || '"openAmount":{"amount":' || reopened_open_amount::text || ',"currency":' || to_json(currency)::text
                || ',"isNegative":' || (reopened_open_amount < 0)::text || '}' || ','
                || {{Field("dueDate", Date("coalesce(due_date, issue_date)"))}} || ',' || {{Field("reopenedOn", Date("@import_date"))}} || '}'
            """;
        return $$"""
            INSERT INTO {{names.Outbox}} (id, company_id, event_type, payload, occurred_at, correlation_id, attempts)
            SELECT id, @company, event_type, payload, @now, @correlation, 0 FROM (
                SELECT event_id AS id, CASE type WHEN 'Invoice' THEN @issued WHEN 'CreditNote' THEN @credited ELSE @paid END AS event_type,
                    @head || customer_id::text || issued_payload AS payload
                FROM import_plan WHERE is_new AND type IN ('Invoice', 'CreditNote', 'Payment')
                UNION ALL
                SELECT event_id, @reopened, {{reopened}} FROM import_plan WHERE reopened AND type = 'Invoice'
                UNION ALL
                SELECT settled_event_id, @settled, @head || customer_id::text || @settled_middle || item_id::text || settled_payload FROM import_plan
                WHERE type = 'Invoice' AND coalesce(status_before, 'Open') = 'Open' AND status = 'Settled') e
            ORDER BY id
            """;
    }

    private static string Field(string name, string value) => $"'\"{name}\":' || {value}";

    private static string Uuid(string sql) => $"'\"' || {sql}::text || '\"'";

    private static string Date(string sql) => $"'\"' || to_char({sql}::date, 'YYYY-MM-DD') || '\"'";

    /// <summary>The schema-qualified names of the tables the pass writes, from the EF model.</summary>
    private sealed class Tables(DbContext db)
    {
        public string Customers { get; } = Name<Customer>(db);

        public string Items { get; } = Name<Item>(db);

        public string Allocations { get; } = Name<Allocation>(db);

        public string Outbox { get; } = Name<Shared.Outbox.OutboxMessage>(db);

        private static string Name<T>(DbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(T))!;
            return $"\"{entity.GetSchema()}\".\"{entity.GetTableName()}\"";
        }
    }
}

/// <summary>What a batch changed, as counted on the import record.</summary>
internal sealed record BatchCounts(long Created, long Updated, long Unchanged, long Reopened, long CustomersCreated)
{
    /// <summary>The customers whose items the batch created, changed or settled.</summary>
    public IReadOnlyList<CustomerCounts> PerCustomer { get; init; } = [];
}

internal sealed record CustomerCounts(Guid CustomerId, long Created, long Changed, long Settled);
