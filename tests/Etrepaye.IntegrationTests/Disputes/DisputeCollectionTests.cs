using System.Globalization;
using Etrepaye.Collection.Communications;
using Etrepaye.Collection.Domain;
using Etrepaye.Collection.Features;
using Etrepaye.Collection.Interest;
using Etrepaye.Disputes.Features;
using Etrepaye.IntegrationTests.Collection;
using Etrepaye.IntegrationTests.Infrastructure;
using static Etrepaye.IntegrationTests.Collection.CollectionApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Disputes;

/// <summary>
/// A dispute keeps its amount out of collection, with the Collection module running: the case's leader, the reminder that is
/// composed for the case (stored in the messages archive, as the send-reminder activity's effect composes it) and the interest
/// leave the disputed amount out; a rejection brings it back into all three.
/// </summary>
public sealed class DisputeCollectionTests(CollectionHostFixture fixture) : IClassFixture<CollectionHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly CollectionFactory _factory = fixture.Factory;

    private static string DaysAgo(int days) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Today => DaysAgo(0);

    [Fact]
    public async Task Dispute_WhenOpenedOnTheLeaderThenRejected_LeavesItOutOfTheCaseReminderAndInterestThenBringsItBack()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var customer = await CreateFrenchCustomerAsync(manager, _company);
        var oldest = await RecordAsync(manager, _company, "invoices", customer.Id, 1_000m, DaysAgo(90), DaysAgo(60));
        var next = await RecordAsync(manager, _company, "invoices", customer.Id, 300m, DaysAgo(50), DaysAgo(20));
        await PublishOverdueAsync(_factory.Services, _company, oldest);
        var opened = await WaitForCaseAsync(manager, _company, customer.Id, d => d.Case.OverdueItemCount == 2);
        opened.Case.LeaderItemId.ShouldBe(oldest.Id);

        var dispute = await (await DisputesApi.OpenAsync(manager, _company, customer.Id, "quality", (oldest.Id, null))).ReadAsync<DisputeResponse>();

        var disputed = await WaitForCaseAsync(manager, _company, customer.Id, d => d.Case.LeaderItemId == next.Id);
        disputed.Items.Single(i => i.ItemId == oldest.Id).CollectibleAmount.ShouldBe(0m);
        disputed.Amounts.ShouldHaveSingleItem().Collectible.ShouldBe(300m);
        var reminder = await ReminderAsync(manager, disputed.Case.Id);
        reminder.ItemIds.ShouldBe([next.Id]);
        reminder.Principal.ShouldBe(300m);
        ItemLines(reminder.Body).ShouldNotContain(l => l.Contains(oldest.Reference, StringComparison.Ordinal));
        reminder.Body.ShouldContain($"litige {dispute.Reference} ({oldest.Reference}) : 1 000,00 EUR - Under review with our logistics team.");
        var interest = await InterestAsync(manager, customer.Id);
        interest.Invoices.ShouldNotContain(i => i.ItemId == oldest.Id);
        interest.Totals.ShouldHaveSingleItem().Principal.ShouldBe(300m);

        await (await manager.PostJsonAsync($"{DisputesApi.Url(_company)}/{dispute.Id}/reject", new { comment = "The goods were as ordered." })).ShouldHaveStatusAsync(System.Net.HttpStatusCode.OK);

        var back = await WaitForCaseAsync(manager, _company, customer.Id, d => d.Case.LeaderItemId == oldest.Id);
        back.Amounts.ShouldHaveSingleItem().Collectible.ShouldBe(1_300m);
        var nextReminder = await ReminderAsync(manager, back.Case.Id);
        nextReminder.ItemIds.ShouldBe([oldest.Id, next.Id]);
        nextReminder.Principal.ShouldBe(1_300m);
        ItemLines(nextReminder.Body).ShouldContain(l => l.Contains(oldest.Reference, StringComparison.Ordinal) && l.Contains("1 000,00 EUR", StringComparison.Ordinal));
        nextReminder.Body.ShouldNotContain(dispute.Reference);
        var interestBack = await InterestAsync(manager, customer.Id);
        interestBack.Invoices.Single(i => i.ItemId == oldest.Id).Basis.ShouldBe(1_000m);
        interestBack.Totals.ShouldHaveSingleItem().Principal.ShouldBe(1_300m);
    }

    [Fact]
    public async Task PartialDispute_WhenOpenAndThenRejected_KeepsTheUndisputedRemainderInCollectionThenTheWholeInvoice()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var customer = await CreateFrenchCustomerAsync(manager, _company);
        var invoice = await RecordAsync(manager, _company, "invoices", customer.Id, 2_000m, DaysAgo(80), DaysAgo(50));
        var other = await RecordAsync(manager, _company, "invoices", customer.Id, 500m, DaysAgo(40), DaysAgo(10));
        await PublishOverdueAsync(_factory.Services, _company, invoice);
        await WaitForCaseAsync(manager, _company, customer.Id, d => d.Case.OverdueItemCount == 2);

        var dispute = await (await DisputesApi.OpenAsync(manager, _company, customer.Id, "price", (invoice.Id, 750m))).ReadAsync<DisputeResponse>();

        var partial = await WaitForCaseAsync(manager, _company, customer.Id, d => d.Items.Any(i => i.ItemId == invoice.Id && i.HeldAmount == 750m));
        partial.Case.LeaderItemId.ShouldBe(invoice.Id);
        partial.Items.Single(i => i.ItemId == invoice.Id).CollectibleAmount.ShouldBe(1_250m);
        var reminder = await ReminderAsync(manager, partial.Case.Id);
        reminder.ItemIds.ShouldBe([invoice.Id, other.Id]);
        reminder.Principal.ShouldBe(1_750m);
        ItemLines(reminder.Body).ShouldContain(l => l.Contains(invoice.Reference, StringComparison.Ordinal) && l.Contains("1 250,00 EUR", StringComparison.Ordinal));
        ItemLines(reminder.Body).ShouldNotContain(l => l.Contains("2 000,00 EUR", StringComparison.Ordinal));
        reminder.Body.ShouldContain($"litige {dispute.Reference} ({invoice.Reference}) : 750,00 EUR");
        var interest = await InterestAsync(manager, customer.Id);
        var line = interest.Invoices.Single(i => i.ItemId == invoice.Id);
        (line.ExcludedAmount, line.Basis).ShouldBe((750m, 1_250m));

        await (await manager.PostJsonAsync($"{DisputesApi.Url(_company)}/{dispute.Id}/reject", new { comment = "The price was agreed." })).ShouldHaveStatusAsync(System.Net.HttpStatusCode.OK);

        var whole = await WaitForCaseAsync(manager, _company, customer.Id, d => d.Items.Any(i => i.ItemId == invoice.Id && i.HeldAmount == 0m));
        whole.Items.Single(i => i.ItemId == invoice.Id).CollectibleAmount.ShouldBe(2_000m);
        var nextReminder = await ReminderAsync(manager, whole.Case.Id);
        nextReminder.Principal.ShouldBe(2_500m);
        ItemLines(nextReminder.Body).ShouldContain(l => l.Contains(invoice.Reference, StringComparison.Ordinal) && l.Contains("2 000,00 EUR", StringComparison.Ordinal));
        (await InterestAsync(manager, customer.Id)).Invoices.Single(i => i.ItemId == invoice.Id).Basis.ShouldBe(2_000m);
    }

    /// <summary>A level-1 reminder letter composed for the case as the send-reminder effect does, read back from the messages archive through the API.</summary>
    private async Task<MessageResponse> ReminderAsync(HttpClient client, Guid caseId)
    {
        var messageId = await ScheduleAsync(_factory.Services, _company, caseId, MessageChannel.Letter, $"test:{Guid.NewGuid()}", DefaultTemplates.Reminder);
        return await (await client.GetAsync($"{Url(_company)}/messages/{messageId}")).ReadAsync<MessageResponse>();
    }

    private static async Task<InterestResponse> InterestAsync(HttpClient client, Guid customerId) =>
        await (await client.GetAsync($"{Url(_company)}/customers/{customerId}/interest?asOf={Today}")).ReadAsync<InterestResponse>();

    /// <summary>The reminder's invoice lines ("  - F-… du …"), not the list of disputes that follows them.</summary>
    private static List<string> ItemLines(string body) =>
        [.. body.Split('\n').TakeWhile(l => !l.StartsWith("Montants en litige", StringComparison.Ordinal)).Where(l => l.TrimStart().StartsWith("- ", StringComparison.Ordinal))];
}
