using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Receivables;

/// <summary>The daily overdue check, driven by a fixed clock.</summary>
public sealed class OverdueCheckTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task OverdueCheck_WhenTheDueDatePassesAndTheCheckRunsTwice_PublishesInvoiceBecameOverdueOnce()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var customer = await CreateCustomerAsync(op, _company);
        var invoice = await RecordAsync(op, _company, "invoices", customer.Id, 300m, "2030-01-01", "2030-01-10");
        var scopes = _factory.Services.GetRequiredService<IServiceScopeFactory>();

        var onDueDate = await new OverdueChecker(scopes, new FixedTime(new DateTimeOffset(2030, 1, 10, 12, 0, 0, TimeSpan.Zero))).CheckAsync(CancellationToken.None);
        var dayAfter = new OverdueChecker(scopes, new FixedTime(new DateTimeOffset(2030, 1, 11, 12, 0, 0, TimeSpan.Zero)));
        var first = await dayAfter.CheckAsync(CancellationToken.None);
        var again = await dayAfter.CheckAsync(CancellationToken.None);

        (await OverdueEventsFor(invoice.Id)).ShouldBe(1);
        first.ShouldBeGreaterThanOrEqualTo(1);
        again.ShouldBe(0);
        onDueDate.ShouldBe(0);
    }

    [Fact]
    public async Task OverdueCheck_WhenSeveralProcessesRunItAtTheSameMidnight_PublishesEachInvoiceOnce()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var customer = await CreateCustomerAsync(op, _company);
        var invoices = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            invoices.Add((await RecordAsync(op, _company, "invoices", customer.Id, 10m + i, "2031-03-01", "2031-03-10")).Id);
        }

        var scopes = _factory.Services.GetRequiredService<IServiceScopeFactory>();
        await new OverdueChecker(scopes, new FixedTime(new DateTimeOffset(2031, 3, 9, 12, 0, 0, TimeSpan.Zero))).CheckAsync(CancellationToken.None);
        var midnight = new FixedTime(new DateTimeOffset(2031, 3, 11, 0, 0, 1, TimeSpan.Zero));

        var published = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new OverdueChecker(scopes, midnight).CheckAsync(CancellationToken.None))));

        foreach (var invoice in invoices)
        {
            (await OverdueEventsFor(invoice)).ShouldBe(1);
        }

        published.Sum().ShouldBe(published.Max());
    }

    private async Task<int> OverdueEventsFor(Guid invoiceId)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReceivablesDbContext>();
        var payloads = await db.OutboxMessages.IgnoreQueryFilters().Where(m => m.EventType.EndsWith("InvoiceBecameOverdue")).Select(m => m.Payload).ToListAsync();
        return payloads.Count(p => p.Contains(invoiceId.ToString(), StringComparison.Ordinal));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
