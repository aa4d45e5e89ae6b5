using System.Text.Json;
using Etrepaye.Collection.Data;
using Etrepaye.Collection.Domain;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.IntegrationTests.Workflows;
using Etrepaye.Procedures.Features;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Features;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Collection.CollectionApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Collection;

/// <summary>
/// The daily run delivers a day's overdue events to Collection as a batch (cases opened in one transaction) and the opened cases'
/// events as a batch (procedures started in one engine transaction). Exactly-once holds: a redelivered batch acts once, a customer
/// whose case fails does not hold back the others (the batch is delivered again event by event), two hosts share the work.
/// </summary>
public sealed class DailyRunBatchTests : IAsyncLifetime
{
    private static readonly Guid _company = EtrepayeFactory.DemoClientCompanyId;
    private readonly ManualClock _clock = new(new DateTimeOffset(2030, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly string _folder = CollectionFactory.NewFolder();
    private TestDatabase _database = null!;
    private CollectionFactory _factory = null!;
    private string _procedureId = "";
    private HashSet<Guid> _customers = [];
    private int _inboxBefore;

    private const string Procedure = """
        {
          "definitionId": "daily-batch", "version": 1, "name": "Relance",
          "start": { "activity": "remind" },
          "activities": [
            { "id": "remind", "type": "collection.send-reminder", "inputs": { "channel": "email", "level": 1, "attachStatement": false } },
            { "id": "done", "type": "workflow.end", "inputs": { "outcome": "Reminded" } }
          ],
          "connections": [ { "source": { "activity": "remind", "port": "Done" }, "target": { "activity": "done" } } ]
        }
        """;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _factory = new CollectionFactory(_database, Settings(), _clock);
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task OverdueEvents_WhenDeliveredAsABatch_OpenOneCaseAndStartOneProcedurePerCustomer()
    {
        var invoices = await InvoicesAsync(customers: 6, secondInvoiceForFirst: true);
        foreach (var invoice in invoices)
        {
            await PublishOverdueAsync(_factory.Services, _company, invoice);
        }

        await PollingWorkers.DrainAsync(_factory.Services);

        var cases = await CasesAsync();
        cases.Count.ShouldBe(6);
        cases.Select(c => c.CustomerId).ShouldBe(invoices.Select(i => i.CustomerId).Distinct(), ignoreOrder: true);
        cases.ShouldAllBe(c => c.ProcedureInstanceId != null && c.ProcedureError == null);
        cases.Single(c => c.CustomerId == invoices[0].CustomerId).OverdueItemCount.ShouldBe(2);
        (await InstancesAsync()).ShouldBe(6);
        (await RemindersAsync()).ShouldBe(6);
        (await InboxSinceInvoicesAsync()).ShouldBe(invoices.Count);
    }

    [Fact]
    public async Task Batch_WhenDeliveredAgainAfterItWasHandled_ActsOnce()
    {
        var invoices = await InvoicesAsync(customers: 5, secondInvoiceForFirst: false);
        foreach (var invoice in invoices)
        {
            await PublishOverdueAsync(_factory.Services, _company, invoice);
        }

        await PollingWorkers.DrainAsync(_factory.Services);
        var before = (await CasesAsync()).ToDictionary(c => c.Id, c => c.ProcedureInstanceId);

        // As if the process died after the handlers committed but before the messages were marked dispatched.
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<ReceivablesDbContext>().OutboxMessages
                .Where(m => m.EventType == typeof(InvoiceBecameOverdue).FullName)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.DispatchedAt, (DateTimeOffset?)null).SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null))).ShouldBe(5);
            (await scope.ServiceProvider.GetRequiredService<CollectionDbContext>().OutboxMessages
                .Where(m => m.EventType == typeof(Etrepaye.Collection.Contracts.CollectionCaseOpened).FullName)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.DispatchedAt, (DateTimeOffset?)null).SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null))).ShouldBe(5);
        }

        await PollingWorkers.DrainAsync(_factory.Services);

        (await CasesAsync()).ToDictionary(c => c.Id, c => c.ProcedureInstanceId).ShouldBe(before);
        (await InstancesAsync()).ShouldBe(5);
        (await RemindersAsync()).ShouldBe(5);
        (await InboxSinceInvoicesAsync()).ShouldBe(5);
        await using var check = _factory.Services.CreateAsyncScope();
        (await check.ServiceProvider.GetRequiredService<ReceivablesDbContext>().OutboxMessages.CountAsync(m => m.DispatchedAt == null)).ShouldBe(0);
    }

    [Fact]
    public async Task Batch_WhenOneCustomersCaseFails_OpensTheOthersAndRetriesTheFailedEventAlone()
    {
        var invoices = await InvoicesAsync(customers: 4, secondInvoiceForFirst: false);
        var broken = invoices[1];
        // Two open cases for one customer: its refresh cannot tell which to keep, and fails.
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(_company, "test");
            var db = scope.ServiceProvider.GetRequiredService<CollectionDbContext>();
            for (var i = 0; i < 2; i++)
            {
                db.Cases.Add(new CollectionCase
                {
                    Id = Guid.CreateVersion7(),
                    CompanyId = _company,
                    CustomerId = broken.CustomerId,
                    CustomerReference = $"BROKEN-{i}",
                    CustomerName = "Broken",
                    Currency = "EUR",
                    Status = CaseStatus.Open,
                    OpenedOn = new DateOnly(2030, 2, 1),
                    AsOf = new DateOnly(2030, 2, 1),
                });
            }

            await db.SaveChangesAsync();
        }

        foreach (var invoice in invoices)
        {
            await PublishOverdueAsync(_factory.Services, _company, invoice);
        }

        await _factory.Services.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync(CancellationToken.None);

        var cases = await CasesAsync();
        foreach (var invoice in invoices.Where(i => i != broken))
        {
            cases.Count(c => c.CustomerId == invoice.CustomerId).ShouldBe(1);
        }

        cases.Count(c => c.CustomerId == broken.CustomerId).ShouldBe(2);
        (await InboxSinceInvoicesAsync()).ShouldBe(3);
        await using var check = _factory.Services.CreateAsyncScope();
        var overdue = await check.ServiceProvider.GetRequiredService<ReceivablesDbContext>().OutboxMessages
            .Where(m => m.EventType == typeof(InvoiceBecameOverdue).FullName).ToListAsync();
        var failed = overdue.Where(m => m.DispatchedAt == null).ShouldHaveSingleItem();
        failed.Payload.ShouldContain(broken.CustomerId.ToString());
        failed.LastError.ShouldNotBeNull();
        failed.Attempts.ShouldBe(1);
        overdue.Where(m => m != failed).ShouldAllBe(m => m.DispatchedAt != null && m.Attempts == 1 && m.LastError == null);
    }

    [Fact]
    public async Task Reminders_WhenTheirEffectsAreDispatchedAgainAfterTheyWereRendered_StoreEachMessageOnce()
    {
        var invoices = await InvoicesAsync(customers: 5, secondInvoiceForFirst: false);
        foreach (var invoice in invoices)
        {
            await PublishOverdueAsync(_factory.Services, _company, invoice);
        }

        await PollingWorkers.DrainAsync(_factory.Services);
        var rendered = (await ReminderEffectsAsync()).ToDictionary(e => e.IdempotencyKey, e => e.Result);
        rendered.Count.ShouldBe(5);

        // As if the process died after the batch's messages were stored but before its effects were marked done.
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().Effects.IgnoreQueryFilters()
                .Where(e => rendered.Keys.Contains(e.IdempotencyKey))
                .ExecuteUpdateAsync(set => set.SetProperty(e => e.Status, EffectStatus.Pending).SetProperty(e => e.LeaseUntil, (DateTimeOffset?)null))).ShouldBe(5);
        }

        await PollingWorkers.DrainAsync(_factory.Services);

        (await RemindersAsync()).ShouldBe(5);
        var again = await ReminderEffectsAsync();
        again.ShouldAllBe(e => e.Status == EffectStatus.Succeeded && e.Attempts == 2);
        again.ToDictionary(e => e.IdempotencyKey, e => e.Result).ShouldBe(rendered);
    }

    [Fact]
    public async Task Reminders_WhenOneCaseOfTheBatchCannotBeRendered_RenderTheOthersAndRetryTheFailedOneAlone()
    {
        var invoices = await InvoicesAsync(customers: 4, secondInvoiceForFirst: false);
        foreach (var invoice in invoices)
        {
            await PublishOverdueAsync(_factory.Services, _company, invoice);
        }

        await PollingWorkers.DrainAsync(_factory.Services, "WorkflowEffectDispatcher");
        var broken = (await CasesAsync()).Single(c => c.CustomerId == invoices[2].CustomerId);
        // A case whose customer is gone from the ledger: its reminder cannot be addressed, and fails.
        await SetCustomerAsync(broken.Id, Guid.CreateVersion7());

        (await _factory.Services.GetRequiredService<WorkflowEffectDispatcher>().RunOnceAsync(CancellationToken.None)).ShouldBe(4);

        (await RemindersAsync()).ShouldBe(3);
        var effects = await ReminderEffectsAsync();
        var failed = effects.Single(e => e.Status != EffectStatus.Succeeded);
        failed.Payload.ShouldContain(broken.Id.ToString());
        failed.Status.ShouldBe(EffectStatus.Pending);
        failed.Attempts.ShouldBe(1);
        failed.LastError.ShouldNotBeNull().ShouldContain("Customer");
        failed.LeaseUntil.ShouldBe(_clock.GetUtcNow() + TimeSpan.FromSeconds(2));
        effects.Where(e => e != failed).ShouldAllBe(e => e.Status == EffectStatus.Succeeded && e.Attempts == 1 && e.LastError == null);

        await SetCustomerAsync(broken.Id, broken.CustomerId);
        await PollingWorkers.DrainAsync(_factory.Services);
        (await RemindersAsync()).ShouldBe(3);
        _clock.Advance(TimeSpan.FromSeconds(3));
        await PollingWorkers.DrainAsync(_factory.Services);

        (await RemindersAsync()).ShouldBe(4);
        var retried = (await ReminderEffectsAsync()).Single(e => e.IdempotencyKey == failed.IdempotencyKey);
        retried.Status.ShouldBe(EffectStatus.Succeeded);
        retried.Attempts.ShouldBe(2);
    }

    [Fact]
    public async Task OverdueEvents_WhenTwoHostsDispatchAtOnce_OpenEachCaseOnce()
    {
        var invoices = await InvoicesAsync(customers: 12, secondInvoiceForFirst: false);
        foreach (var invoice in invoices)
        {
            await PublishOverdueAsync(_factory.Services, _company, invoice);
        }

        await using var second = new CollectionFactory(_database, Settings(), _clock);
        _ = second.Server;
        await Task.WhenAll(Task.Run(() => PollingWorkers.DrainAsync(_factory.Services)), Task.Run(() => PollingWorkers.DrainAsync(second.Services)));
        await PollingWorkers.DrainAsync(_factory.Services);

        var cases = await CasesAsync();
        cases.Count.ShouldBe(12);
        cases.Select(c => c.CustomerId).Distinct().Count().ShouldBe(12);
        cases.ShouldAllBe(c => c.ProcedureInstanceId != null);
        (await InstancesAsync()).ShouldBe(12);
        (await RemindersAsync()).ShouldBe(12);
        (await InboxSinceInvoicesAsync()).ShouldBe(12);
        var reminders = await ReminderEffectsAsync();
        reminders.Count.ShouldBe(12);
        reminders.ShouldAllBe(e => e.Status == EffectStatus.Succeeded && e.Attempts == 1);
    }

    private Dictionary<string, string?> Settings()
    {
        var settings = CollectionFactory.Settings(_folder, dispatcher: false);
        settings["Outbox:Enabled"] = "false";
        settings["Workflows:WorkersEnabled"] = "false";
        settings["Collection:PreDueCheckEnabled"] = "false";
        settings["CreditLimits:WorkerEnabled"] = "false";
        settings["Guarantees:DailyCheckEnabled"] = "false";
        return settings;
    }

    /// <summary>Publishes the test procedure as the company's default, and records an invoice overdue since February per new customer.</summary>
    private async Task<List<ItemResponse>> InvoicesAsync(int customers, bool secondInvoiceForFirst)
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var procedure = await (await admin.PostJsonAsync($"/api/companies/{_company}/procedures/import", new { definition = JsonDocument.Parse(Procedure).RootElement }))
            .ReadAsync<ProcedureResponse>();
        await (await admin.PostJsonAsync($"/api/companies/{_company}/procedures/{procedure.Id}/publish", new { comment = "v1" })).ReadAsync<ProcedureResponse>();
        (await admin.PutAsync($"/api/companies/{_company}/procedures/assignment/defaults/CollectionCase",
            new StringContent(JsonSerializer.Serialize(new { procedureId = procedure.Id }), System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var invoices = new List<ItemResponse>();
        for (var i = 0; i < customers; i++)
        {
            var customer = await CreateFrenchCustomerAsync(admin, _company);
            invoices.Add(await RecordAsync(admin, _company, "invoices", customer.Id, 100m + i, "2030-01-10", "2030-02-10"));
            if (i == 0 && secondInvoiceForFirst)
            {
                invoices.Add(await RecordAsync(admin, _company, "invoices", customer.Id, 50m, "2030-01-12", "2030-02-12"));
            }
        }

        await PollingWorkers.DrainAsync(_factory.Services);
        _procedureId = procedure.Id.ToString();
        _customers = [.. invoices.Select(i => i.CustomerId)];
        _inboxBefore = await InboxAsync();
        return invoices;
    }

    private async Task<List<CollectionCase>> CasesAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var cases = await scope.ServiceProvider.GetRequiredService<CollectionDbContext>().Cases.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.CompanyId == _company).ToListAsync();
        return [.. cases.Where(c => _customers.Contains(c.CustomerId))];
    }

    private async Task<int> InstancesAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().Instances.IgnoreQueryFilters().CountAsync(i => i.DefinitionId == _procedureId);
    }

    private async Task<int> RemindersAsync()
    {
        var caseIds = (await CasesAsync()).Select(c => c.Id).ToList();
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CollectionDbContext>().Messages.IgnoreQueryFilters()
            .CountAsync(m => m.CompanyId == _company && m.Kind == "reminder" && m.CaseId != null && caseIds.Contains(m.CaseId.Value));
    }

    /// <summary>The reminder effects of the test procedure's instances.</summary>
    private async Task<List<EffectCommandRow>> ReminderEffectsAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var instances = db.Instances.IgnoreQueryFilters().Where(i => i.DefinitionId == _procedureId).Select(i => i.Id);
        return await db.Effects.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.EffectType == "collection.send-message" && instances.Contains(e.InstanceId)).ToListAsync();
    }

    private async Task SetCustomerAsync(Guid caseId, Guid customerId)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<CollectionDbContext>().Cases.IgnoreQueryFilters()
            .Where(c => c.Id == caseId)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.CustomerId, customerId))).ShouldBe(1);
    }

    /// <summary>Overdue events Collection's case handler recorded in its inbox since the test's invoices were recorded.</summary>
    private async Task<int> InboxSinceInvoicesAsync() => await InboxAsync() - _inboxBefore;

    private async Task<int> InboxAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CollectionDbContext>().InboxMessages
            .CountAsync(m => m.Handler == "Etrepaye.Collection.Cases.OpenCaseOnInvoiceBecameOverdue");
    }
}
