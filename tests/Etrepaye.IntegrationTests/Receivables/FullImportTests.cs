using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Features;
using Etrepaye.Receivables.Features.GetCustomerStatement;
using Etrepaye.Receivables.Features.ListCustomers;
using Etrepaye.Shared.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Receivables;

/// <summary>Full imports settle every open item of the company the file does not list, so they run on a database of their own.</summary>
public sealed class FullImportTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task Import_WhenFullModeAndAnOpenItemIsMissing_SettlesItOnTheImportDateWhileDeltaDoesNot()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var p = NewReference("FU");
        var mapping = new
        {
            dateFormats = new[] { "yyyy-MM-dd" },
            defaultCurrency = "EUR",
            columns = new { customerReference = "customer", itemReference = "invoice", issueDate = "date", dueDate = "due", amount = "amount" },
        };
        string File(params string[] invoices) =>
            "customer,invoice,date,due,amount\n" + string.Concat(invoices.Select(i => $"{p}-C,{p}-{i},2026-01-05,2026-02-04,100.00\n"));
        await ImportAsync(op, _company, File("A", "B", "C"), mapping, mode: "full", importDate: "2026-01-31");

        var delta = await ImportAsync(op, _company, File("A"), mapping, mode: "delta", importDate: "2026-02-10");
        delta.ItemsSettledByAbsence.ShouldBe(0);
        var full = await ImportAsync(op, _company, File("A", "B"), mapping, mode: "full", importDate: "2026-02-15");
        full.ItemsSettledByAbsence.ShouldBe(1);
        var again = await ImportAsync(op, _company, File("A", "B"), mapping, mode: "full", importDate: "2026-02-16");

        again.ItemsSettledByAbsence.ShouldBe(0);
        again.ItemsUnchanged.ShouldBe(2);
        var customer = (await (await op.GetAsync($"{Base(_company)}/customers?search={p}-C")).ReadAsync<PagedResult<CustomerSummaryResponse>>()).Items.Single();
        var items = (await (await op.GetAsync($"{Base(_company)}/customers/{customer.Id}/items")).ReadAsync<PagedResult<ItemResponse>>()).Items;
        var c = items.Single(i => i.Reference == $"{p}-C");
        (c.Status, c.SettledDate, c.OpenAmount.Amount).ShouldBe(("Settled", new DateOnly(2026, 2, 15), 0m));
        items.Where(i => i.Reference != $"{p}-C").ShouldAllBe(i => i.Status == "Open");
        var statement = await (await op.GetAsync($"{Base(_company)}/customers/{customer.Id}/statement?asOf=2026-02-14")).ReadAsync<CustomerStatementResponse>();
        statement.Items.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Import_WhenASettledItemIsOpenAgainInALaterFile_ReopensItAndPublishesInvoiceReopened()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var p = NewReference("RO");
        var mapping = new
        {
            dateFormats = new[] { "yyyy-MM-dd" },
            defaultCurrency = "EUR",
            columns = new { customerReference = "customer", itemReference = "invoice", issueDate = "date", dueDate = "due", amount = "amount", settledDate = "settled" },
        };
        const string header = "customer,invoice,date,due,amount,settled\n";
        await ImportAsync(op, _company, header + $"{p}-C,{p}-A,2026-03-01,2026-03-31,100.00,\n{p}-C,{p}-B,2026-03-01,2026-03-31,300.00,2026-03-10\n", mapping);
        await ImportAsync(op, _company, header + $"{p}-C,{p}-B,2026-03-01,2026-03-31,300.00,2026-03-10\n", mapping, mode: "full", importDate: "2026-04-05");

        var reopening = await ImportAsync(op, _company, header + $"{p}-C,{p}-A,2026-03-01,2026-03-31,100.00,\n{p}-C,{p}-B,2026-03-01,2026-03-31,300.00,\n", mapping, importDate: "2026-04-10");
        var again = await ImportAsync(op, _company, header + $"{p}-C,{p}-A,2026-03-01,2026-03-31,100.00,\n{p}-C,{p}-B,2026-03-01,2026-03-31,300.00,\n", mapping, importDate: "2026-04-11");

        (reopening.ItemsReopened, reopening.ItemsUpdated, again.ItemsReopened, again.ItemsUnchanged).ShouldBe((2, 2, 0, 2));
        var customer = (await (await op.GetAsync($"{Base(_company)}/customers?search={p}-C")).ReadAsync<PagedResult<CustomerSummaryResponse>>()).Items.Single();
        var items = (await (await op.GetAsync($"{Base(_company)}/customers/{customer.Id}/items")).ReadAsync<PagedResult<ItemResponse>>()).Items;
        items.ShouldAllBe(i => i.Status == "Open" && i.SettledDate == null && i.OpenAmount.Amount == i.Amount.Amount);
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReceivablesDbContext>();
        var reopened = await db.OutboxMessages.IgnoreQueryFilters()
            .Where(m => m.EventType.EndsWith(nameof(InvoiceReopened)) && m.Payload.Contains(customer.Id.ToString())).Select(m => m.Payload).ToListAsync();
        reopened.Count.ShouldBe(2);
        items.ShouldAllBe(i => reopened.Any(r => r.Contains(i.Id.ToString()) && r.Contains("2026-04-10")));
        var settledByAbsence = await db.OutboxMessages.IgnoreQueryFilters()
            .CountAsync(m => m.EventType.EndsWith(nameof(InvoiceSettled)) && m.Payload.Contains(customer.Id.ToString()) && m.Payload.Contains("2026-04-05"));
        settledByAbsence.ShouldBe(1);
    }
}
