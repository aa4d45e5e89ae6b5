using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Etrepaye.Bench.Data;
using Etrepaye.Bench.Data.Harness;
using Npgsql;
using NpgsqlTypes;

namespace Etrepaye.Bench.DailyRun;

/// <summary>What the seeding left for the run: the company's dates and what the run must do.</summary>
internal sealed record Seeded(DateOnly Today, DateOnly Yesterday, string TimeZone, int ExpectedCases, int Timers, Guid[] Customers);

/// <summary>
/// Seeds the database for one run. The company's standard procedure is imported, published and made the default of collection
/// cases through the API of a first host process. One "template" customer with an invoice due three days ago then gets its case
/// opened and its procedure started by a second host process (the product's own path, so the rows are exactly the product's):
/// its instance waits on the timer of reminder 1. The generated company is loaded by the generator's binary COPY, the template's
/// case, case items, instance and timer are cloned set-based for the other customers in collection (ids and references
/// substituted), and the customers falling overdue get an invoice due yesterday. Last, the overdue check is marked done up to
/// yesterday only, so that the hosts' first check (at their start-up) claims today and finds the invoices due yesterday.
/// </summary>
internal static class Seeder
{
    public const string ProcedureId = "standard-b2b-collection";
    private const int KindCustomer = 101, KindInvoice = 102, KindCase = 103, KindInstance = 104, KindContact = 105;
    private const decimal CollectionInvoiceAmount = 1_250m;

    public static readonly Guid Company = GeneratorOptions.DemoCompanyId;

    public static string[] HostArguments =>
    [
        // Sending the rendered messages is not part of the daily run measured here (and there is no SMTP server).
        "--Collection:DispatcherEnabled=false",
    ];

    public static async Task<Seeded> SeedAsync(Options options, string hostConnection, NpgsqlConnection connection)
    {
        var clock = Stopwatch.StartNew();
        await ConfigureProcedureAsync(options, hostConnection);
        var timeZone = await Sql.ScalarAsync<string>(connection, "SELECT time_zone FROM receivables.settings WHERE company_id = @c", null, ("c", Company));
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(timeZone)).DateTime);
        var yesterday = today.AddDays(-1);
        var collectionDue = today.AddDays(-3);
        Console.WriteLine($"  company time zone {timeZone}: today {today:yyyy-MM-dd}; procedure {ProcedureId} published and assigned ({clock.Elapsed.TotalSeconds:0.0} s)");

        // The template: one customer of the "in collection" group whose case the product opens.
        var template = options.Overdue;
        await CopyCustomersAsync(connection, Enumerable.Range(0, options.Overdue + options.Timers).Select(Customer));
        await AddContactsAsync(connection);
        await CopyInvoicesAsync(connection, [Invoice(template, collectionDue, CollectionInvoiceAmount)]);
        await SetLastCheckedAsync(connection, collectionDue);
        await OpenTemplateCaseAsync(options, hostConnection, connection, CustomerId(template));
        Console.WriteLine($"  template case opened and its procedure waiting on reminder 1's timer ({clock.Elapsed.TotalSeconds:0.0} s)");

        var company = CompanyGenerator.Generate(new GeneratorOptions(Company, today, options.Customers, options.Invoices, options.Tasks, options.Seed));
        var loaded = await PostgresLoader.LoadAsync(connection, company);
        Console.WriteLine($"  generated company loaded (binary COPY; payment behaviour: {company.BehaviourSource}): {loaded}");

        await CopyInvoicesAsync(connection, Enumerable.Range(0, options.Overdue + options.Timers).Where(j => j != template)
            .Select(j => j < options.Overdue ? Invoice(j, yesterday, 100m + (j % 9_000)) : Invoice(j, collectionDue, CollectionInvoiceAmount)));
        var cloned = await CloneTemplateAsync(connection, template, options.Overdue + 1, options.Overdue + options.Timers);
        Console.WriteLine($"  template cloned for {cloned.Customers:N0} more customers in collection: {cloned.Summary}");

        await SetLastCheckedAsync(connection, yesterday);
        await Sql.ExecuteAsync(connection, """
            DROP TABLE IF EXISTS public.bench_expected, public.bench_timed;
            -- The customers the run must open a case for: an invoice fell due yesterday and no case is open.
            CREATE TABLE public.bench_expected AS
              SELECT DISTINCT i.customer_id FROM receivables.items i
              WHERE i.company_id = @c AND i.type = 'Invoice' AND i.status = 'Open' AND i.due_date = @yesterday
                AND NOT EXISTS (SELECT 1 FROM collection.cases c WHERE c.customer_id = i.customer_id AND c.status <> 'Closed');
            -- The instances whose timer the run fires: the template's and its clones.
            CREATE TABLE public.bench_timed AS
              SELECT i.id AS instance_id, c.id AS case_id, i.version
              FROM collection.cases c JOIN workflows.instances i ON i.id = c.procedure_instance_id
              WHERE c.company_id = @c AND c.customer_id IN (SELECT id FROM receivables.customers WHERE company_id = @c AND reference LIKE 'D%');
            ANALYZE;
            """, null, ("c", Company), ("yesterday", yesterday));
        var expected = await Sql.ScalarAsync<int>(connection, "SELECT count(*) FROM public.bench_expected");
        var timers = await Sql.ScalarAsync<int>(connection, "SELECT count(*) FROM public.bench_timed");
        var customers = (await Sql.RowsAsync(connection, "SELECT id FROM receivables.customers WHERE company_id = @c", null, ("c", Company))).Select(r => (Guid)r[0]!).ToArray();
        Console.WriteLine(
            $"  seeded in {clock.Elapsed.TotalSeconds:0.0} s: {expected:N0} customers with an invoice due yesterday and no open case (of which {options.Overdue:N0} added), " +
            $"{timers:N0} instances waiting on reminder 1 (timers made due at the start)");
        if (timers != options.Timers)
        {
            throw new InvalidOperationException($"Expected {options.Timers} waiting instances after cloning, found {timers}.");
        }

        return new Seeded(today, yesterday, timeZone, expected, timers, customers);
    }

    public static Guid CustomerId(int j) => CompanyGenerator.DeterministicGuid(42, KindCustomer, j);

    private static CustomerRow Customer(int j) => new(j, CustomerId(j), $"D{j:D7}", $"Debtor {j} SA", "EUR", 30, null, "Industry");

    private static ItemRow Invoice(int j, DateOnly due, decimal amount) =>
        new(InvoiceId(j), CustomerId(j), "Invoice", InvoiceReference(j), "EUR", due.AddDays(-30), due, amount, amount, "Open", false, null);

    private static Guid InvoiceId(int j) => CompanyGenerator.DeterministicGuid(42, KindInvoice, j);

    private static string InvoiceReference(int j) => $"V{j:D9}";

    /// <summary>The standard procedure imported, published and made the default of collection cases, by the administrator through the API.</summary>
    private static async Task ConfigureProcedureAsync(Options options, string hostConnection)
    {
        var host = HostProcess.Start(options.HostDll, options.Port, hostConnection, HostArguments);
        try
        {
            using var http = await HostProcess.ConnectAsync(host, options.Port, 4);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(http, "admin@demo.etrepaye.test"));
            var file = Path.Combine(RepositoryRoot(), "workflows", "procedures", $"{ProcedureId}.json");
            using var definition = JsonDocument.Parse(await File.ReadAllTextAsync(file));
            var api = $"/api/companies/{Company}/procedures";
            var imported = await ReadAsync(await http.PostAsJsonAsync($"{api}/import", new { definition = definition.RootElement }));
            var id = imported.GetProperty("id").GetGuid();
            await ReadAsync(await http.PostAsJsonAsync($"{api}/{id}/publish", new { comment = "daily-run benchmark" }));
            (await http.PutAsJsonAsync($"{api}/assignment/defaults/CollectionCase", new { procedureId = id })).EnsureSuccessStatusCode();
        }
        finally
        {
            await HostProcess.StopAsync(host);
            host.Dispose();
        }
    }

    /// <summary>A host process runs its overdue check at start-up: it opens the template's case and starts its procedure.</summary>
    private static async Task OpenTemplateCaseAsync(Options options, string hostConnection, NpgsqlConnection connection, Guid customer)
    {
        var host = HostProcess.Start(options.HostDll, options.Port, hostConnection, HostArguments);
        try
        {
            using var http = await HostProcess.ConnectAsync(host, options.Port, 4);
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                var waiting = await Sql.ScalarAsync<long>(connection,
                    "SELECT count(*) FROM collection.cases c JOIN workflows.timers t ON t.instance_id = c.procedure_instance_id WHERE c.customer_id = @customer",
                    null, ("customer", customer));
                if (waiting == 1 && await Backlog.UndeliveredEventsAsync(connection) == 0)
                {
                    return;
                }

                if (deadline.Elapsed > TimeSpan.FromMinutes(5) || host.HasExited)
                {
                    throw new TimeoutException("The template's case was not opened with its procedure waiting on a timer within 5 minutes.");
                }

                await Task.Delay(250);
            }
        }
        finally
        {
            await HostProcess.StopAsync(host);
            host.Dispose();
        }
    }

    public static async Task<string> TokenAsync(HttpClient http, string email)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token") { Content = JsonContent.Create(new { email, password = HostProcess.DemoPassword }) };
        request.Headers.Authorization = null;
        var token = await ReadAsync(await http.SendAsync(request));
        return token.GetProperty("accessToken").GetString()!;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Etrepaye.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("Run the benchmark from the repository (Etrepaye.sln not found above the current or the program's folder).");
    }

    private static Task SetLastCheckedAsync(NpgsqlConnection connection, DateOnly date) =>
        Sql.ExecuteAsync(connection,
            "INSERT INTO receivables.overdue_checks (company_id, last_checked_date) VALUES (@c, @d) ON CONFLICT (company_id) DO UPDATE SET last_checked_date = excluded.last_checked_date",
            null, ("c", Company), ("d", date));

    private static async Task CopyCustomersAsync(NpgsqlConnection connection, IEnumerable<CustomerRow> customers)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY receivables.customers (id, company_id, reference, name, currency, payment_terms_days, parent_customer_id, segment, version) FROM STDIN (FORMAT BINARY)");
        foreach (var c in customers)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(c.Id, NpgsqlDbType.Uuid);
            await writer.WriteAsync(Company, NpgsqlDbType.Uuid);
            await writer.WriteAsync(c.Reference, NpgsqlDbType.Varchar);
            await writer.WriteAsync(c.Name, NpgsqlDbType.Varchar);
            await writer.WriteAsync(c.Currency, NpgsqlDbType.Varchar);
            await writer.WriteAsync(c.PaymentTermsDays, NpgsqlDbType.Integer);
            await writer.WriteNullAsync();
            await writer.WriteAsync(c.Segment, NpgsqlDbType.Varchar);
            await writer.WriteAsync(1L, NpgsqlDbType.Bigint);
        }

        await writer.CompleteAsync();
    }

    /// <summary>A billing contact with an e-mail address for each of the bench's customers: reminders go by e-mail, not by letter.</summary>
    private static Task AddContactsAsync(NpgsqlConnection connection) =>
        Sql.ExecuteAsync(connection,
            "INSERT INTO receivables.customer_contacts (id, company_id, customer_id, name, role, email, phone, preferred_channel) " +
            $"SELECT md5(id::text || ':{KindContact}')::uuid, company_id, id, 'Accounts payable', 'Billing', lower(reference) || '@debtor.example', NULL, 'Email' " +
            "FROM receivables.customers WHERE company_id = @c AND reference LIKE 'D%'", null, ("c", Company));

    private static async Task CopyInvoicesAsync(NpgsqlConnection connection, IEnumerable<ItemRow> items)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY receivables.items (id, company_id, customer_id, type, reference, currency, issue_date, due_date, amount, open_amount, status, disputed, version) FROM STDIN (FORMAT BINARY)");
        foreach (var i in items)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(i.Id, NpgsqlDbType.Uuid);
            await writer.WriteAsync(Company, NpgsqlDbType.Uuid);
            await writer.WriteAsync(i.CustomerId, NpgsqlDbType.Uuid);
            await writer.WriteAsync(i.Type, NpgsqlDbType.Varchar);
            await writer.WriteAsync(i.Reference, NpgsqlDbType.Varchar);
            await writer.WriteAsync(i.Currency, NpgsqlDbType.Varchar);
            await writer.WriteAsync(i.IssueDate, NpgsqlDbType.Date);
            await writer.WriteAsync(i.DueDate!.Value, NpgsqlDbType.Date);
            await writer.WriteAsync(i.Amount, NpgsqlDbType.Numeric);
            await writer.WriteAsync(i.OpenAmount, NpgsqlDbType.Numeric);
            await writer.WriteAsync(i.Status, NpgsqlDbType.Varchar);
            await writer.WriteAsync(i.Disputed, NpgsqlDbType.Boolean);
            await writer.WriteAsync(1L, NpgsqlDbType.Bigint);
        }

        await writer.CompleteAsync();
    }

    /// <summary>
    /// Clones every row (outside Receivables, outboxes, inboxes, journals and audit trails) that belongs to the template's case or
    /// instance, once per customer j in [from, to): the case, instance and customer ids, the invoice id and the references are
    /// substituted, every other row id is derived from the template's and the clone's number, in uuid columns and inside texts
    /// (the instance's snapshot names its timer). INSERT … SELECT per table, so the clones are the product's rows to the byte.
    /// </summary>
    private static async Task<(int Customers, string Summary)> CloneTemplateAsync(NpgsqlConnection connection, int template, int from, int to)
    {
        var customer = CustomerId(template);
        var caseId = await Sql.ScalarAsync<Guid>(connection, "SELECT id FROM collection.cases WHERE customer_id = @c", null, ("c", customer));
        var instanceId = await Sql.ScalarAsync<Guid>(connection, "SELECT procedure_instance_id FROM collection.cases WHERE id = @c", null, ("c", caseId));
        var mapped = new Dictionary<string, string>
        {
            [caseId.ToString()] = "m.case_id",
            [instanceId.ToString()] = "m.instance_id",
            [customer.ToString()] = "m.customer_id",
            [InvoiceId(template).ToString()] = "m.invoice_id",
        };

        await Sql.ExecuteAsync(connection,
            "DROP TABLE IF EXISTS public.bench_clone_map; CREATE TABLE public.bench_clone_map (n int, customer_id uuid, customer_ref text, customer_name text, invoice_id uuid, " +
            "invoice_ref text, case_id uuid, instance_id uuid)");
        await using (var writer = await connection.BeginBinaryImportAsync("COPY public.bench_clone_map FROM STDIN (FORMAT BINARY)"))
        {
            for (var j = from; j < to; j++)
            {
                var c = Customer(j);
                await writer.StartRowAsync();
                await writer.WriteAsync(j, NpgsqlDbType.Integer);
                await writer.WriteAsync(c.Id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(c.Reference, NpgsqlDbType.Text);
                await writer.WriteAsync(c.Name, NpgsqlDbType.Text);
                await writer.WriteAsync(InvoiceId(j), NpgsqlDbType.Uuid);
                await writer.WriteAsync(InvoiceReference(j), NpgsqlDbType.Text);
                await writer.WriteAsync(CompanyGenerator.DeterministicGuid(42, KindCase, j), NpgsqlDbType.Uuid);
                await writer.WriteAsync(CompanyGenerator.DeterministicGuid(42, KindInstance, j), NpgsqlDbType.Uuid);
            }

            await writer.CompleteAsync();
        }

        // The tables holding the template's rows, and the ids of those rows (to be derived per clone).
        var tables = new List<(string Table, string Where)>();
        var rowIds = new HashSet<string>();
        foreach (var row in await Sql.RowsAsync(connection,
            "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' " +
            "AND table_schema NOT IN ('pg_catalog', 'information_schema', 'public', 'receivables') ORDER BY 1, 2"))
        {
            var (schema, table) = ((string)row[0]!, (string)row[1]!);
            if (new[] { "outbox", "inbox", "journal", "audit", "received", "migrations" }.Any(s => table.Contains(s, StringComparison.Ordinal)))
            {
                continue;
            }

            var columns = await Sql.ColumnsAsync(connection, schema, table);
            var conditions = columns.Where(c => c.Type == "uuid").Select(c => $"t.{Sql.Quote(c.Name)} IN ('{caseId}', '{instanceId}')")
                .Concat(columns.Where(c => IsText(c.Type)).Select(c => $"t.{Sql.Quote(c.Name)}::text LIKE '%{instanceId}%' OR t.{Sql.Quote(c.Name)}::text LIKE '%{caseId}%'"))
                .ToList();
            if (conditions.Count == 0)
            {
                continue;
            }

            var where = string.Join(" OR ", conditions);
            var qualified = $"{schema}.{table}";
            if (await Sql.ScalarAsync<long>(connection, $"SELECT count(*) FROM {qualified} t WHERE {where}") == 0)
            {
                continue;
            }

            tables.Add((qualified, where));
            if (columns.Any(c => c.Name == "id" && c.Type == "uuid"))
            {
                rowIds.UnionWith((await Sql.RowsAsync(connection, $"SELECT id::text FROM {qualified} t WHERE {where}")).Select(r => (string)r[0]!));
            }
        }

        foreach (var id in rowIds.Where(id => !mapped.ContainsKey(id)))
        {
            mapped[id] = $"md5('{id}:' || m.n)::uuid";
        }

        var templateCustomer = Customer(template);
        var summary = new List<string>();
        foreach (var (table, where) in tables)
        {
            var columns = await Sql.ColumnsAsync(connection, table.Split('.')[0], table.Split('.')[1]);
            var overrides = new Dictionary<string, string>();
            foreach (var (name, type) in columns)
            {
                var column = $"t.{Sql.Quote(name)}";
                if (type == "uuid")
                {
                    overrides[name] = $"CASE {column}::text {string.Join(" ", mapped.Select(p => $"WHEN '{p.Key}' THEN {p.Value}"))} ELSE {column} END";
                }
                else if (IsText(type))
                {
                    var text = mapped.Aggregate($"{column}::text", (e, p) => $"replace({e}, '{p.Key}', ({p.Value})::text)");
                    text = $"replace(replace(replace({text}, '{templateCustomer.Reference}', m.customer_ref), '{templateCustomer.Name}', m.customer_name), '{InvoiceReference(template)}', m.invoice_ref)";
                    overrides[name] = type == "jsonb" ? $"({text})::jsonb" : text;
                }
            }

            var count = await Sql.CopyRowsAsync(connection, null, table, $"{table} t CROSS JOIN public.bench_clone_map m WHERE {where}", overrides);
            summary.Add($"{table} {count:N0}");
        }

        return (to - from, string.Join(", ", summary));
    }

    private static bool IsText(string type) => type is "text" or "character varying" or "jsonb" or "json";
}
