using System.Globalization;
using System.Net.Http.Json;
using System.Net;
using Etrepaye.Collection.Features;
using Etrepaye.Collection.Features.Interest;
using Etrepaye.Collection.Features.Templates;
using Etrepaye.Collection.Interest;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Contracts;
using static Etrepaye.IntegrationTests.Collection.CollectionApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Collection;

/// <summary>One host for the collection case tests, with its own letter and SMS folders.</summary>
public sealed class CollectionHostFixture : IAsyncLifetime
{
    public string Folder { get; } = CollectionFactory.NewFolder();

    public CollectionFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory = new CollectionFactory(await TestDatabase.CreateAsync(), CollectionFactory.Settings(Folder));
        _ = Factory.Server;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Factory.Database.DisposeAsync();
    }
}

/// <summary>Cases opened from the ledger's events, their leader and amounts, interest, rates and templates through the HTTP API.</summary>
public sealed class CollectionCaseTests(CollectionHostFixture fixture) : IClassFixture<CollectionHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly CollectionFactory _factory = fixture.Factory;

    private static string DaysAgo(int days) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task InvoiceBecameOverdue_WhenTheCustomerHasNoCase_OpensOneLedByTheOldestItemNotDisputed()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var customer = await CreateFrenchCustomerAsync(op, _company);
        var disputed = await RecordAsync(op, _company, "invoices", customer.Id, 700m, DaysAgo(90), DaysAgo(60), disputed: true);
        var oldest = await RecordAsync(op, _company, "invoices", customer.Id, 1_000m, DaysAgo(70), DaysAgo(40));
        await RecordAsync(op, _company, "invoices", customer.Id, 300m, DaysAgo(50), DaysAgo(20));
        await RecordAsync(op, _company, "invoices", customer.Id, 900m, DaysAgo(5), DaysAgo(-25));

        await PublishOverdueAsync(_factory.Services, _company, oldest);

        var detail = await WaitForCaseAsync(op, _company, customer.Id, d => d.Case.ProcedureError is not null);
        detail.Case.Status.ShouldBe("Open");
        detail.Case.LeaderItemId.ShouldBe(oldest.Id);
        detail.Case.OverdueAmount.ShouldBe(1_300m);
        detail.Case.ExcludedAmount.ShouldBe(700m);
        detail.Case.OverdueItemCount.ShouldBe(2);
        detail.Items.Count.ShouldBe(4);
        detail.Items.Single(i => i.ItemId == disputed.Id).CollectibleAmount.ShouldBe(0m);
        detail.Items.Single(i => i.Leader).Reference.ShouldBe(oldest.Reference);
        detail.Amounts.ShouldHaveSingleItem().ShouldBe(new CaseAmountResponse("EUR", 2_900m, 2_000m, 700m, 1_300m));
        detail.Case.ProcedureError!.ShouldContain("No assignment rule");
        (await OutboxPayloadsAsync(_factory.Services, "CollectionCaseOpened")).Count(p => p.Contains(customer.Id.ToString(), StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task InvoiceBecameOverdue_WhenDeliveredForASecondInvoice_KeepsTheOneCase()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var customer = await CreateFrenchCustomerAsync(op, _company);
        var first = await RecordAsync(op, _company, "invoices", customer.Id, 100m, DaysAgo(60), DaysAgo(30));
        var second = await RecordAsync(op, _company, "invoices", customer.Id, 200m, DaysAgo(40), DaysAgo(10));

        await PublishOverdueAsync(_factory.Services, _company, first);
        await WaitForCaseAsync(op, _company, customer.Id);
        await PublishOverdueAsync(_factory.Services, _company, second);
        await Eventually(() => OverdueDeliveredAsync(_factory.Services, second.Id), "the second event is delivered");

        var detail = await WaitForCaseAsync(op, _company, customer.Id, d => d.Case.OverdueItemCount == 2);
        var cases = await (await op.GetAsync($"{Url(_company)}/cases?customerId={customer.Id}")).ReadAsync<PagedResult<CaseSummaryResponse>>();
        cases.TotalCount.ShouldBe(1);
        detail.Case.LeaderItemId.ShouldBe(first.Id);
        (await OutboxPayloadsAsync(_factory.Services, "CollectionCaseOpened")).Count(p => p.Contains(customer.Id.ToString(), StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task Payment_WhenItSettlesTheLeaderThenTheWholeAccount_MovesTheLeaderThenClosesTheCase()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var customer = await CreateFrenchCustomerAsync(op, _company);
        var older = await RecordAsync(op, _company, "invoices", customer.Id, 400m, DaysAgo(60), DaysAgo(30));
        var newer = await RecordAsync(op, _company, "invoices", customer.Id, 250m, DaysAgo(45), DaysAgo(15));
        await PublishOverdueAsync(_factory.Services, _company, older);
        var opened = await WaitForCaseAsync(op, _company, customer.Id);

        await PayAsync(op, _company, older, 400m, DaysAgo(2));
        var moved = await WaitForCaseAsync(op, _company, customer.Id, d => d.Case.LeaderItemId == newer.Id);
        await PayAsync(op, _company, newer, 250m, DaysAgo(1));
        var closed = await WaitForCaseAsync(op, _company, customer.Id, d => d.Case.Status == "Closed");

        moved.Case.OverdueAmount.ShouldBe(250m);
        closed.Case.Id.ShouldBe(opened.Case.Id);
        closed.Case.CloseReason.ShouldBe("Settled");
        (await OutboxPayloadsAsync(_factory.Services, "CollectionCaseClosed")).Count(p => p.Contains(opened.Case.Id.ToString(), StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task CustomerInterest_WhenTheDelaySpansTwoHalfYears_IsSplitWithEachHalfYearsRateAndTheIndemnity()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var customer = await CreateFrenchCustomerAsync(op, _company);
        var invoice = await RecordAsync(op, _company, "invoices", customer.Id, 10_000m, "2024-05-01", "2024-05-31");

        var interest = await (await op.GetAsync($"{Url(_company)}/customers/{customer.Id}/interest?asOf=2024-08-14")).ReadAsync<InterestResponse>();

        var line = interest.Invoices.ShouldHaveSingleItem();
        line.ItemId.ShouldBe(invoice.Id);
        line.Segments.Select(s => (s.Days, s.Rate, s.Interest)).ShouldBe([(30, 14.50m, 119.18m), (45, 14.25m, 175.68m)]);
        line.Interest.ShouldBe(294.86m);
        line.Indemnity.ShouldBe(40m);
        interest.Totals.ShouldHaveSingleItem().ShouldBe(new InterestTotalResponse("EUR", 10_000m, 294.86m));
        interest.IndemnityTotal.ShouldBe(40m);
    }

    [Fact]
    public async Task CustomerInterest_WhenAPartialPaymentFallsWithinTheDelay_ChargesTheOpenAmountOfEachPeriodFromTheLedgersDatedAllocations()
    {
        // 10,000 due 31 May 2024, 4,000 paid on 16 June: 15 d × 10,000 at 14.50 % = 59.59; 15 d × 6,000 at 14.50 % = 35.75;
        // 45 d × 6,000 at 14.25 % (from 1 July) = 105.41; total 200.75 (on today's 6,000 from the due date it would be 176.92).
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var customer = await CreateFrenchCustomerAsync(op, _company);
        var invoice = await RecordAsync(op, _company, "invoices", customer.Id, 10_000m, "2024-05-01", "2024-05-31");
        await PayAsync(op, _company, invoice, 4_000m, "2024-06-16");

        var interest = await (await op.GetAsync($"{Url(_company)}/customers/{customer.Id}/interest?asOf=2024-08-14")).ReadAsync<InterestResponse>();

        var line = interest.Invoices.ShouldHaveSingleItem();
        (line.OpenAmount, line.Basis, line.DaysLate).ShouldBe((6_000m, 6_000m, 75));
        line.Segments.Select(s => (s.From, s.Days, s.Principal, s.Rate, s.Interest)).ShouldBe(
        [
            (new DateOnly(2024, 6, 1), 15, 10_000m, 14.50m, 59.59m),
            (new DateOnly(2024, 6, 16), 15, 6_000m, 14.50m, 35.75m),
            (new DateOnly(2024, 7, 1), 45, 6_000m, 14.25m, 105.41m),
        ]);
        line.Interest.ShouldBe(200.75m);
        interest.Totals.ShouldHaveSingleItem().ShouldBe(new InterestTotalResponse("EUR", 6_000m, 200.75m));
    }

    [Fact]
    public async Task CustomerInterest_WhenTheInvoiceIsFlaggedDisputed_LeavesItOut()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var customer = await CreateFrenchCustomerAsync(op, _company);
        await RecordAsync(op, _company, "invoices", customer.Id, 5_000m, "2024-05-01", "2024-05-31", disputed: true);

        var interest = await (await op.GetAsync($"{Url(_company)}/customers/{customer.Id}/interest?asOf=2024-08-14&basis=Contractual&contractualRate=5")).ReadAsync<InterestResponse>();

        interest.Invoices.ShouldBeEmpty();
        interest.Totals.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("basis=Bogus", "basis")]
    [InlineData("basis=Contractual", "contractualRate")]
    [InlineData("basis=Contractual&contractualRate=150", "contractualRate")]
    public async Task CustomerInterest_WhenTheTermsAreWrong_Returns400NamingTheField(string terms, string field)
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var customer = await CreateFrenchCustomerAsync(op, _company);

        var response = await op.GetAsync($"{Url(_company)}/customers/{customer.Id}/interest?asOf=2024-08-14&{terms}");

        var problem = await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
    }

    [Fact]
    public async Task PromiseReport_WhenThePeriodEndsBeforeItStarts_Returns400NamingTo()
    {
        var viewer = await _factory.SignInAsync(DemoUsers.Viewer);

        var response = await viewer.GetAsync($"{Url(_company)}/reports/promises?from=2030-03-01&to=2030-02-01");

        (await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["to"]);
    }

    [Fact]
    public async Task ReferenceRates_WhenACreditManagerAddsTheNextEcbRate_TheInterestUsesItAndBadRatesAreRefused()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var before = await (await manager.GetAsync($"{Url(_company)}/reference-rates?kind=FrenchLegalRateProfessional")).ReadAsync<List<ReferenceRateResponse>>();

        var bad = await manager.PostJsonAsync($"{Url(_company)}/reference-rates", new { kind = "FrenchLegalRateProfessional", effectiveFrom = "2026-03-01", rate = 2.5m });
        var added = await (await manager.PostJsonAsync($"{Url(_company)}/reference-rates", new { kind = "EcbMainRefinancing", effectiveFrom = "2031-01-01", rate = 1.00m, source = "test" }))
            .ReadAsync<ReferenceRateResponse>();
        var customer = await CreateFrenchCustomerAsync(manager, _company);
        await RecordAsync(manager, _company, "invoices", customer.Id, 3_650m, "2031-01-01", "2031-01-10");
        var interest = await (await manager.GetAsync($"{Url(_company)}/customers/{customer.Id}/interest?asOf=2031-01-20&indemnity=false")).ReadAsync<InterestResponse>();

        (await bad.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("effectiveFrom", out _).ShouldBeTrue();
        (await (await manager.GetAsync($"{Url(_company)}/reference-rates?kind=FrenchLegalRateProfessional")).ReadAsync<List<ReferenceRateResponse>>()).Count.ShouldBe(before.Count);
        before.ShouldContain(r => r.EffectiveFrom == new DateOnly(2025, 7, 1) && r.Rate == 2.76m && r.Shipped);
        added.Shipped.ShouldBeFalse();
        // 3,650 × 11 % × 10 / 365 = 11.00
        interest.Invoices.ShouldHaveSingleItem().Interest.ShouldBe(11.00m);
        interest.IndemnityTotal.ShouldBe(0m);
    }

    [Fact]
    public async Task ReferenceRates_WhenAnOperatorAdds_Returns403()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);

        var response = await op.PostJsonAsync($"{Url(_company)}/reference-rates", new { kind = "EcbMainRefinancing", effectiveFrom = "2032-01-01", rate = 1m });

        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Templates_WhenTheCompanyWritesItsOwnReminder_PreviewAndListUseItAndInvalidLiquidIsRefused()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var customer = await CreateFrenchCustomerAsync(manager, _company);
        var invoice = await RecordAsync(manager, _company, "invoices", customer.Id, 1_234.5m, DaysAgo(60), DaysAgo(30));
        await PublishOverdueAsync(_factory.Services, _company, invoice);
        var detail = await WaitForCaseAsync(manager, _company, customer.Id);

        var invalid = await manager.PutAsJsonAsync($"{Url(_company)}/templates", new
        {
            kind = "reminder", channel = "Email", level = 1, language = "fr", subject = "Relance", body = "{% for x in %}",
        }, Json.Options);
        var saved = await (await manager.PutAsJsonAsync($"{Url(_company)}/templates", new
        {
            kind = "reminder", channel = "Email", level = 1, language = "fr", subject = "Relance {{ customer.reference }}",
            body = "Bonjour {{ customer.name }}, vous nous devez {% for g in groups %}{{ g.total }}{% endfor %}.",
        }, Json.Options)).ReadAsync<MessageTemplateResponse>();
        var preview = await (await manager.PostJsonAsync($"{Url(_company)}/templates/preview", new { caseId = detail.Case.Id, kind = "reminder", channel = "Email" }))
            .ReadAsync<PreviewResponse>();
        var edited = await (await manager.PostJsonAsync($"{Url(_company)}/templates/preview", new
        {
            caseId = detail.Case.Id, kind = "reminder", channel = "Email", language = "en", subject = "Hi", body = "{{ overdueCount }} invoice(s): {{ totalsText }}",
        })).ReadAsync<PreviewResponse>();
        var templates = await (await manager.GetAsync($"{Url(_company)}/templates")).ReadAsync<List<MessageTemplateResponse>>();

        (await invalid.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("body", out _).ShouldBeTrue();
        saved.Custom.ShouldBeTrue();
        preview.Subject.ShouldBe($"Relance {customer.Reference}");
        preview.Body.ShouldBe("Bonjour Société Générale d'Électricité, vous nous devez 1 234,50 EUR.");
        preview.Recipient.ShouldBe("compta@client.example");
        edited.Body.ShouldBe("1 invoice(s): 1,234.50 EUR");
        templates.ShouldContain(t => t.Kind == "reminder" && t.Channel == "Email" && t.Language == "fr" && t.Level == 1 && t.Custom);
        templates.ShouldContain(t => t.Kind == "formal-notice" && t.Language == "en" && !t.Custom);
    }
}
