using System.Net;
using Etrepaye.Disputes.Features;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Contracts;
using static Etrepaye.IntegrationTests.Disputes.DisputesApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Disputes;

/// <summary>Opening, holding, resolving, rejecting and settling disputes through the HTTP API.</summary>
public sealed class DisputeLifecycleTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task OpenDispute_WhenTheInvoicesAreOpen_HoldsTheirAmountAndPublishesDisputeOpened()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var (customer, invoices) = await CustomerWithInvoicesAsync(op, _company, 1_000m, 400m);

        var dispute = await OpenDisputeAsync(op, _company, customer.Id, (invoices[0].Id, null), (invoices[1].Id, null));

        (dispute.Status, dispute.Amount, dispute.HeldAmount, dispute.Reason, dispute.OwnerDepartment).ShouldBe(("Open", 1_400m, 1_400m, "quality", "Logistics"));
        dispute.Reference.ShouldStartWith("DSP-");
        dispute.DueDate.ShouldBeGreaterThan(dispute.OpenedOn.AddDays(10));
        var held = await HeldAsync(_factory.Services, _company, invoices[0].Id, invoices[1].Id);
        (held[invoices[0].Id], held[invoices[1].Id]).ShouldBe((1_000m, 400m));
        (await OutboxPayloadsAsync(_factory.Services, "DisputeOpened")).ShouldContain(p => p.Contains(dispute.Id.ToString()) && p.Contains("\"reason\":\"quality\""));
        var forReminders = await OpenDisputesOfAsync(_factory.Services, _company, customer.Id);
        (forReminders.Single().Reference, forReminders.Single().PublicNote).ShouldBe((dispute.Reference, "Under review with our logistics team."));
    }

    [Fact]
    public async Task RejectDispute_WhenOpen_ReturnsTheAmountToCollectionAndPublishesDisputeRejected()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var (customer, invoices) = await CustomerWithInvoicesAsync(op, _company, 800m);
        var dispute = await OpenDisputeAsync(op, _company, customer.Id, (invoices[0].Id, null));

        var rejected = await (await manager.PostJsonAsync($"{Url(_company)}/{dispute.Id}/reject", new { comment = "Delivery note signed without reserve." }))
            .ReadAsync<DisputeResponse>();

        (rejected.Status, rejected.Outcome, rejected.HeldAmount, rejected.DecidedBy).ShouldBe(("Rejected", "Rejected", 0m, DemoUsers.CreditManager));
        (await HeldAsync(_factory.Services, _company, invoices[0].Id)).ShouldBeEmpty();
        (await OutboxPayloadsAsync(_factory.Services, "DisputeRejected")).ShouldContain(p => p.Contains(dispute.Id.ToString()));
        (await OpenDisputesOfAsync(_factory.Services, _company, customer.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task OpenDispute_WhenPartial_HoldsOnlyThePartAndTheRemainderCanBeDisputedUpToTheOpenAmount()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var (customer, invoices) = await CustomerWithInvoicesAsync(op, _company, 1_000m);

        var first = await OpenDisputeAsync(op, _company, customer.Id, (invoices[0].Id, 300m));
        var tooMuch = await OpenAsync(op, _company, customer.Id, "price", (invoices[0].Id, 700.01m));
        var second = await OpenDisputeAsync(op, _company, customer.Id, (invoices[0].Id, null));

        first.Amount.ShouldBe(300m);
        var problem = await tooMuch.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity);
        problem.ErrorFields().ShouldBe(["invoices[0].amount"]);
        problem.GetProperty("detail").GetString()!.ShouldContain("at most 700");
        second.Amount.ShouldBe(700m);
        (await HeldAsync(_factory.Services, _company, invoices[0].Id))[invoices[0].Id].ShouldBe(1_000m);
    }

    [Fact]
    public async Task OpenDispute_WhenPartial_LeavesTheUndisputedRemainderInCollection()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var (customer, invoices) = await CustomerWithInvoicesAsync(op, _company, 1_000m, 500m);

        await OpenDisputeAsync(op, _company, customer.Id, (invoices[0].Id, 250m));

        var held = await HeldAsync(_factory.Services, _company, invoices[0].Id, invoices[1].Id);
        held.ShouldBe(new Dictionary<Guid, decimal> { [invoices[0].Id] = 250m });
        (invoices[0].OpenAmount.Amount - held[invoices[0].Id]).ShouldBe(750m);
    }

    [Fact]
    public async Task ResolveDispute_WhenPartiallyAccepted_HoldsTheAcceptedPartUntilItsCreditNoteSettlesIt()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var (customer, invoices) = await CustomerWithInvoicesAsync(op, _company, 1_000m);
        var dispute = await OpenDisputeAsync(op, _company, customer.Id, (invoices[0].Id, 600m));

        var resolved = await (await manager.PostJsonAsync($"{Url(_company)}/{dispute.Id}/resolve", new
        {
            outcome = "PartiallyAccepted",
            accepted = new[] { new { invoiceId = invoices[0].Id, amount = 150m } },
            comment = "Three pallets were damaged.",
        })).ReadAsync<DisputeResponse>();

        (resolved.Status, resolved.Outcome, resolved.AcceptedAmount, resolved.HeldAmount).ShouldBe(("Resolved", "PartiallyAccepted", 150m, 150m));
        (await HeldAsync(_factory.Services, _company, invoices[0].Id))[invoices[0].Id].ShouldBe(150m);
        (await OutboxPayloadsAsync(_factory.Services, "DisputeResolved")).ShouldContain(p => p.Contains(dispute.Id.ToString()) && p.Contains("PartiallyAccepted"));

        await RecordAsync(op, _company, "credit-notes", customer.Id, 150m, "2026-03-01");

        await Eventually(async () => (await HeldAsync(_factory.Services, _company, invoices[0].Id)).Count == 0, "the credit note settles the dispute");
        var detail = await (await op.GetAsync($"{Url(_company)}/{dispute.Id}")).ReadAsync<DisputeDetailResponse>();
        (detail.Dispute.SettledOn, detail.Dispute.CreditNoteId is not null).ShouldBe((new DateOnly(2026, 3, 1), true));
        detail.Timeline.Select(n => n.Kind).ShouldBe(["StatusChange", "Resolution", "Settlement"]);
    }

    [Fact]
    public async Task ResolveDispute_WhenTheCreditNoteReferenceWasAnnounced_OnlyThatCreditNoteSettlesIt()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var (customer, invoices) = await CustomerWithInvoicesAsync(op, _company, 900m);
        var dispute = await OpenDisputeAsync(op, _company, customer.Id, (invoices[0].Id, null));
        await (await manager.PostJsonAsync($"{Url(_company)}/{dispute.Id}/resolve", new { outcome = "CreditNoteExpected", comment = "Agreed.", creditNoteReference = "AV-2026-77" }))
            .ShouldHaveStatusAsync(HttpStatusCode.OK);

        await RecordAsync(op, _company, "credit-notes", customer.Id, 900m, "2026-03-01");
        await (await op.PostJsonAsync($"{Base(_company)}/credit-notes", new { customerId = customer.Id, reference = "AV-2026-77", issueDate = "2026-03-02", amount = 880m }))
            .ShouldHaveStatusAsync(HttpStatusCode.Created);

        await Eventually(async () => (await HeldAsync(_factory.Services, _company, invoices[0].Id)).Count == 0, "the announced credit note settles the dispute");
        var detail = await (await op.GetAsync($"{Url(_company)}/{dispute.Id}")).ReadAsync<DisputeDetailResponse>();
        detail.Dispute.SettledOn.ShouldBe(new DateOnly(2026, 3, 2));
    }

    [Fact]
    public async Task ClosedDispute_WhenChangedAgain_Returns409SayingItIsClosed()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var (customer, invoices) = await CustomerWithInvoicesAsync(op, _company, 300m);
        var dispute = await OpenDisputeAsync(op, _company, customer.Id, (invoices[0].Id, null));
        var waiting = await (await op.PostJsonAsync($"{Url(_company)}/{dispute.Id}/status", new { status = "WaitingForCustomer", comment = "Asked for photos." }))
            .ReadAsync<DisputeResponse>();
        await (await op.PostJsonAsync($"{Url(_company)}/{dispute.Id}/cancel", new { comment = "Withdrawn by the customer." })).ShouldHaveStatusAsync(HttpStatusCode.OK);

        var again = await manager.PostJsonAsync($"{Url(_company)}/{dispute.Id}/resolve", new { outcome = "CreditNoteExpected", comment = "x" });
        var reopen = await op.PostJsonAsync($"{Url(_company)}/{dispute.Id}/status", new { status = "Open" });
        var stale = await op.PostJsonAsync($"{Url(_company)}/{dispute.Id}/status", new { status = "Open", version = dispute.Version });

        waiting.Status.ShouldBe("WaitingForCustomer");
        (await again.ShouldHaveStatusAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("is Cancelled: it cannot be resolved");
        (await reopen.ShouldHaveStatusAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("is Cancelled");
        (await stale.ShouldHaveStatusAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("changed by someone else");
    }

    [Fact]
    public async Task OpenDispute_WhenTheInvoiceIsAnotherCustomersOrTheInputIsBad_IsRefusedNamingTheFieldAndWritesNothing()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var (customer, _) = await CustomerWithInvoicesAsync(op, _company, 100m);
        var (_, othersInvoices) = await CustomerWithInvoicesAsync(op, _company, 100m);

        var foreign = await OpenAsync(op, _company, customer.Id, "price", (othersInvoices[0].Id, null));
        var unknownReason = await OpenAsync(op, _company, customer.Id, "weather", (othersInvoices[0].Id, null));
        var noInvoices = await op.PostJsonAsync(Url(_company), new { customerId = customer.Id, reason = "price", description = "x", invoices = Array.Empty<object>() });
        var negative = await OpenAsync(op, _company, customer.Id, "price", (othersInvoices[0].Id, -5m));

        (await foreign.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity)).ErrorFields().ShouldBe(["invoices[0].invoiceId"]);
        (await unknownReason.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity)).ErrorFields().ShouldBe(["reason"]);
        (await noInvoices.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["invoices"]);
        (await negative.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["invoices[0].amount"]);
        var list = await (await op.GetAsync($"{Url(_company)}?customerId={customer.Id}")).ReadAsync<PagedResult<DisputeResponse>>();
        list.TotalCount.ShouldBe(0);
    }

    [Fact]
    public async Task AddComment_WhenMentioningMembers_RecordsThemAndRefusesNonMembers()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var (customer, invoices) = await CustomerWithInvoicesAsync(op, _company, 100m);
        var dispute = await OpenDisputeAsync(op, _company, customer.Id, (invoices[0].Id, null));

        var note = await (await op.PostJsonAsync($"{Url(_company)}/{dispute.Id}/comments", new { text = "Can you check the delivery?", mentions = new[] { "CREDIT.MANAGER@demo.etrepaye.test" } }))
            .ReadAsync<DisputeNoteResponse>();
        var stranger = await op.PostJsonAsync($"{Url(_company)}/{dispute.Id}/comments", new { text = "Hello", mentions = new[] { "someone@elsewhere.test" } });

        note.Mentions.ShouldBe([DemoUsers.CreditManager]);
        (await stranger.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity)).ErrorFields().ShouldBe(["mentions"]);
        var detail = await (await op.GetAsync($"{Url(_company)}/{dispute.Id}")).ReadAsync<DisputeDetailResponse>();
        detail.Timeline.Count(n => n.Kind == "Comment").ShouldBe(1);
    }

    [Fact]
    public async Task Reasons_WhenTheCompanyChangesOne_TheNextDisputeUsesItsDepartmentAndSla()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var reasons = await (await manager.GetAsync($"{Url(_company)}/reasons")).ReadAsync<List<Etrepaye.Disputes.Features.ListReasons.DisputeReasonResponse>>();
        var saved = await (await manager.PutAsync($"{Url(_company)}/reasons/duplicate",
            System.Net.Http.Json.JsonContent.Create(new { name = "Duplicate invoice", ownerDepartment = "Accounting", slaBusinessDays = 1 }))).ReadAsync<Etrepaye.Disputes.Features.ListReasons.DisputeReasonResponse>();
        var (customer, invoices) = await CustomerWithInvoicesAsync(manager, _company, 100m);

        var dispute = await (await OpenAsync(manager, _company, customer.Id, "duplicate", (invoices[0].Id, null))).ReadAsync<DisputeResponse>();

        reasons.Select(r => r.Code).ShouldBe(["billing-error", "delivery", "duplicate", "other", "price", "quality", "quantity"], ignoreOrder: true);
        (saved.OwnerDepartment, saved.SlaBusinessDays).ShouldBe(("Accounting", 1));
        dispute.OwnerDepartment.ShouldBe("Accounting");
        (dispute.DueDate.DayNumber - dispute.OpenedOn.DayNumber).ShouldBeInRange(1, 4);
    }

    [Fact]
    public async Task Report_WhenDisputesAreOpen_GivesThemByReasonCustomerOwnerAndAgeWithTheOverdueShareAsOfTheDate()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var (customer, invoices) = await CustomerWithInvoicesAsync(op, _company, 1_000m);
        var dispute = await OpenDisputeAsync(op, _company, customer.Id, (invoices[0].Id, 400m));

        var report = await (await op.GetAsync($"{Url(_company)}/reports")).ReadAsync<Etrepaye.Disputes.Features.GetDisputesReport.DisputesReportResponse>();
        var before = await (await op.GetAsync($"{Url(_company)}/reports?asOf={dispute.OpenedOn.AddDays(-1):yyyy-MM-dd}")).ReadAsync<Etrepaye.Disputes.Features.GetDisputesReport.DisputesReportResponse>();

        report.AsOf.ShouldBe(dispute.OpenedOn);
        report.ByCustomer.ShouldContain(g => g.Key.StartsWith(customer.Reference) && g.Amount == 400m && g.Count == 1);
        report.ByReason.ShouldContain(g => g.Key == "quality" && g.Amount >= 400m);
        report.ByOwner.ShouldContain(g => g.Key == "Logistics");
        report.ByAge.ShouldContain(g => g.Key == "0-30");
        var eur = report.OverdueShare.Single(s => s.Currency == "EUR");
        eur.DisputedOverdue.ShouldBeGreaterThanOrEqualTo(400m);
        eur.Share.ShouldBe(Math.Round(eur.DisputedOverdue / eur.Overdue, 4));
        before.ByCustomer.ShouldNotContain(g => g.Key.StartsWith(customer.Reference));
    }
}
