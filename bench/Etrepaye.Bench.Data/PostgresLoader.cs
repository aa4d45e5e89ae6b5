using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Runtime;
using Npgsql;
using NpgsqlTypes;

namespace Etrepaye.Bench.Data;

/// <summary>How many rows went into each table, and how long the load took.</summary>
public sealed record LoadSummary(IReadOnlyDictionary<string, long> Rows, TimeSpan Elapsed)
{
    public override string ToString() =>
        string.Join(", ", Rows.Select(r => $"{r.Key} {r.Value.ToString("N0", CultureInfo.InvariantCulture)}")) + $" in {Elapsed.TotalSeconds:0.0} s";
}

/// <summary>
/// Bulk-loads a generated company straight into the host's tables with binary COPY (the API would take hours for a million
/// items), on a database the host has migrated: streamed row by row, so memory stays flat whatever the size. The company
/// must exist (a host in demo mode creates the demo company). The overdue check is marked done for the as-of date, so a
/// host started on the data does not open cases for the whole history at once.
/// </summary>
public static class PostgresLoader
{
    public static async Task<LoadSummary> LoadAsync(NpgsqlConnection connection, CompanyGenerator company, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var companyId = company.Options.CompanyId;
        var now = DateTimeOffset.UtcNow;
        var rows = new Dictionary<string, long>();

        rows["receivables.customers"] = await CopyAsync(connection,
            "COPY receivables.customers (id, company_id, reference, name, currency, payment_terms_days, parent_customer_id, segment, version) FROM STDIN (FORMAT BINARY)",
            company.Customers(), async (w, c, ct) =>
            {
                await w.WriteAsync(c.Id, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(companyId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(c.Reference, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(c.Name, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(c.Currency, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(c.PaymentTermsDays, NpgsqlDbType.Integer, ct);
                await WriteNullableAsync(w, c.ParentId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(c.Segment, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(1L, NpgsqlDbType.Bigint, ct);
            }, cancellationToken);

        rows["receivables.items"] = await CopyAsync(connection,
            "COPY receivables.items (id, company_id, customer_id, type, reference, currency, issue_date, due_date, amount, open_amount, status, disputed, settled_date, version) " +
            "FROM STDIN (FORMAT BINARY)",
            company.Invoices().SelectMany(h => h.Items()), async (w, i, ct) =>
            {
                await w.WriteAsync(i.Id, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(companyId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(i.CustomerId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(i.Type, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(i.Reference, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(i.Currency, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(i.IssueDate, NpgsqlDbType.Date, ct);
                await WriteNullableAsync(w, i.DueDate, NpgsqlDbType.Date, ct);
                await w.WriteAsync(i.Amount, NpgsqlDbType.Numeric, ct);
                await w.WriteAsync(i.OpenAmount, NpgsqlDbType.Numeric, ct);
                await w.WriteAsync(i.Status, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(i.Disputed, NpgsqlDbType.Boolean, ct);
                await WriteNullableAsync(w, i.SettledDate, NpgsqlDbType.Date, ct);
                await w.WriteAsync(1L, NpgsqlDbType.Bigint, ct);
            }, cancellationToken);

        rows["receivables.allocations"] = await CopyAsync(connection,
            "COPY receivables.allocations (id, company_id, source_item_id, target_item_id, amount, date) FROM STDIN (FORMAT BINARY)",
            company.Invoices().SelectMany(h => h.Allocations()), async (w, a, ct) =>
            {
                await w.WriteAsync(a.Id, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(companyId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(a.SourceItemId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(a.TargetItemId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(a.Amount, NpgsqlDbType.Numeric, ct);
                await w.WriteAsync(a.Date, NpgsqlDbType.Date, ct);
            }, cancellationToken);

        rows["credit_limits.limits"] = await CopyAsync(connection,
            "COPY credit_limits.limits (id, company_id, customer_id, amount, currency, valid_until, review_date, updated_at, version) FROM STDIN (FORMAT BINARY)",
            company.Limits(), async (w, l, ct) =>
            {
                await w.WriteAsync(l.Id, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(companyId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(l.CustomerId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(l.Amount, NpgsqlDbType.Numeric, ct);
                await w.WriteAsync(l.Currency, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(l.ValidUntil, NpgsqlDbType.Date, ct);
                await w.WriteAsync(l.ReviewDate, NpgsqlDbType.Date, ct);
                await w.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(1L, NpgsqlDbType.Bigint, ct);
            }, cancellationToken);

        rows["guarantees.guarantees"] = await CopyAsync(connection,
            "COPY guarantees.guarantees (id, company_id, customer_id, covers_group, type, issuer_name, amount, currency, start_date, expiry_date, claim_deadline, " +
            "scope, scope_references, status, activated_on, version) FROM STDIN (FORMAT BINARY)",
            company.Guarantees(), async (w, g, ct) =>
            {
                await w.WriteAsync(g.Id, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(companyId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(g.CustomerId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(true, NpgsqlDbType.Boolean, ct);
                await w.WriteAsync(g.Type, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(g.IssuerName, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(g.Amount, NpgsqlDbType.Numeric, ct);
                await w.WriteAsync(g.Currency, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(g.StartDate, NpgsqlDbType.Date, ct);
                await w.WriteAsync(g.ExpiryDate, NpgsqlDbType.Date, ct);
                await w.WriteAsync(g.ExpiryDate.AddDays(30), NpgsqlDbType.Date, ct);
                await w.WriteAsync("AllReceivables", NpgsqlDbType.Varchar, ct);
                await w.WriteAsync("", NpgsqlDbType.Text, ct);
                await w.WriteAsync("Active", NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(g.StartDate, NpgsqlDbType.Date, ct);
                await w.WriteAsync(1L, NpgsqlDbType.Bigint, ct);
            }, cancellationToken);

        rows["disputes.disputes"] = await CopyAsync(connection,
            "COPY disputes.disputes (id, company_id, number, customer_id, reason_code, description, currency, amount, owner_department, status, opened_on, due_date, " +
            "opened_by, source, accepted_amount, version) FROM STDIN (FORMAT BINARY)",
            company.Disputes(), async (w, d, ct) =>
            {
                await w.WriteAsync(d.Id, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(companyId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(d.Number, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(d.Invoice.CustomerId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(d.ReasonCode, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync($"The customer disputes invoice {d.Invoice.Reference} ({d.ReasonCode}).", NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(d.Invoice.Currency, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(d.Invoice.OpenAmount, NpgsqlDbType.Numeric, ct);
                await w.WriteAsync(d.ReasonCode == "price" ? "Sales" : "Logistics", NpgsqlDbType.Varchar, ct);
                await w.WriteAsync("Open", NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(d.OpenedOn, NpgsqlDbType.Date, ct);
                await w.WriteAsync(d.DueDate, NpgsqlDbType.Date, ct);
                await w.WriteAsync("credit.manager@demo.etrepaye.test", NpgsqlDbType.Varchar, ct);
                await w.WriteAsync("Manual", NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(0m, NpgsqlDbType.Numeric, ct);
                await w.WriteAsync(1L, NpgsqlDbType.Bigint, ct);
            }, cancellationToken);

        rows["disputes.dispute_lines"] = await CopyAsync(connection,
            "COPY disputes.dispute_lines (id, company_id, dispute_id, invoice_id, invoice_reference, invoice_due_date, amount, accepted_amount) FROM STDIN (FORMAT BINARY)",
            company.Disputes(), async (w, d, ct) =>
            {
                await w.WriteAsync(d.LineId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(companyId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(d.Id, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(d.Invoice.Id, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(d.Invoice.Reference, NpgsqlDbType.Varchar, ct);
                await WriteNullableAsync(w, d.Invoice.DueDate, NpgsqlDbType.Date, ct);
                await w.WriteAsync(d.Invoice.OpenAmount, NpgsqlDbType.Numeric, ct);
                await w.WriteAsync(0m, NpgsqlDbType.Numeric, ct);
            }, cancellationToken);

        rows["workflows.instances"] = await CopyAsync(connection,
            "COPY workflows.instances (id, company_id, definition_id, definition_version, status, version, snapshot, correlation_keys, created_at, updated_at, customer) " +
            "FROM STDIN (FORMAT BINARY)",
            company.Tasks(), async (w, t, ct) =>
            {
                var keys = new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    [WorkflowCorrelationKeys.Company] = companyId.ToString(),
                    [WorkflowCorrelationKeys.Customer] = t.Customer.Id.ToString(),
                };
                var snapshot = new InstanceSnapshot
                {
                    InstanceId = t.InstanceId,
                    DefinitionId = TaskDefinitionId,
                    DefinitionVersion = 1,
                    Version = 1,
                    CreatedAt = t.CreatedAt,
                    UpdatedAt = t.CreatedAt,
                    CorrelationKeys = keys.ToImmutableDictionary(),
                    Inputs = ImmutableDictionary<string, object?>.Empty.Add("amountAtRisk", t.AmountAtRisk),
                    OpenTasks = [HumanTask(t)],
                };
                await w.WriteAsync(t.InstanceId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(companyId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(TaskDefinitionId, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(1, NpgsqlDbType.Integer, ct);
                await w.WriteAsync("Running", NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(1L, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(InstanceSnapshotSerializer.Serialize(snapshot), NpgsqlDbType.Text, ct);
                await w.WriteAsync(System.Text.Json.JsonSerializer.Serialize(keys), NpgsqlDbType.Text, ct);
                await w.WriteAsync(t.CreatedAt, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(t.CreatedAt, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(t.Customer.Id.ToString(), NpgsqlDbType.Varchar, ct);
            }, cancellationToken);

        rows["workflows.human_tasks"] = await CopyAsync(connection,
            "COPY workflows.human_tasks (id, instance_id, company_id, activity_id, title, role, due_date, priority, status, created_at, data, amount_at_risk, score, score_day) " +
            "FROM STDIN (FORMAT BINARY)",
            company.Tasks(), async (w, t, ct) =>
            {
                await w.WriteAsync(t.Id, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(t.InstanceId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(companyId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(t.ActivityId, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(t.Title, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(t.Role, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(t.DueDate, NpgsqlDbType.Date, ct);
                await w.WriteAsync(t.Priority, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync("Open", NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(t.CreatedAt, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(System.Text.Json.JsonSerializer.Serialize(HumanTask(t), WorkflowJson.Options), NpgsqlDbType.Text, ct);
                await w.WriteAsync(t.AmountAtRisk, NpgsqlDbType.Numeric, ct);
                await w.WriteAsync(t.Score, NpgsqlDbType.Double, ct);
                await w.WriteAsync(t.ScoreDay, NpgsqlDbType.Date, ct);
            }, cancellationToken);

        await using (var command = new NpgsqlCommand(
            "INSERT INTO receivables.overdue_checks (company_id, last_checked_date) VALUES (@company, @date) " +
            "ON CONFLICT (company_id) DO UPDATE SET last_checked_date = excluded.last_checked_date; " +
            "ANALYZE receivables.customers; ANALYZE receivables.items; ANALYZE receivables.allocations; ANALYZE credit_limits.limits; " +
            "ANALYZE guarantees.guarantees; ANALYZE disputes.disputes; ANALYZE disputes.dispute_lines; ANALYZE workflows.instances; ANALYZE workflows.human_tasks;",
            connection) { CommandTimeout = 3600 })
        {
            command.Parameters.AddWithValue("company", companyId);
            command.Parameters.AddWithValue("date", company.Options.AsOf);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new LoadSummary(rows, clock.Elapsed);
    }

    /// <summary>The definition the generated instances claim: their tasks are listed, claimed and read like any other.</summary>
    public const string TaskDefinitionId = "bench-collection";

    private static HumanTask HumanTask(TaskRow t) => new()
    {
        Id = t.Id,
        InstanceId = t.InstanceId,
        ExecutionId = t.InstanceId,
        ActivityId = t.ActivityId,
        Title = t.Title,
        Description = $"Customer {t.Customer.Reference}: {t.AmountAtRisk.ToString("N2", CultureInfo.InvariantCulture)} EUR at risk.",
        Role = t.Role,
        DueDate = t.DueDate,
        Priority = Enum.Parse<TaskPriority>(t.Priority),
        Outcomes = ["done", "promise-to-pay", "dispute"],
        CreatedAt = t.CreatedAt,
    };

    private static async Task<long> CopyAsync<T>(
        NpgsqlConnection connection, string copy, IEnumerable<T> rows, Func<NpgsqlBinaryImporter, T, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        writer.Timeout = TimeSpan.FromHours(1);
        long count = 0;
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            await write(writer, row, cancellationToken);
            count++;
        }

        await writer.CompleteAsync(cancellationToken);
        return count;
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct =>
        value is { } v ? writer.WriteAsync(v, type, cancellationToken) : writer.WriteNullAsync(cancellationToken);
}

internal static class WorkflowCorrelationKeys
{
    public const string Company = Etrepaye.Workflows.Persistence.WorkflowCorrelation.CompanyKey;
    public const string Customer = Etrepaye.Workflows.Persistence.WorkflowCorrelation.CustomerKey;
}
