using System.Net;
using System.Net.Http.Json;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Receivables.Features.GetAgedBalance;
using Etrepaye.Receivables.Features.GetCustomerGroupAgedBalance;
using Etrepaye.Receivables.Features.GetCustomerStatement;
using Etrepaye.Receivables.Features.GetKpis;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Receivables;

/// <summary>
/// The as-of reports read the items open on a date as "still open" plus "settled after the date", with the allocations summed
/// once per item: the cases where that split could change an answer. Each test has its own legal entity or currency, so the
/// company-wide reports can be filtered down to its items.
/// </summary>
public sealed class AsOfReportTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task Reports_WhenAnInvoiceIsSettledAfterTheDate_CountItOpenOnTheDate()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var entity = NewEntity();
        var customer = await CreateCustomerAsync(admin, _company, "MXN", legalEntityCode: entity);
        var invoice = await RecordAsync(admin, _company, "invoices", customer.Id, 1000m, "2025-01-05", "2025-02-04", currency: "MXN");
        var payment = await RecordAsync(admin, _company, "payments", customer.Id, 1000m, "2025-03-01", currency: "MXN");
        await AllocateAsync(admin, payment.Id, invoice.Id, null, "2025-03-01");

        var onTheDate = await AgedAsync(admin, $"asOf=2025-02-20&entity={entity}");
        var group = await (await admin.GetAsync($"{Base(_company)}/customers/{customer.Id}/group/aged-balance?asOf=2025-02-20"))
            .ReadAsync<CustomerGroupAgedBalanceResponse>();
        var kpis = await KpisAsync(admin, "asOf=2025-02-20&currency=MXN");
        var settled = await AgedAsync(admin, $"asOf=2025-03-01&entity={entity}");
        var kpisSettled = await KpisAsync(admin, "asOf=2025-03-01&currency=MXN");

        var line = onTheDate.Totals.Single();
        (line.Currency, line.TotalOpen, line.Buckets[0], line.NotDue.Count).ShouldBe(("MXN", new AgedAmount(1000m, 1), new AgedAmount(1000m, 1), 0));
        (onTheDate.Customers.TotalCount, onTheDate.Customers.Items.Single().CustomerId).ShouldBe((1, customer.Id));
        group.Totals.Single().TotalOpen.ShouldBe(new AgedAmount(1000m, 1));
        (kpis.Inputs.ReceivablesAtAsOf, kpis.Inputs.OverdueAtAsOf, kpis.Inputs.NotDueAtAsOf, kpis.Inputs.SalesOfPeriod).ShouldBe((1000m, 1000m, 0m, 1000m));
        // 20 days of February without sales, then January's 1,000 exhaust the 1,000 open: 20 + 31.
        kpis.Figures.Single(f => f.Name == "dsoCountBack").Value.ShouldBe(51m);
        (settled.Totals.Count, settled.Customers.TotalCount).ShouldBe((0, 0));
        kpisSettled.Inputs.ReceivablesAtAsOf.ShouldBe(0m);
    }

    [Fact]
    public async Task Reports_WhenAPaymentAndACreditNoteAreAllocatedPartlyAfterTheDate_TakeOffOnlyWhatWasAllocatedByThen()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var entity = NewEntity();
        var customer = await CreateCustomerAsync(admin, _company, "PLN", legalEntityCode: entity);
        var invoice = await RecordAsync(admin, _company, "invoices", customer.Id, 1000m, "2025-01-05", "2025-02-04", currency: "PLN");
        var payment = await RecordAsync(admin, _company, "payments", customer.Id, 600m, "2025-02-10", currency: "PLN");
        var creditNote = await RecordAsync(admin, _company, "credit-notes", customer.Id, 200m, "2025-02-15", currency: "PLN");
        await AllocateAsync(admin, payment.Id, invoice.Id, 300m, "2025-02-10");
        await AllocateAsync(admin, payment.Id, invoice.Id, null, "2025-03-05");
        await AllocateAsync(admin, creditNote.Id, invoice.Id, null, "2025-03-05");

        var before = await AgedAsync(admin, $"asOf=2025-02-09&entity={entity}");
        var between = await AgedAsync(admin, $"asOf=2025-02-20&entity={entity}");
        var after = await AgedAsync(admin, $"asOf=2025-03-05&entity={entity}");
        var kpis = await KpisAsync(admin, "asOf=2025-02-20&currency=PLN");
        var kpisNetOfCredits = await KpisAsync(admin, "asOf=2025-02-20&currency=PLN&includeUnappliedCash=true");
        var statement = await (await admin.GetAsync($"{Base(_company)}/customers/{customer.Id}/statement?asOf=2025-02-20")).ReadAsync<CustomerStatementResponse>();

        (before.Totals.Single().TotalOpen, before.Totals.Single().UnappliedCredits).ShouldBe((new AgedAmount(1000m, 1), new AgedAmount(0m, 0)));
        var line = between.Totals.Single();
        (line.TotalOpen, line.Buckets[0], line.UnappliedCredits, line.Balance).ShouldBe((new AgedAmount(700m, 1), new AgedAmount(700m, 1), new AgedAmount(500m, 2), 200m));
        var own = between.Customers.Items.Single().Lines.Single();
        (own.TotalOpen, own.Buckets[0], own.UnappliedCredits, own.Balance).ShouldBe((line.TotalOpen, line.Buckets[0], line.UnappliedCredits, line.Balance));
        (after.Totals.Single().TotalOpen, after.Totals.Single().UnappliedCredits).ShouldBe((new AgedAmount(200m, 1), new AgedAmount(0m, 0)));
        (kpis.Inputs.ReceivablesAtAsOf, kpisNetOfCredits.Inputs.ReceivablesAtAsOf, kpisNetOfCredits.Inputs.NotDueAtAsOf).ShouldBe((700m, 200m, -500m));
        statement.Items.Select(i => (i.Type, i.OpenAmount.Amount)).ShouldBe([("Invoice", 700m), ("Payment", 300m), ("CreditNote", 200m)], ignoreOrder: true);
    }

    [Fact]
    public async Task Reports_WhenAPaymentInAnotherCurrencyIsAllocatedAfterTheDate_TakeOffItsConvertedAmountFromThenOn()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var entity = NewEntity();
        var customer = await CreateCustomerAsync(admin, _company, "HUF", legalEntityCode: entity);
        var invoice = await RecordAsync(admin, _company, "invoices", customer.Id, 10000m, "2025-01-05", "2025-02-04", currency: "HUF");
        var payment = await RecordAsync(admin, _company, "payments", customer.Id, 150m, "2025-03-01", currency: "DKK");
        foreach (var (from, to, rate) in new[] { ("DKK", "HUF", 50m), ("HUF", "EUR", 0.0025m), ("DKK", "EUR", 0.13m) })
        {
            (await admin.PutAsJsonAsync($"{Base(_company)}/exchange-rates", new { date = "2025-01-01", fromCurrency = from, toCurrency = to, rate })).EnsureSuccessStatusCode();
        }

        await AllocateAsync(admin, payment.Id, invoice.Id, 100m, "2025-03-01");

        var before = await AgedAsync(admin, $"asOf=2025-02-20&entity={entity}");
        var after = await AgedAsync(admin, $"asOf=2025-03-02&entity={entity}");
        var kpis = await KpisAsync(admin, "asOf=2025-03-02&currency=HUF");

        before.Totals.Single().TotalOpen.ShouldBe(new AgedAmount(10000m, 1));
        before.ReportingCurrencyTotal!.Line!.TotalOpen.Amount.ShouldBe(25m);
        after.Totals.Select(t => (t.Currency, t.TotalOpen.Amount, t.UnappliedCredits.Amount)).ShouldBe([("DKK", 0m, 50m), ("HUF", 5000m, 0m)]);
        after.ReportingCurrencyTotal!.Line!.TotalOpen.Amount.ShouldBe(12.5m);
        after.ReportingCurrencyTotal.Line.UnappliedCredits.Amount.ShouldBe(6.5m);
        kpis.Inputs.ReceivablesAtAsOf.ShouldBe(5000m);
    }

    [Fact]
    public async Task Reports_WhenItemsHaveSeveralAllocationsAsTargetsAndAsSources_SumThemOncePerItem()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var entity = NewEntity();
        var customer = await CreateCustomerAsync(admin, _company, "RON", legalEntityCode: entity);
        var first = await RecordAsync(admin, _company, "invoices", customer.Id, 1000m, "2025-01-05", "2025-02-04", currency: "RON");
        var second = await RecordAsync(admin, _company, "invoices", customer.Id, 400m, "2025-01-20", "2025-03-20", currency: "RON");
        var payment = await RecordAsync(admin, _company, "payments", customer.Id, 900m, "2025-02-01", currency: "RON");
        var creditNote = await RecordAsync(admin, _company, "credit-notes", customer.Id, 150m, "2025-02-03", currency: "RON");
        await AllocateAsync(admin, payment.Id, first.Id, 200m, "2025-02-01");
        await AllocateAsync(admin, payment.Id, first.Id, 300m, "2025-02-08");
        await AllocateAsync(admin, payment.Id, second.Id, 100m, "2025-02-10");
        await AllocateAsync(admin, creditNote.Id, first.Id, 50m, "2025-02-12");
        await AllocateAsync(admin, creditNote.Id, second.Id, 100m, "2025-02-25");

        var aged = await AgedAsync(admin, $"asOf=2025-02-20&entity={entity}");
        var group = await (await admin.GetAsync($"{Base(_company)}/customers/{customer.Id}/group/aged-balance?asOf=2025-02-20"))
            .ReadAsync<CustomerGroupAgedBalanceResponse>();
        var kpis = await KpisAsync(admin, "asOf=2025-02-20&currency=RON&includeUnappliedCash=true");
        var statement = await (await admin.GetAsync($"{Base(_company)}/customers/{customer.Id}/statement?asOf=2025-02-20")).ReadAsync<CustomerStatementResponse>();

        // On the 20th: the first invoice 1,000 − 200 − 300 − 50 = 450 (overdue), the second 400 − 100 = 300 (not due), the payment
        // 900 − 600 = 300 and the credit note 150 − 50 = 100 unapplied; the credit note's allocation of the 25th does not count yet.
        var line = aged.Totals.Single();
        (line.TotalOpen, line.NotDue, line.UnappliedCredits, line.Balance).ShouldBe((new AgedAmount(750m, 2), new AgedAmount(300m, 1), new AgedAmount(400m, 2), 350m));
        group.Totals.Single().TotalOpen.ShouldBe(new AgedAmount(750m, 2));
        (kpis.Inputs.ReceivablesAtAsOf, kpis.Inputs.NotDueAtAsOf, kpis.Inputs.OverdueAtAsOf).ShouldBe((350m, -100m, 450m));
        statement.Items.Select(i => (i.Type, i.OpenAmount.Amount)).ShouldBe(
            [("Invoice", 450m), ("Invoice", 300m), ("Payment", 300m), ("CreditNote", 100m)], ignoreOrder: true);
    }

    [Fact]
    public async Task AgedBalance_WhenCustomersSpanPages_PagesThemInReferenceOrderWithTheirOwnLines()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var entity = NewEntity();
        var prefix = NewReference("P");
        var customers = new List<Guid>();
        foreach (var (suffix, amount) in new[] { ("c", 30m), ("a", 10m), ("b", 20m) })
        {
            var customer = await CreateCustomerAsync(admin, _company, reference: prefix + suffix, legalEntityCode: entity);
            await RecordAsync(admin, _company, "invoices", customer.Id, amount, "2025-01-05", "2025-02-04");
            customers.Add(customer.Id);
        }

        var settledCustomer = await CreateCustomerAsync(admin, _company, reference: prefix + "0", legalEntityCode: entity);
        var settledInvoice = await RecordAsync(admin, _company, "invoices", settledCustomer.Id, 5m, "2025-01-05", "2025-02-04");
        var settledPayment = await RecordAsync(admin, _company, "payments", settledCustomer.Id, 5m, "2025-01-10");
        await AllocateAsync(admin, settledPayment.Id, settledInvoice.Id, null, "2025-01-10");

        var first = await AgedAsync(admin, $"asOf=2025-02-20&entity={entity}&page=1&pageSize=2");
        var second = await AgedAsync(admin, $"asOf=2025-02-20&entity={entity}&page=2&pageSize=2");

        first.Customers.TotalCount.ShouldBe(3);
        first.Totals.Single().TotalOpen.ShouldBe(new AgedAmount(60m, 3));
        first.Customers.Items.Select(c => (c.Reference, c.Lines.Single().TotalOpen.Amount)).ShouldBe([(prefix + "a", 10m), (prefix + "b", 20m)]);
        second.Customers.Items.Select(c => (c.Reference, c.Lines.Single().TotalOpen.Amount)).ShouldBe([(prefix + "c", 30m)]);
    }

    [Fact]
    public async Task Reports_WhenAnotherCompanyHasOpenItemsInTheSameCurrency_NeverCountThem()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);
        var customerOfA = await CreateCustomerAsync(admin, _company, "ZAR");
        var customerOfB = await CreateCustomerAsync(admin, EtrepayeFactory.DemoClientCompanyId, "ZAR");
        await RecordAsync(admin, _company, "invoices", customerOfA.Id, 300m, "2025-01-05", "2025-02-04", currency: "ZAR");
        await RecordAsync(admin, EtrepayeFactory.DemoClientCompanyId, "invoices", customerOfB.Id, 700m, "2025-01-05", "2025-02-04", currency: "ZAR");

        var aged = await AgedAsync(operatorOfA, "asOf=2025-02-20&currency=ZAR");
        var kpis = await KpisAsync(operatorOfA, "asOf=2025-02-20&currency=ZAR");
        var groupOfBThroughA = await admin.GetAsync($"{Base(_company)}/customers/{customerOfB.Id}/group/aged-balance?asOf=2025-02-20");

        aged.Totals.Single().TotalOpen.ShouldBe(new AgedAmount(300m, 1));
        aged.Customers.Items.Select(c => c.CustomerId).ShouldBe([customerOfA.Id]);
        (kpis.Inputs.ReceivablesAtAsOf, kpis.Inputs.SalesOfPeriod).ShouldBe((300m, 300m));
        await groupOfBThroughA.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Kpis_WhenTheOpeningClosingAndAsOfDatesDiffer_SumEachDatesOwnOpenItems()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var customer = await CreateCustomerAsync(admin, _company, "CZK", legalEntityCode: NewEntity());
        // Open on the opening date (31 January) only: settled on 15 February.
        var january = await RecordAsync(admin, _company, "invoices", customer.Id, 1000m, "2025-01-10", "2025-02-09", currency: "CZK");
        var february = await RecordAsync(admin, _company, "payments", customer.Id, 1000m, "2025-02-15", currency: "CZK");
        await AllocateAsync(admin, february.Id, january.Id, null, "2025-02-15");
        // Open on the closing date (15 March) less a partial payment, overdue then, settled on 5 April.
        var march = await RecordAsync(admin, _company, "invoices", customer.Id, 500m, "2025-02-20", "2025-03-12", currency: "CZK");
        var partial = await RecordAsync(admin, _company, "payments", customer.Id, 200m, "2025-03-10", currency: "CZK");
        await AllocateAsync(admin, partial.Id, march.Id, null, "2025-03-10");
        var rest = await RecordAsync(admin, _company, "payments", customer.Id, 300m, "2025-04-05", currency: "CZK");
        await AllocateAsync(admin, rest.Id, march.Id, null, "2025-04-05");
        // Issued after the closing date: open on the as-of date only.
        await RecordAsync(admin, _company, "invoices", customer.Id, 300m, "2025-04-01", "2025-05-01", currency: "CZK");

        var kpis = await KpisAsync(admin, "asOf=2025-04-10&from=2025-02-01&to=2025-03-15&currency=CZK");
        var withCredits = await KpisAsync(admin, "asOf=2025-04-10&from=2025-02-01&to=2025-03-15&currency=CZK&includeUnappliedCash=true");

        (kpis.Inputs.OpeningReceivables, kpis.Inputs.ClosingReceivables, kpis.Inputs.ClosingCurrentReceivables).ShouldBe((1000m, 300m, 0m));
        (kpis.Inputs.ReceivablesAtAsOf, kpis.Inputs.NotDueAtAsOf, kpis.Inputs.SalesOfPeriod).ShouldBe((300m, 300m, 500m));
        // Every payment was used up on the day it came: nothing unapplied on any of the three dates.
        withCredits.Inputs.ShouldBe(kpis.Inputs);
    }

    private static string NewEntity() => "E" + Guid.NewGuid().ToString("N")[..8];

    private async Task<AgedBalanceResponse> AgedAsync(HttpClient client, string query) =>
        await (await client.GetAsync($"{Base(_company)}/aged-balance?{query}")).ReadAsync<AgedBalanceResponse>();

    private async Task<KpisResponse> KpisAsync(HttpClient client, string query) =>
        await (await client.GetAsync($"{Base(_company)}/kpis?{query}")).ReadAsync<KpisResponse>();

    private static async Task AllocateAsync(HttpClient client, Guid source, Guid target, decimal? amount, string date) =>
        (await client.PostJsonAsync($"{Base(_company)}/allocations", new { sourceItemId = source, targetItemId = target, amount, date })).EnsureSuccessStatusCode();
}
