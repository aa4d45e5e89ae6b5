using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Receivables.Features;
using Etrepaye.Receivables.Features.AllocateItem;
using Etrepaye.Receivables.Features.GetAgedBalance;
using Etrepaye.Receivables.Features.GetCustomerStatement;
using Etrepaye.Receivables.Features.GetItem;
using Etrepaye.Receivables.Features.GetKpis;
using Etrepaye.Shared.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Receivables;

/// <summary>Customers, items, allocations and multi-currency reporting, through the HTTP API.</summary>
public sealed class LedgerTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task CreateCustomer_WhenValid_CanBeReadUpdatedAndListed()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var reference = NewReference("CUST");
        var created = await CreateCustomerAsync(manager, _company, reference: reference);

        var fetched = await (await manager.GetAsync($"{Base(_company)}/customers/{created.Id}")).ReadAsync<CustomerResponse>();
        fetched.Reference.ShouldBe(reference);
        fetched.Contacts.Single().Role.ShouldBe("Billing");

        var updated = await (await manager.PutAsJsonAsync($"{Base(_company)}/customers/{created.Id}", new
        {
            name = "Renamed SAS",
            siren = "303265045",
            vatNumber = "FR40303265045",
            country = "FR",
            currency = "EUR",
            paymentTermsDays = 45,
            segment = "SME",
            riskClass = "B",
            contacts = new[]
            {
                new { name = "Paul Compta", role = "Accounting", email = (string?)"paul@example.com", preferredChannel = "Letter" },
                new { name = "Pia Achats", role = "Purchasing", email = (string?)null, preferredChannel = "Phone" },
            },
            version = fetched.Version,
        })).ReadAsync<CustomerResponse>();
        updated.Name.ShouldBe("Renamed SAS");
        updated.PaymentTermsDays.ShouldBe(45);
        updated.Contacts.Select(c => c.Role).ShouldBe(["Accounting", "Purchasing"]);

        var stale = await manager.PutAsJsonAsync($"{Base(_company)}/customers/{created.Id}", new { name = "Again", currency = "EUR", version = fetched.Version });
        await stale.ShouldHaveStatusAsync(HttpStatusCode.Conflict);

        var duplicate = await manager.PostJsonAsync($"{Base(_company)}/customers", new { reference, name = "Twin", currency = "EUR" });
        await duplicate.ShouldHaveStatusAsync(HttpStatusCode.Conflict);

        var list = await (await manager.GetAsync($"{Base(_company)}/customers?search={reference}")).ReadAsync<PagedResult<JsonElement>>();
        list.Items.Count.ShouldBe(1);
    }

    [Fact]
    public async Task CreateCustomer_WhenFieldsAreWrong_Returns400NamingThem()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);

        var response = await manager.PostJsonAsync($"{Base(_company)}/customers", new { reference = "", name = "", currency = "XXZ", siren = "12", paymentTermsDays = -1 });

        var problem = await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        problem.ErrorFields().ShouldBe(["currency", "name", "paymentTermsDays", "reference", "siren"], ignoreOrder: true);
    }

    [Fact]
    public async Task RecordInvoiceAndReports_WhenInputIsWrong_Return400NamingTheFields()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);

        var invoice = await op.PostJsonAsync($"{Base(_company)}/invoices", new { customerId = Guid.Empty, reference = "", currency = "EURO", issueDate = "2026-01-10", dueDate = "2026-01-01", amount = -5m });
        var aged = await op.GetAsync($"{Base(_company)}/aged-balance?basis=someday");
        var kpis = await op.GetAsync($"{Base(_company)}/kpis?asOf=2026-01-31&from=2026-02-01&to=2026-01-01");
        var rate = await op.PutAsJsonAsync($"{Base(_company)}/exchange-rates", new { date = "2026-01-01", fromCurrency = "EUR", toCurrency = "EUR", rate = 0m });

        (await invoice.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["amount", "currency", "customerId", "dueDate", "reference"], ignoreOrder: true);
        (await aged.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["asOf", "basis"], ignoreOrder: true);
        (await kpis.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["to"]);
        (await rate.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["rate", "toCurrency"], ignoreOrder: true);
    }

    [Fact]
    public async Task Allocate_WhenPaymentIsPartial_LeavesTheRestOfTheInvoiceOpen()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var customer = await CreateCustomerAsync(op, _company);
        var invoice = await RecordAsync(op, _company, "invoices", customer.Id, 1000m, "2026-01-10", "2026-02-09");
        var payment = await RecordAsync(op, _company, "payments", customer.Id, 400m, "2026-02-01");

        var result = await (await op.PostJsonAsync($"{Base(_company)}/allocations", new { sourceItemId = payment.Id, targetItemId = invoice.Id, date = "2026-02-01" }))
            .ReadAsync<AllocateItemResponse>();

        result.Target.OpenAmount.ShouldBe(new Money(600m, "EUR"));
        result.Target.Status.ShouldBe("Open");
        result.Source.OpenAmount.Amount.ShouldBe(0m);
        result.Source.Status.ShouldBe("Settled");
        var before = await (await op.GetAsync($"{Base(_company)}/customers/{customer.Id}/statement?asOf=2026-01-31")).ReadAsync<CustomerStatementResponse>();
        before.Items.Single().OpenAmount.Amount.ShouldBe(1000m);
        var after = await (await op.GetAsync($"{Base(_company)}/customers/{customer.Id}/statement?asOf=2026-02-01")).ReadAsync<CustomerStatementResponse>();
        after.Items.Single().OpenAmount.Amount.ShouldBe(600m);
        after.Balances.Single().Balance.ShouldBe(600m);
    }

    [Fact]
    public async Task Allocate_WhenCreditNoteCoversTheInvoice_SettlesIt()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var customer = await CreateCustomerAsync(op, _company);
        var invoice = await RecordAsync(op, _company, "invoices", customer.Id, 250m, "2026-01-10");
        var creditNote = await RecordAsync(op, _company, "credit-notes", customer.Id, 250m, "2026-01-20");

        var result = await (await op.PostJsonAsync($"{Base(_company)}/allocations", new { sourceItemId = creditNote.Id, targetItemId = invoice.Id, date = "2026-01-20" }))
            .ReadAsync<AllocateItemResponse>();

        result.Target.Status.ShouldBe("Settled");
        result.Target.SettledDate.ShouldBe(new DateOnly(2026, 1, 20));
        result.Source.Status.ShouldBe("Settled");
        var detail = await (await op.GetAsync($"{Base(_company)}/items/{invoice.Id}")).ReadAsync<ItemDetailResponse>();
        detail.Allocations.Single().SourceItemId.ShouldBe(creditNote.Id);
    }

    [Fact]
    public async Task Allocate_WhenPaymentExceedsInvoice_KeepsTheExcessAsUnappliedCash()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var customer = await CreateCustomerAsync(op, _company);
        var invoice = await RecordAsync(op, _company, "invoices", customer.Id, 100m, "2026-01-10", "2026-02-09");
        var payment = await RecordAsync(op, _company, "payments", customer.Id, 150m, "2026-01-25");

        var result = await (await op.PostJsonAsync($"{Base(_company)}/allocations", new { sourceItemId = payment.Id, targetItemId = invoice.Id, date = "2026-01-25" }))
            .ReadAsync<AllocateItemResponse>();

        result.Target.Status.ShouldBe("Settled");
        result.Source.OpenAmount.ShouldBe(new Money(50m, "EUR"));
        var statement = await (await op.GetAsync($"{Base(_company)}/customers/{customer.Id}/statement?asOf=2026-01-31")).ReadAsync<CustomerStatementResponse>();
        statement.Items.Single().Type.ShouldBe("Payment");
        statement.Balances.Single().UnappliedCredits.ShouldBe(50m);
        statement.Balances.Single().Balance.ShouldBe(-50m);
        var aged = await (await op.GetAsync($"{Base(_company)}/aged-balance?asOf=2026-01-31&currency=EUR&pageSize=200")).ReadAsync<AgedBalanceResponse>();
        var line = aged.Customers.Items.Single(c => c.CustomerId == customer.Id).Lines.Single();
        line.UnappliedCredits.ShouldBe(new AgedAmount(50m, 1));
        line.TotalOpen.Amount.ShouldBe(0m);

        var tooMuch = await op.PostJsonAsync($"{Base(_company)}/allocations", new { sourceItemId = payment.Id, targetItemId = invoice.Id, amount = 10m });
        await tooMuch.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Allocate_WhenCurrenciesDifferAndNoRateExists_Returns422AndWritesNothing()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var customer = await CreateCustomerAsync(op, _company);
        var invoice = await RecordAsync(op, _company, "invoices", customer.Id, 100m, "2026-01-10", currency: "NOK");
        var payment = await RecordAsync(op, _company, "payments", customer.Id, 100m, "2026-01-25", currency: "SEK");

        var response = await op.PostJsonAsync($"{Base(_company)}/allocations", new { sourceItemId = payment.Id, targetItemId = invoice.Id });

        var problem = await response.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity);
        problem.ErrorFields().ShouldContain("targetItemId");
        problem.GetRawText().ShouldContain("SEK→NOK");
        var detail = await (await op.GetAsync($"{Base(_company)}/items/{invoice.Id}")).ReadAsync<ItemDetailResponse>();
        (detail.Item.OpenAmount.Amount, detail.Allocations.Count).ShouldBe((100m, 0));
    }

    [Fact]
    public async Task Allocate_WhenPaymentIsInAnotherCurrency_ConvertsAtTheRateOfThePaymentDateAndRecordsIt()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var customer = await CreateCustomerAsync(admin, _company, currency: "CHF");
        var invoice = await RecordAsync(admin, _company, "invoices", customer.Id, 500m, "2026-03-01", "2026-03-31", currency: "CHF");
        var payment = await RecordAsync(admin, _company, "payments", customer.Id, 1000m, "2026-03-10", currency: "GBP");
        foreach (var (date, rate) in new[] { ("2026-03-01", 1.10m), ("2026-03-09", 1.25m), ("2026-03-11", 1.40m) })
        {
            (await admin.PutAsJsonAsync($"{Base(_company)}/exchange-rates", new { date, fromCurrency = "GBP", toCurrency = "CHF", rate })).EnsureSuccessStatusCode();
        }

        var partial = await (await admin.PostJsonAsync($"{Base(_company)}/allocations", new { sourceItemId = payment.Id, targetItemId = invoice.Id, amount = 100m, date = "2026-03-20" }))
            .ReadAsync<AllocateItemResponse>();
        var rest = await (await admin.PostJsonAsync($"{Base(_company)}/allocations", new { sourceItemId = payment.Id, targetItemId = invoice.Id, date = "2026-03-20" }))
            .ReadAsync<AllocateItemResponse>();

        (partial.Amount, partial.TargetAmount, partial.Rate, partial.RateDate).ShouldBe((100m, 125m, 1.25m, new DateOnly(2026, 3, 9)));
        partial.Target.OpenAmount.ShouldBe(new Money(375m, "CHF"));
        (rest.Amount, rest.TargetAmount, rest.Rate).ShouldBe((300m, 375m, 1.25m));
        rest.Target.Status.ShouldBe("Settled");
        rest.Source.OpenAmount.ShouldBe(new Money(600m, "GBP"));
        var statement = await (await admin.GetAsync($"{Base(_company)}/customers/{customer.Id}/statement?asOf=2026-03-20")).ReadAsync<CustomerStatementResponse>();
        statement.Items.Single().OpenAmount.ShouldBe(new Money(600m, "GBP"));
        var before = await (await admin.GetAsync($"{Base(_company)}/customers/{customer.Id}/statement?asOf=2026-03-19")).ReadAsync<CustomerStatementResponse>();
        before.Items.Single(i => i.Type == "Invoice").OpenAmount.ShouldBe(new Money(500m, "CHF"));
        var detail = await (await admin.GetAsync($"{Base(_company)}/items/{invoice.Id}")).ReadAsync<JsonElement>();
        detail.GetProperty("allocations").EnumerateArray().Select(a => a.GetProperty("rate").GetDecimal()).ShouldBe([1.25m, 1.25m]);
    }

    [Fact]
    public async Task AgedBalance_WhenEurAndUsdAreOpen_NeverAddsThemWithoutARate()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var entity = "FX" + Guid.NewGuid().ToString("N")[..6];
        var customer = await CreateCustomerAsync(admin, _company, legalEntityCode: entity);
        await RecordAsync(admin, _company, "invoices", customer.Id, 1000m, "2025-01-05", "2025-02-04", currency: "EUR");
        await RecordAsync(admin, _company, "invoices", customer.Id, 500m, "2025-01-05", "2025-01-20", currency: "USD");
        await RecordAsync(admin, _company, "invoices", customer.Id, 200m, "2025-01-06", "2025-03-01", currency: "USD");

        var aged = await (await admin.GetAsync($"{Base(_company)}/aged-balance?asOf=2025-02-10&entity={entity}")).ReadAsync<AgedBalanceResponse>();

        aged.Totals.Select(t => (t.Currency, t.TotalOpen.Amount)).ShouldBe([("EUR", 1000m), ("USD", 700m)]);
        var usd = aged.Totals.Single(t => t.Currency == "USD");
        usd.NotDue.ShouldBe(new AgedAmount(200m, 1));
        usd.Buckets[0].ShouldBe(new AgedAmount(500m, 1));
        aged.Totals.Single(t => t.Currency == "EUR").Buckets[0].Amount.ShouldBe(1000m);
        aged.ReportingCurrencyTotal!.Currency.ShouldBe("EUR");
        aged.ReportingCurrencyTotal.Line.ShouldBeNull();
        aged.ReportingCurrencyTotal.MissingRates.ShouldBe(["USD"]);
        var kpisWithoutRate = await admin.GetAsync($"{Base(_company)}/kpis?asOf=2025-02-10");
        await kpisWithoutRate.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity);

        (await admin.PutAsJsonAsync($"{Base(_company)}/exchange-rates", new { date = "2025-01-01", fromCurrency = "USD", toCurrency = "EUR", rate = 0.9m }))
            .EnsureSuccessStatusCode();
        var converted = await (await admin.GetAsync($"{Base(_company)}/aged-balance?asOf=2025-02-10&entity={entity}")).ReadAsync<AgedBalanceResponse>();

        converted.Totals.Count.ShouldBe(2);
        converted.ReportingCurrencyTotal!.Line!.TotalOpen.Amount.ShouldBe(1000m + (700m * 0.9m));
        converted.ReportingCurrencyTotal.Line.NotDue.Amount.ShouldBe(180m);
        var kpis = await (await admin.GetAsync($"{Base(_company)}/kpis?asOf=2025-02-10")).ReadAsync<KpisResponse>();
        kpis.Currency.ShouldBe("EUR");
        kpis.Options.Conversion.ShouldContain("converted");
    }

    [Fact]
    public async Task RecordInvoice_WhenRecorded_PublishesInvoiceIssuedThroughTheOutbox()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var customer = await CreateCustomerAsync(op, _company);

        var invoice = await RecordAsync(op, _company, "invoices", customer.Id, 75m, "2026-03-01");

        invoice.DueDate.ShouldBe(new DateOnly(2026, 3, 31));
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Etrepaye.Receivables.Data.ReceivablesDbContext>();
        var payloads = await db.OutboxMessages.IgnoreQueryFilters().Where(m => m.EventType.EndsWith("InvoiceIssued")).Select(m => m.Payload).ToListAsync();
        payloads.ShouldContain(p => p.Contains(invoice.Id.ToString()));
    }
}
