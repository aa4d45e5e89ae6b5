using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Etrepaye.Collection.Data;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.IntegrationTests.Workflows;
using Etrepaye.Procedures.Features;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Etrepaye.IntegrationTests.Collection.CollectionApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Collection;

/// <summary>
/// The daily run's cost in SQL commands and transactions, counted from EF's diagnostic events on this test's own database: the
/// overdue check, the cases it opens, the procedures they start and the reminders rendered into the outbox. The host's workers are
/// off and driven round by round, so that the count does not depend on time. The marginal cost of a case (between a day of 10 and
/// a day of 40 cases) is pinned at what docs/benchmarks.md quotes ("Daily run"), so that a change that adds a round trip per case
/// shows here. The engine's own inserts (its BulkWriter commands) are plain ADO.NET commands and are not counted.
/// </summary>
public sealed class DailyRunCommandTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly Guid _company = EtrepayeFactory.DemoClientCompanyId;
    private readonly ManualClock _clock = new(new DateTimeOffset(2030, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly string _folder = CollectionFactory.NewFolder();
    private CollectionFactory _factory = null!;

    /// <summary>EF commands per case opened, procedure started and reminder rendered (PostgreSQL batches the inserts of one SaveChanges).</summary>
    private static readonly double _commandsPerCase = TestDatabase.ProviderUnderTest == "postgres" ? 1 : 11;

    /// <summary>
    /// EF commands per reminder rendered (part of the above): the engine's effect dispatcher hands a batch of reminders to Collection's
    /// batch handler, which reads the cases, contacts, items, disputes and templates of all of them at once.
    /// </summary>
    private static readonly double _reminderCommandsPerCase = TestDatabase.ProviderUnderTest == "postgres" ? 0.1 : 1;

    /// <summary>
    /// EF commands per reminder rendered with the customer's statement attached: the statements of a batch are read in one call
    /// (the customers, then their open items), so only the attachment's insert grows with the cases on SQLite.
    /// </summary>
    private static readonly double _statementReminderCommandsPerCase = TestDatabase.ProviderUnderTest == "postgres" ? 0.1 : 2;

    /// <summary>
    /// Transactions per case: none that grows with the cases (every handler of the overdue event takes the day's events in one
    /// transaction, the engine starts their procedures in another, the reminders' effects are claimed per batch).
    /// </summary>
    private const double TransactionsPerCase = 0;

    private static string Procedure(bool attachStatement) => $$"""
        {
          "definitionId": "daily-run", "version": 1, "name": "Relance puis attente",
          "start": { "activity": "remind" },
          "activities": [
            { "id": "remind", "type": "collection.send-reminder", "inputs": { "channel": "email", "level": 1, "attachStatement": {{(attachStatement ? "true" : "false")}} } },
            { "id": "wait", "type": "workflow.wait-until", "inputs": { "date": { "expression": "today() + 10 days" }, "time": "09:00" } },
            { "id": "done", "type": "workflow.end", "inputs": { "outcome": "Waited" } }
          ],
          "connections": [
            { "source": { "activity": "remind", "port": "Done" }, "target": { "activity": "wait" } },
            { "source": { "activity": "wait", "port": "Done" }, "target": { "activity": "done" } }
          ]
        }
        """;

    public async Task InitializeAsync()
    {
        var settings = CollectionFactory.Settings(_folder, dispatcher: false);
        settings["Outbox:Enabled"] = "false";
        settings["Workflows:WorkersEnabled"] = "false";
        settings["Collection:PreDueCheckEnabled"] = "false";
        settings["CreditLimits:WorkerEnabled"] = "false";
        settings["Guarantees:DailyCheckEnabled"] = "false";
        // One reminder batch per claim: sub-batches add a fixed cost each (at most Workflows:EffectParallelism per claim), which the
        // difference between a day of 10 cases (one sub-batch) and one of 40 (four) would read as a cost per case.
        settings["Workflows:EffectSubBatchMinSize"] = "1000";
        _factory = new CollectionFactory(await TestDatabase.CreateAsync(), settings, _clock);
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _factory.Database.DisposeAsync();
    }

    [Fact]
    public async Task DailyRun_WhenInvoicesFallOverdueTheSameDay_CostsAtMostTheCountedCommandsPerCase()
    {
        var (small, large) = await SmallAndLargeDaysAsync(attachStatement: false);

        var perCase = PerCase(small.Commands, large.Commands);
        var transactionsPerCase = PerCase(small.Transactions, large.Transactions);
        var remindersPerCase = PerCase(small.Reminders, large.Reminders);
        output.WriteLine($"10 cases: {small.Commands} commands, {small.Transactions} transactions; 40 cases: {large.Commands} commands, {large.Transactions} transactions");
        output.WriteLine($"per case: {perCase:0.0} commands, {transactionsPerCase:0.00} transactions");
        output.WriteLine($"reminders: 10 cases {small.Reminders} commands, 40 cases {large.Reminders} commands, per case {remindersPerCase:0.00}");
        output.WriteLine(large.Breakdown);
        output.WriteLine("reminder path, 40 cases:");
        output.WriteLine(large.ReminderBreakdown);
        perCase.ShouldBeLessThanOrEqualTo(_commandsPerCase, large.Breakdown);
        transactionsPerCase.ShouldBeLessThanOrEqualTo(TransactionsPerCase, large.Breakdown);
        remindersPerCase.ShouldBeLessThanOrEqualTo(_reminderCommandsPerCase, large.ReminderBreakdown);
    }

    [Fact]
    public async Task SendReminders_WhenABatchHasManyCustomers_ReadsTheirStatementsInAFixedNumberOfCommands()
    {
        var (small, large) = await SmallAndLargeDaysAsync(attachStatement: true);

        var remindersPerCase = PerCase(small.Reminders, large.Reminders);
        output.WriteLine($"reminders with statements: 10 cases {small.Reminders} commands, 40 cases {large.Reminders} commands, per case {remindersPerCase:0.00}");
        output.WriteLine(large.ReminderBreakdown);
        remindersPerCase.ShouldBeLessThanOrEqualTo(_statementReminderCommandsPerCase, large.ReminderBreakdown);
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollectionDbContext>();
        var attachments = await (
                from a in db.Attachments.IgnoreQueryFilters()
                join m in db.Messages.IgnoreQueryFilters() on a.MessageId equals m.Id
                where m.CompanyId == _company && m.Kind == "reminder"
                select new { m.CustomerId, a.FileName, a.Content })
            .ToListAsync();
        var statements = attachments.Where(a => a.FileName.StartsWith("releve-", StringComparison.Ordinal)).ToList();
        statements.Select(a => a.CustomerId).Distinct().Count().ShouldBe(10 + 40);
        // Today's are the statements the customers' statement.pdf serves today, byte for byte up to the trailer (its /ID differs per file).
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var today = statements.Where(a => a.FileName.EndsWith("-2030-03-07.pdf", StringComparison.Ordinal)).ToList();
        today.Count.ShouldBe(40);
        foreach (var statement in today.Take(3))
        {
            var served = await admin.GetAsync($"{Base(_company)}/customers/{statement.CustomerId}/statement.pdf?asOf=2030-03-07&language=fr");
            served.EnsureSuccessStatusCode();
            BeforeTrailer(await served.Content.ReadAsByteArrayAsync()).ShouldBe(BeforeTrailer(statement.Content));
        }
    }

    private static byte[] BeforeTrailer(byte[] pdf) => pdf[..pdf.AsSpan().LastIndexOf("\ntrailer\n"u8)];

    private async Task AssignProcedureAsync(bool attachStatement)
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var definition = JsonDocument.Parse(Procedure(attachStatement)).RootElement;
        var procedure = await (await admin.PostJsonAsync($"/api/companies/{_company}/procedures/import", new { definition })).ReadAsync<ProcedureResponse>();
        await (await admin.PostJsonAsync($"/api/companies/{_company}/procedures/{procedure.Id}/publish", new { comment = "v1" })).ReadAsync<ProcedureResponse>();
        (await admin.PutAsync($"/api/companies/{_company}/procedures/assignment/defaults/CollectionCase",
            new StringContent(JsonSerializer.Serialize(new { procedureId = procedure.Id }), System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
    }

    /// <summary>Records invoices for new customers falling due on a date, moves the clock to the next day and runs the daily run to its end, counted.</summary>
    /// <remarks>The reminders are rendered last, counted on their own: every worker but the engine's effect dispatcher runs first.</remarks>
    /// <summary>The procedure assigned, then a day of 10 overdue customers and one of 40: the difference is what a case costs.</summary>
    private async Task<(Day Small, Day Large)> SmallAndLargeDaysAsync(bool attachStatement)
    {
        await AssignProcedureAsync(attachStatement);
        return (await DayAsync(customers: 10, dueOn: "2030-03-05"), await DayAsync(customers: 40, dueOn: "2030-03-06"));
    }

    private static double PerCase(int small, int large) => (double)(large - small) / (40 - 10);

    /// <summary>A day's EF commands and transactions, and those of its reminders alone.</summary>
    private sealed record Day(int Commands, int Transactions, string Breakdown, int Reminders, string ReminderBreakdown);

    private async Task<Day> DayAsync(int customers, string dueOn)
    {
        // Signed in again each day: the virtual clock has moved past the last token's lifetime.
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        for (var i = 0; i < customers; i++)
        {
            var customer = await CreateFrenchCustomerAsync(admin, _company);
            await RecordAsync(admin, _company, "invoices", customer.Id, 100m + i, "2030-02-01", dueOn);
        }

        await PollingWorkers.DrainAsync(_factory.Services);
        var remindersBefore = await RemindersAsync();
        var casesBefore = await CasesAsync();
        var due = DateOnly.Parse(dueOn, System.Globalization.CultureInfo.InvariantCulture);
        _clock.Advance(due.AddDays(1).ToDateTime(new TimeOnly(0, 30)) - _clock.GetUtcNow().UtcDateTime);

        using var counter = new SqlCommandCounter(await DatabaseKeyAsync());
        counter.Subscribe();
        // Pooled contexts keep EF's "nobody listens" decision for its logging cache time: count only once it has passed.
        await Task.Delay(Infrastructure.SqlCommandCounter.EfLoggingCacheTime + TimeSpan.FromMilliseconds(200));
        await new OverdueChecker(_factory.Services.GetRequiredService<IServiceScopeFactory>(), _clock).CheckAsync(CancellationToken.None);
        await PollingWorkers.DrainAsync(_factory.Services, "WorkflowEffectDispatcher");
        (await RemindersAsync()).ShouldBe(remindersBefore);
        var beforeReminders = counter.Commands;
        using var reminderCounter = new SqlCommandCounter(await DatabaseKeyAsync());
        reminderCounter.Subscribe();
        await PollingWorkers.DrainAsync(_factory.Services);
        var commands = counter.Commands;
        var transactions = counter.Transactions;
        var reminderCommands = reminderCounter.Commands;
        var reminderBreakdown = reminderCounter.Breakdown();

        (await CasesAsync()).ShouldBe(casesBefore + customers);
        (await RemindersAsync()).ShouldBe(remindersBefore + customers);
        (commands - beforeReminders).ShouldBe(reminderCommands);
        return new Day(commands, transactions, counter.Breakdown(), reminderCommands, reminderBreakdown);
    }

    private async Task<int> CasesAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CollectionDbContext>().Cases.IgnoreQueryFilters().CountAsync(c => c.CompanyId == _company);
    }

    private async Task<int> RemindersAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CollectionDbContext>().Messages.IgnoreQueryFilters()
            .CountAsync(m => m.CompanyId == _company && m.Kind == "reminder");
    }

    private async Task<string> DatabaseKeyAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return SqlCommandCounter.Key(scope.ServiceProvider.GetRequiredService<ReceivablesDbContext>().Database.GetDbConnection());
    }

    /// <summary>Every SQL command and transaction EF runs on one database while it lives, grouped by the start of their text.</summary>
    private sealed class SqlCommandCounter(string databaseKey) : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly ConcurrentQueue<string> _commands = new();
        private readonly List<IDisposable> _subscriptions = [];
        private int _transactions;
        private IDisposable? _all;

        public static string Key(DbConnection connection) => $"{connection.DataSource}/{connection.Database}";

        public int Commands => _commands.Count;

        public int Transactions => _transactions;

        public string Breakdown() => string.Join("\n", _commands.GroupBy(Shape).OrderByDescending(g => g.Count()).Select(g => $"{g.Count(),6}  {g.Key}"));

        private static string Shape(string sql)
        {
            var flat = string.Join(' ', sql.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
            return flat.Length > 110 ? flat[..110] : flat;
        }

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == "Microsoft.EntityFrameworkCore")
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(listener.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData { Connection: { } connection } data
                && Key(connection) == databaseKey)
            {
                _commands.Enqueue(data.Command.CommandText);
            }
            else if (value.Key == RelationalEventId.TransactionStarted.Name && value.Value is TransactionEventData { Transaction.Connection: { } transactionConnection }
                && Key(transactionConnection) == databaseKey)
            {
                Interlocked.Increment(ref _transactions);
            }
        }

        public void Subscribe() => _all = DiagnosticListener.AllListeners.Subscribe(this);

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _all?.Dispose();
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
