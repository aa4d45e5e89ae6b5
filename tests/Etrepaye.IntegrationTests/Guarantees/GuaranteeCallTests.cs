using System.Net;
using Etrepaye.Guarantees.Features;
using Etrepaye.Guarantees.Features.Reports;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Contracts;
using static Etrepaye.IntegrationTests.Guarantees.GuaranteesApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Guarantees;

/// <summary>
/// Calling a guarantee and recording what the issuer pays. There is no collection case yet (the Collection module is an empty
/// shell): the call's receipts are published as GuaranteeCallProceedsReceived for the module that will own cases.
/// </summary>
public sealed class GuaranteeCallTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task CallGuarantee_WhenTheIssuerPaysInTwoParts_RecordsTheAmountsReceivedAndPublishesTheEventsForTheCase()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var customer = await CreateCustomerAsync(manager, _company, "EUR");
        var first = await RecordAsync(manager, _company, "invoices", customer.Id, 30_000m, "2030-01-05", "2030-02-05");
        var second = await RecordAsync(manager, _company, "invoices", customer.Id, 25_000m, "2030-01-20", "2030-02-20");
        var guarantee = await CreateActiveAsync(manager, _company, customer.Id, "BankGuarantee", 60_000m, "EUR", "2030-01-01", "2030-12-31");

        var call = await (await manager.PostJsonAsync($"{Url(_company)}/{guarantee.Id}/calls", new
        {
            amount = 55_000m,
            invoiceIds = new[] { first.Id, second.Id },
            calledOn = "2030-04-01",
            reason = "Payment default",
        })).ReadAsync<GuaranteeCallResponse>();
        var part = await (await manager.PostJsonAsync($"{Url(_company)}/calls/{call.Id}/receipts", new { amount = 40_000m, receivedOn = "2030-04-10", reference = "SWIFT-1" }))
            .ReadAsync<GuaranteeCallResponse>();
        var rest = await (await manager.PostJsonAsync($"{Url(_company)}/calls/{call.Id}/receipts", new { amount = 15_000m, receivedOn = "2030-04-20" }))
            .ReadAsync<GuaranteeCallResponse>();
        var tooMuch = await manager.PostJsonAsync($"{Url(_company)}/calls/{call.Id}/receipts", new { amount = 1m, receivedOn = "2030-04-21" });

        (call.Amount, call.Status, call.InvoiceIds.Count).ShouldBe((55_000m, "Open", 2));
        (part.AmountReceived, part.Outstanding, part.Status).ShouldBe((40_000m, 15_000m, "PartiallyReceived"));
        (rest.AmountReceived, rest.Outstanding, rest.Status, rest.Receipts.Count).ShouldBe((55_000m, 0m, "Received", 2));
        (await tooMuch.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity)).ErrorFields().ShouldBe(["amount"]);
        var detail = await (await manager.GetAsync($"{Url(_company)}/{guarantee.Id}")).ReadAsync<GuaranteeDetailResponse>();
        (detail.Guarantee.Status, detail.Guarantee.AmountCalled).ShouldBe(("Called", 55_000m));
        var called = (await OutboxPayloadsAsync(_factory.Services, "GuaranteeCalled")).Single(p => p.Contains(call.Id.ToString(), StringComparison.Ordinal));
        called.ShouldContain(first.Id.ToString());
        called.ShouldContain(second.Id.ToString());
        var receipts = (await OutboxPayloadsAsync(_factory.Services, "GuaranteeCallProceedsReceived")).Where(p => p.Contains(call.Id.ToString(), StringComparison.Ordinal)).ToList();
        receipts.Count.ShouldBe(2);
        var last = receipts.Select(p => System.Text.Json.JsonDocument.Parse(p).RootElement)
            .Single(e => e.GetProperty("totalReceived").GetProperty("amount").GetDecimal() == 55_000m);
        last.GetProperty("outstanding").GetProperty("amount").GetDecimal().ShouldBe(0m);
        last.GetProperty("invoiceIds").GetArrayLength().ShouldBe(2);
        var report = await (await manager.GetAsync($"{Url(_company)}/reports/calls?from=2030-04-01&to=2030-04-30&asOf=2030-04-15")).ReadAsync<CallsReportResponse>();
        var line = report.Calls.Single(c => c.CallId == call.Id);
        (line.Called, line.Recovered, line.Outstanding).ShouldBe((55_000m, 40_000m, 15_000m));
        var cover = await (await manager.GetAsync($"{Url(_company)}/cover?customerId={customer.Id}&asOf=2030-04-02")).ReadAsync<Etrepaye.Guarantees.Features.GetCover.CoverResponse>();
        cover.Total.ShouldBe(5_000m);
    }

    [Fact]
    public async Task CallGuarantee_WhenTheAmountExceedsWhatIsLeftOrAnInvoiceIsNotTheCustomers_IsRefusedAndNothingIsCalled()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var customer = await CreateCustomerAsync(manager, _company, "EUR");
        var other = await CreateCustomerAsync(manager, _company, "EUR");
        var foreignInvoice = await RecordAsync(manager, _company, "invoices", other.Id, 1_000m, "2030-01-05", "2030-02-05");
        var guarantee = await CreateActiveAsync(manager, _company, customer.Id, "StandbyLetterOfCredit", 10_000m, "EUR", "2030-01-01", "2030-12-31");

        var tooMuch = await manager.PostJsonAsync($"{Url(_company)}/{guarantee.Id}/calls", new { amount = 10_001m, calledOn = "2030-03-01" });
        var wrongInvoice = await manager.PostJsonAsync($"{Url(_company)}/{guarantee.Id}/calls", new { amount = 100m, invoiceIds = new[] { foreignInvoice.Id }, calledOn = "2030-03-01" });
        var byOperator = await (await _factory.SignInAsync(DemoUsers.Operator)).PostJsonAsync($"{Url(_company)}/{guarantee.Id}/calls", new { amount = 100m, calledOn = "2030-03-01" });

        (await tooMuch.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity)).ErrorFields().ShouldBe(["amount"]);
        (await wrongInvoice.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity)).ErrorFields().ShouldBe(["invoiceIds"]);
        await byOperator.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        var detail = await (await manager.GetAsync($"{Url(_company)}/{guarantee.Id}")).ReadAsync<GuaranteeDetailResponse>();
        (detail.Guarantee.Status, detail.Calls.Count).ShouldBe(("Active", 0));
    }

    [Fact]
    public async Task CallGuaranteeActivity_WhenAProcedureCallsTheGuarantee_TheEffectRecordsTheCallOnce()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var customer = await CreateCustomerAsync(manager, _company, "EUR");
        var invoice = await RecordAsync(manager, _company, "invoices", customer.Id, 8_000m, "2026-01-05", "2026-02-05");
        var guarantee = await CreateActiveAsync(manager, _company, customer.Id, "ParentCompanyGuarantee", 20_000m, "EUR", "2026-01-01", "2030-12-31");

        var instanceId = await GuaranteeWorkflows.StartAsync(_factory.Services, _company, GuaranteeWorkflows.Call, new Dictionary<string, object?>
        {
            ["guaranteeId"] = guarantee.Id.ToString(),
            ["amount"] = new Money(8_000m, "EUR"),
            ["invoiceIds"] = new List<object?> { invoice.Id.ToString() },
        });

        // The detail reads the guarantee and its calls in two statements: a read between them and the effect's commit
        // can see the call without the status, so wait until both are visible.
        GuaranteeDetailResponse? detail = null;
        await Eventually(
            async () => (detail = await (await manager.GetAsync($"{Url(_company)}/{guarantee.Id}")).ReadAsync<GuaranteeDetailResponse>()) is { Calls.Count: 1, Guarantee.Status: "Called" },
            "the effect records the call");
        var call = detail!.Calls.Single();
        (call.Amount, call.InvoiceIds.Single(), call.CalledBy).ShouldBe((8_000m, invoice.Id, "system:workflow-effect:guarantees.call"));
        detail.Guarantee.Status.ShouldBe("Called");
        var variables = await GuaranteeWorkflows.InEngineAsync(_factory.Services, _company, async (_, db) =>
            (await db.Instances.FindAsync(instanceId))!.Snapshot);
        variables.ShouldContain(call.Id.ToString());
    }
}
