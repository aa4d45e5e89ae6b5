using System.Text.Json;
using Etrepaye.Collection.Contracts;
using Etrepaye.Collection.Data;
using Etrepaye.Disputes.Features;
using Etrepaye.Disputes.Features.RequestInternalAnswer;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Disputes.DisputesApi;

namespace Etrepaye.IntegrationTests.Disputes;

/// <summary>
/// An internal request's e-mail goes to the Collection mailer as an InternalEmailRequested in the disputes outbox (committed with
/// the request), and the mailer's InternalEmailDelivered sets the request's mail status.
/// </summary>
public sealed class DisputeMailTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task RequestInternalAnswer_WhenCreated_PublishesOneInternalEmailWithTheLinkInTheCompanysLanguage()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var (customer, invoices) = await CustomerWithInvoicesAsync(op, _company, 1_250m);
        var dispute = await OpenDisputeAsync(op, _company, customer.Id, (invoices[0].Id, 400m));

        var created = await (await op.PostJsonAsync($"{Url(_company)}/{dispute.Id}/requests", new { recipientEmail = "entrepot@demo.test", message = "Les palettes étaient-elles abîmées ?" }))
            .ReadAsync<InternalRequestCreatedResponse>();

        var mails = (await OutboxPayloadsAsync(_factory.Services, nameof(InternalEmailRequested)))
            .Select(p => JsonSerializer.Deserialize<InternalEmailRequested>(p, Json.Options)!)
            .Where(m => m.Key == $"disputes:request:{created.Request.Id}")
            .ToList();
        var mail = mails.ShouldHaveSingleItem();
        (mail.CompanyId, mail.CustomerId, mail.Source).ShouldBe((_company, customer.Id, $"disputes/request/{created.Request.Id}"));
        mail.To.ShouldBe(["entrepot@demo.test"]);
        mail.Subject.ShouldBe($"Litige {dispute.Reference} ({customer.Name}) : votre réponse est attendue");
        mail.TextBody.ShouldContain(created.Link);
        mail.TextBody.ShouldContain("Les palettes étaient-elles abîmées ?");
        mail.TextBody.ShouldContain("400,00 EUR");
        mail.TextBody.ShouldContain("motif : Quality");
        mail.TextBody.ShouldContain("expire le");
        created.Request.MailStatus.ShouldBe("Pending");
    }

    [Fact]
    public async Task RequestInternalAnswer_WhenTheDepartmentMailboxIsUsed_AddressesItAndEachRequestHasItsOwnMail()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var (customer, invoices) = await CustomerWithInvoicesAsync(op, _company, 900m);
        var dispute = await OpenDisputeAsync(op, _company, customer.Id, (invoices[0].Id, null));

        var first = await (await op.PostJsonAsync($"{Url(_company)}/{dispute.Id}/requests", new { department = "Billing", recipientEmail = "compta@demo.test", message = "Doublon ?" }))
            .ReadAsync<InternalRequestCreatedResponse>();
        var second = await (await op.PostJsonAsync($"{Url(_company)}/{dispute.Id}/requests", new { department = "Sales", recipientEmail = "ventes@demo.test", message = "Prix convenu ?" }))
            .ReadAsync<InternalRequestCreatedResponse>();

        var mails = (await OutboxPayloadsAsync(_factory.Services, nameof(InternalEmailRequested)))
            .Select(p => JsonSerializer.Deserialize<InternalEmailRequested>(p, Json.Options)!)
            .Where(m => m.Source.EndsWith(first.Request.Id.ToString(), StringComparison.Ordinal) || m.Source.EndsWith(second.Request.Id.ToString(), StringComparison.Ordinal))
            .ToList();
        mails.Count.ShouldBe(2);
        mails.Single(m => m.Key.EndsWith(first.Request.Id.ToString(), StringComparison.Ordinal)).To.ShouldBe(["compta@demo.test"]);
        mails.Single(m => m.Key.EndsWith(second.Request.Id.ToString(), StringComparison.Ordinal)).TextBody.ShouldContain(second.Link);
    }

    [Fact]
    public async Task InternalEmailDelivered_WhenSentOrFailed_SetsTheRequestsMailStatusAndAFailureJoinsTheTimeline()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var (customer, invoices) = await CustomerWithInvoicesAsync(op, _company, 300m, 200m);
        var dispute = await OpenDisputeAsync(op, _company, customer.Id, (invoices[0].Id, null), (invoices[1].Id, null));
        var sent = await (await op.PostJsonAsync($"{Url(_company)}/{dispute.Id}/requests", new { recipientEmail = "a@demo.test", message = "A ?" }))
            .ReadAsync<InternalRequestCreatedResponse>();
        var failed = await (await op.PostJsonAsync($"{Url(_company)}/{dispute.Id}/requests", new { recipientEmail = "b@demo.test", message = "B ?" }))
            .ReadAsync<InternalRequestCreatedResponse>();
        var at = new DateTimeOffset(2026, 11, 24, 10, 30, 0, TimeSpan.Zero);

        await PublishDeliveredAsync(new InternalEmailDelivered(_company, $"disputes:request:{sent.Request.Id}", Guid.NewGuid(), "Sent", null, at));
        await PublishDeliveredAsync(new InternalEmailDelivered(_company, $"disputes:request:{failed.Request.Id}", Guid.NewGuid(), "Failed", "550 mailbox unknown", at));
        await PublishDeliveredAsync(new InternalEmailDelivered(_company, $"escalation:{sent.Request.Id}", Guid.NewGuid(), "Failed", "not ours", at));

        DisputeDetailResponse detail = null!;
        await Eventually(async () =>
        {
            detail = await (await op.GetAsync($"{Url(_company)}/{dispute.Id}")).ReadAsync<DisputeDetailResponse>();
            return detail.Requests.All(r => r.MailStatus != "Pending");
        }, "the mail outcomes reach the disputes module");
        detail.Requests.Single(r => r.Id == sent.Request.Id).MailStatus.ShouldBe("Sent");
        detail.Requests.Single(r => r.Id == failed.Request.Id).MailStatus.ShouldBe("Failed");
        detail.Timeline.ShouldContain(n => n.Text.Contains("b@demo.test") && n.Text.Contains("550 mailbox unknown"));
        detail.Timeline.ShouldNotContain(n => n.Text.Contains("not ours"));
        var pending = await (await op.GetAsync($"{Url(_company)}/requests?mailStatus=Pending&pageSize=200")).ReadAsync<Etrepaye.Shared.Contracts.PagedResult<InternalRequestResponse>>();
        pending.Items.ShouldNotContain(r => r.Id == sent.Request.Id || r.Id == failed.Request.Id);
    }

    /// <summary>As the Collection mailer does once its message is out: through its own outbox and the dispatcher.</summary>
    private async Task PublishDeliveredAsync(InternalEmailDelivered delivered)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(delivered.CompanyId, "test");
        var db = scope.ServiceProvider.GetRequiredService<CollectionDbContext>();
        db.Publish(delivered);
        await db.SaveChangesAsync();
        scope.ServiceProvider.GetRequiredService<OutboxSignal>().Notify();
    }
}
