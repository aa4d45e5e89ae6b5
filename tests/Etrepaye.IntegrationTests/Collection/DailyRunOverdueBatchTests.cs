using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Events;
using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Features.DetectInsurerDuties;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.IntegrationTests.Workflows;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Features;
using Etrepaye.Shared.Outbox;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Collection.CollectionApi;
using static Etrepaye.IntegrationTests.Guarantees.GuaranteesApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Collection;

/// <summary>
/// CreditLimits' exposure refresh and Guarantees' insurer-duty check take the daily run's overdue events as batches (one
/// transaction, one read per kind). They give what the one-by-one handlers give, act once on a redelivered batch, let one bad
/// customer fail alone, and never cross companies.
/// </summary>
public sealed class DailyRunOverdueBatchTests : IAsyncLifetime
{
    private static readonly Guid _company = EtrepayeFactory.DemoClientCompanyId;
    private static readonly Guid _otherCompany = EtrepayeFactory.DemoCompanyId;
    private const decimal Untouched = -1m;
    private readonly ManualClock _clock = new(new DateTimeOffset(2030, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly string _folder = CollectionFactory.NewFolder();
    private TestDatabase _database = null!;
    private CollectionFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var settings = CollectionFactory.Settings(_folder, dispatcher: false);
        settings["Outbox:Enabled"] = "false";
        settings["Workflows:WorkersEnabled"] = "false";
        settings["Collection:PreDueCheckEnabled"] = "false";
        settings["CreditLimits:WorkerEnabled"] = "false";
        settings["Guarantees:DailyCheckEnabled"] = "false";
        _factory = new CollectionFactory(_database, settings, _clock);
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task OverdueEvents_WhenDeliveredAsABatch_GiveTheSameExposureAndDutiesAsOneByOne()
    {
        var invoices = await InvoicesAsync(_company, customers: 5, insured: 3, secondInvoiceForFirst: true);
        var customers = invoices.Select(i => i.CustomerId).Distinct().ToList();
        var inbox = await InboxesAsync(_company);
        await ForgetExposureAsync(customers);
        foreach (var invoice in invoices)
        {
            await PublishOverdueAsync(_factory.Services, _company, invoice);
        }

        await _factory.Services.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync(CancellationToken.None);
        var batched = await ExposureAsync(customers);
        var batchedDuties = await DutiesAsync(customers);
        batched.ShouldAllBe(l => l.Overdue != Untouched && l.OpenReceivables != Untouched);
        batched.Single(l => l.CustomerId == invoices[0].CustomerId).Overdue.ShouldBe(invoices[0].OpenAmount.Amount + invoices[1].OpenAmount.Amount);
        batchedDuties.Count.ShouldBe(4);
        (await InboxesAsync(_company)).ShouldBe((inbox.Exposure + invoices.Count, inbox.Duties + invoices.Count));

        await ForgetExposureAsync(customers);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<GuaranteesDbContext>().Duties.IgnoreQueryFilters()
                .Where(d => customers.Contains(d.CustomerId)).ExecuteDeleteAsync()).ShouldBe(4);
        }

        foreach (var invoice in invoices)
        {
            await HandleOneByOneAsync(_company, invoice);
        }

        (await ExposureAsync(customers)).ShouldBe(batched);
        (await DutiesAsync(customers)).ShouldBe(batchedDuties);
    }

    [Fact]
    public async Task OverdueBatch_WhenDeliveredAgainAfterItWasHandled_ActsOnce()
    {
        var invoices = await InvoicesAsync(_company, customers: 4, insured: 4, secondInvoiceForFirst: false);
        var customers = invoices.Select(i => i.CustomerId).ToList();
        var inbox = await InboxesAsync(_company);
        foreach (var invoice in invoices)
        {
            await PublishOverdueAsync(_factory.Services, _company, invoice);
        }

        await PollingWorkers.DrainAsync(_factory.Services);
        (await DutiesAsync(customers)).Count.ShouldBe(4);

        // As if the process died after the handlers committed but before the messages were marked dispatched.
        await ForgetExposureAsync(customers);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<ReceivablesDbContext>().OutboxMessages
                .Where(m => m.EventType == typeof(InvoiceBecameOverdue).FullName)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.DispatchedAt, (DateTimeOffset?)null).SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null))).ShouldBe(4);
        }

        await PollingWorkers.DrainAsync(_factory.Services);

        (await ExposureAsync(customers)).ShouldAllBe(l => l.Overdue == Untouched);
        (await DutiesAsync(customers)).Count.ShouldBe(4);
        (await InboxesAsync(_company)).ShouldBe((inbox.Exposure + 4, inbox.Duties + 4));
        await using var check = _factory.Services.CreateAsyncScope();
        (await check.ServiceProvider.GetRequiredService<ReceivablesDbContext>().OutboxMessages.CountAsync(m => m.DispatchedAt == null)).ShouldBe(0);
    }

    [Fact]
    public async Task OverdueBatch_WhenOneCustomersRowsAreBroken_RefreshesTheOthersAndRetriesTheFailedEventAlone()
    {
        var invoices = await InvoicesAsync(_company, customers: 4, insured: 4, secondInvoiceForFirst: false);
        var customers = invoices.Select(i => i.CustomerId).ToList();
        var broken = invoices[2];
        var inbox = await InboxesAsync(_company);
        var otherPolicy = await CreatePolicyAsync(await _factory.SignInAsync(DemoUsers.Admin), _otherCompany, maxExtensionDays: 0);
        await ForgetExposureAsync(customers);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            // Rows the handlers cannot read whole (held by another company): an account they would insert again, a limit whose
            // policy they cannot see. Both handlers fail on this customer, in the batch and alone.
            (await scope.ServiceProvider.GetRequiredService<CreditLimitsDbContext>().Accounts.IgnoreQueryFilters()
                .Where(a => a.CustomerId == broken.CustomerId).ExecuteUpdateAsync(set => set.SetProperty(a => a.CompanyId, _otherCompany))).ShouldBe(1);
            (await scope.ServiceProvider.GetRequiredService<GuaranteesDbContext>().InsuredLimits.IgnoreQueryFilters()
                .Where(l => l.CustomerId == broken.CustomerId).ExecuteUpdateAsync(set => set.SetProperty(l => l.PolicyId, otherPolicy.Id))).ShouldBe(1);
        }

        foreach (var invoice in invoices)
        {
            await PublishOverdueAsync(_factory.Services, _company, invoice);
        }

        await _factory.Services.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync(CancellationToken.None);

        var others = customers.Where(c => c != broken.CustomerId).ToList();
        (await ExposureAsync(others)).ShouldAllBe(l => l.Overdue > 0m);
        (await DutiesAsync(others)).Select(d => d.CustomerId).ShouldBe(others, ignoreOrder: true);
        (await DutiesAsync([broken.CustomerId])).ShouldBeEmpty();
        (await InboxesAsync(_company)).ShouldBe((inbox.Exposure + 3, inbox.Duties + 3));
        await using var check = _factory.Services.CreateAsyncScope();
        var overdue = await check.ServiceProvider.GetRequiredService<ReceivablesDbContext>().OutboxMessages
            .Where(m => m.EventType == typeof(InvoiceBecameOverdue).FullName).ToListAsync();
        var failed = overdue.Where(m => m.DispatchedAt == null).ShouldHaveSingleItem();
        failed.Payload.ShouldContain(broken.CustomerId.ToString());
        failed.Attempts.ShouldBe(1);
        failed.LastError.ShouldNotBeNull();
        overdue.Where(m => m != failed).ShouldAllBe(m => m.DispatchedAt != null && m.LastError == null);
    }

    [Fact]
    public async Task OverdueEvents_WhenTwoCompaniesFallDueTogether_RefreshEachCompanysCustomersOnlyFromItsOwnBatch()
    {
        var ours = await InvoicesAsync(_company, customers: 3, insured: 3, secondInvoiceForFirst: false);
        var theirs = await InvoicesAsync(_otherCompany, customers: 3, insured: 3, secondInvoiceForFirst: false);
        var ourCustomers = ours.Select(i => i.CustomerId).ToList();
        var theirCustomers = theirs.Select(i => i.CustomerId).ToList();
        var theirInbox = await InboxesAsync(_otherCompany);
        await ForgetExposureAsync([.. ourCustomers, .. theirCustomers]);

        foreach (var invoice in ours)
        {
            await PublishOverdueAsync(_factory.Services, _company, invoice);
        }

        await _factory.Services.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync(CancellationToken.None);
        (await ExposureAsync(ourCustomers)).ShouldAllBe(l => l.Overdue > 0m && l.CompanyId == _company);
        (await ExposureAsync(theirCustomers)).ShouldAllBe(l => l.Overdue == Untouched);
        (await DutiesAsync(theirCustomers)).ShouldBeEmpty();
        (await InboxesAsync(_otherCompany)).ShouldBe(theirInbox);

        // Interleaved: the dispatcher hands each company's run of messages to its own batch.
        for (var i = 0; i < 3; i++)
        {
            await PublishOverdueAsync(_factory.Services, _otherCompany, theirs[i]);
            await PublishOverdueAsync(_factory.Services, _company, ours[i]);
        }

        await ForgetExposureAsync(ourCustomers);
        await _factory.Services.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync(CancellationToken.None);
        (await ExposureAsync(theirCustomers)).ShouldAllBe(l => l.Overdue > 0m && l.CompanyId == _otherCompany);
        (await ExposureAsync(ourCustomers)).ShouldAllBe(l => l.Overdue > 0m && l.CompanyId == _company);
        (await DutiesAsync(theirCustomers)).ShouldAllBe(d => d.CompanyId == _otherCompany);
        (await DutiesAsync(ourCustomers)).ShouldAllBe(d => d.CompanyId == _company);
        (await DutiesAsync([.. ourCustomers, .. theirCustomers])).Count.ShouldBe(6);
        (await InboxesAsync(_otherCompany)).ShouldBe((theirInbox.Exposure + 3, theirInbox.Duties + 3));
    }

    /// <summary>New customers with one invoice overdue since February each, the first <paramref name="insured"/> insured by a policy that allows no extension.</summary>
    private async Task<List<ItemResponse>> InvoicesAsync(Guid companyId, int customers, int insured, bool secondInvoiceForFirst)
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var policy = await CreatePolicyAsync(admin, companyId, maxExtensionDays: 0, declarationDelayDays: 10, start: "2029-01-01");
        var invoices = new List<ItemResponse>();
        for (var i = 0; i < customers; i++)
        {
            var customer = await CreateFrenchCustomerAsync(admin, companyId);
            if (i < insured)
            {
                await GrantLimitAsync(admin, companyId, policy.Id, customer.Id, 100_000m, "2029-06-01");
            }

            invoices.Add(await RecordAsync(admin, companyId, "invoices", customer.Id, 100m + i, "2030-01-10", "2030-02-10"));
            if (i == 0 && secondInvoiceForFirst)
            {
                invoices.Add(await RecordAsync(admin, companyId, "invoices", customer.Id, 50m, "2030-01-12", "2030-02-12"));
            }
        }

        await PollingWorkers.DrainAsync(_factory.Services);

        // Duties declared while the invoices were recorded are removed, so that what the overdue events declare shows.
        var customerIds = invoices.Select(i => i.CustomerId).Distinct().ToList();
        await using var scope = _factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<GuaranteesDbContext>().Duties.IgnoreQueryFilters().Where(d => customerIds.Contains(d.CustomerId)).ExecuteDeleteAsync();
        return invoices;
    }

    /// <summary>Marks the customers' exposure lines so that a refresh shows (the ledger events of their invoices already projected them).</summary>
    private async Task ForgetExposureAsync(IReadOnlyCollection<Guid> customers)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<CreditLimitsDbContext>().ExposureLines.IgnoreQueryFilters()
            .Where(l => customers.Contains(l.CustomerId))
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.Overdue, Untouched).SetProperty(l => l.OpenReceivables, Untouched)))
            .ShouldBe(customers.Count);
    }

    /// <summary>What <see cref="OutboxDispatcher"/> does when a batch fails: each handler's <c>Handle</c>, in a scope of its own.</summary>
    private async Task HandleOneByOneAsync(Guid companyId, ItemResponse invoice)
    {
        var envelope = new IntegrationEventEnvelope<InvoiceBecameOverdue>(
            Guid.CreateVersion7(), new InvoiceBecameOverdue(companyId, invoice.CustomerId, invoice.Id, invoice.Reference, invoice.OpenAmount, invoice.DueDate!.Value));
        foreach (var handlerType in new[] { typeof(RefreshOnInvoiceBecameOverdue), typeof(DeclareOverdueOfInsuredBuyerHandler) })
        {
            await using var scope = _factory.Services.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetServices<INotificationHandler<IntegrationEventEnvelope<InvoiceBecameOverdue>>>().Single(h => h.GetType() == handlerType);
            await handler.Handle(envelope, CancellationToken.None);
        }
    }

    private sealed record LineRow(Guid CustomerId, Guid CompanyId, string Currency, Guid GroupHeadId, decimal OpenReceivables, decimal Overdue, Guid AccountGroupHeadId);

    private async Task<List<LineRow>> ExposureAsync(IReadOnlyCollection<Guid> customers)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditLimitsDbContext>();
        var accounts = await db.Accounts.IgnoreQueryFilters().AsNoTracking().Where(a => customers.Contains(a.CustomerId)).ToDictionaryAsync(a => a.CustomerId);
        var lines = await db.ExposureLines.IgnoreQueryFilters().AsNoTracking().Where(l => customers.Contains(l.CustomerId)).ToListAsync();
        lines.Count.ShouldBe(customers.Count);
        return [.. lines.OrderBy(l => l.CustomerId).ThenBy(l => l.Currency)
            .Select(l => new LineRow(l.CustomerId, l.CompanyId, l.Currency, l.GroupHeadId, l.OpenReceivables, l.Overdue, accounts[l.CustomerId].GroupHeadId))];
    }

    private sealed record DutyRow(Guid CustomerId, Guid CompanyId, Guid PolicyId, Guid? InvoiceId, string Type, decimal? Amount, string? Currency, DateOnly ArisenOn, DateOnly? Deadline, string Status);

    private async Task<List<DutyRow>> DutiesAsync(IReadOnlyCollection<Guid> customers)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var duties = await scope.ServiceProvider.GetRequiredService<GuaranteesDbContext>().Duties.IgnoreQueryFilters().AsNoTracking()
            .Where(d => customers.Contains(d.CustomerId)).ToListAsync();
        return [.. duties.OrderBy(d => d.InvoiceId)
            .Select(d => new DutyRow(d.CustomerId, d.CompanyId, d.PolicyId, d.InvoiceId, d.Type.ToString(), d.Amount, d.Currency, d.ArisenOn, d.Deadline, d.Status.ToString()))];
    }

    /// <summary>The overdue events CreditLimits' and Guarantees' handlers recorded in their inboxes for a company.</summary>
    private async Task<(int Exposure, int Duties)> InboxesAsync(Guid companyId)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var exposureHandler = typeof(RefreshOnInvoiceBecameOverdue).FullName!;
        var dutiesHandler = typeof(DeclareOverdueOfInsuredBuyerHandler).FullName!;
        return (
            await scope.ServiceProvider.GetRequiredService<CreditLimitsDbContext>().InboxMessages.IgnoreQueryFilters().CountAsync(m => m.Handler == exposureHandler && m.CompanyId == companyId),
            await scope.ServiceProvider.GetRequiredService<GuaranteesDbContext>().InboxMessages.IgnoreQueryFilters().CountAsync(m => m.Handler == dutiesHandler && m.CompanyId == companyId));
    }
}
