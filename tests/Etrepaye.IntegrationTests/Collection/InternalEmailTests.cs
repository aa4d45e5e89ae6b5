using System.Net;
using Etrepaye.Collection.Communications;
using Etrepaye.Collection.Contracts;
using Etrepaye.Collection.Data;
using Etrepaye.Collection.Features;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using static Etrepaye.IntegrationTests.Collection.CollectionApi;

namespace Etrepaye.IntegrationTests.Collection;

/// <summary>Other modules' e-mails to colleagues (InternalEmailRequested) go out through the messages outbox once per key, archived, and their outcome is published.</summary>
public sealed class InternalEmailTests
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;

    private static async Task PublishAsync(IServiceProvider services, InternalEmailRequested request)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(request.CompanyId, "test");
        var db = scope.ServiceProvider.GetRequiredService<CollectionDbContext>();
        db.Publish(request);
        await db.SaveChangesAsync();
        scope.ServiceProvider.GetRequiredService<OutboxSignal>().Notify();
    }

    private static async Task<int> HandledRequestsAsync(IServiceProvider services, string key)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollectionDbContext>();
        var requests = await db.OutboxMessages.IgnoreQueryFilters().Where(m => m.EventType.EndsWith(".InternalEmailRequested") && m.DispatchedAt != null)
            .Select(m => m.Payload).ToListAsync();
        return requests.Count(p => p.Contains(key, StringComparison.Ordinal));
    }

    private static async Task<CollectionFactory> HostAsync(int smtpPort)
    {
        var factory = new CollectionFactory(await TestDatabase.CreateAsync(), CollectionFactory.Settings(CollectionFactory.NewFolder(), dispatcher: false, smtpPort));
        _ = factory.Server;
        return factory;
    }

    [Fact]
    public async Task InternalEmail_WhenRequestedTwiceUnderOneKey_IsSentOnceArchivedWithItsSourceAndDeliveredIsPublished()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var factory = await HostAsync(smtp.Port);
        var op = await factory.SignInAsync(DemoUsers.Operator);
        var customer = await CreateFrenchCustomerAsync(op, _company);
        var key = $"disputes:request:{Guid.NewGuid()}";
        var request = new InternalEmailRequested(
            _company, key, "disputes/request/42", ["sales@etrepaye.example", "logistics@etrepaye.example"], "Litige INV-1 : votre avis",
            "Bonjour,\nmerci de répondre : https://etrepaye.example/#/dispute-link/abc\n", customer.Id);

        await PublishAsync(factory.Services, request);
        await Eventually(async () => await HandledRequestsAsync(factory.Services, key) == 1, "the request reaches the Collection module");
        await Task.WhenAll(DispatchOnceAsync(factory), DispatchOnceAsync(factory));
        await PublishAsync(factory.Services, request);
        await Eventually(async () => await HandledRequestsAsync(factory.Services, key) == 2, "the repeated request reaches the Collection module");
        var again = await DispatchOnceAsync(factory);

        again.ShouldBe(0);
        await Eventually(() => Task.FromResult(smtp.Messages().Length >= 1), "the SMTP server received the e-mail");
        var received = await MimeMessage.LoadAsync(smtp.Messages().ShouldHaveSingleItem());
        received.To.Mailboxes.Select(m => m.Address).ShouldBe(["sales@etrepaye.example", "logistics@etrepaye.example"]);
        received.Subject.ShouldBe("Litige INV-1 : votre avis");
        received.TextBody.ShouldNotBeNull().ShouldContain("https://etrepaye.example/#/dispute-link/abc");
        var archived = await (await op.GetAsync($"{Url(_company)}/messages?customerId={customer.Id}")).ReadAsync<PagedResult<MessageSummaryResponse>>();
        var message = archived.Items.ShouldHaveSingleItem();
        message.ShouldSatisfyAllConditions(
            m => m.Kind.ShouldBe("internal"), m => m.Source.ShouldBe("disputes/request/42"), m => m.Status.ShouldBe("Sent"),
            m => m.Recipient.ShouldBe("sales@etrepaye.example, logistics@etrepaye.example"), m => m.CaseId.ShouldBeNull());
        received.MessageId.ShouldBe($"{message.Id:N}@etrepaye.local");
        var delivered = (await OutboxPayloadsAsync(factory.Services, nameof(InternalEmailDelivered))).ShouldHaveSingleItem();
        delivered.ShouldContain(key);
        delivered.ShouldContain(message.Id.ToString());
        delivered.ShouldContain("\"Sent\"");
        await factory.Database.DisposeAsync();
    }

    [Fact]
    public async Task InternalEmail_WhenARecipientIsNotAnAddress_IsArchivedFailedAndDeliveredSaysFailed()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var factory = await HostAsync(smtp.Port);
        var op = await factory.SignInAsync(DemoUsers.Operator);
        var key = $"disputes:request:{Guid.NewGuid()}";

        await PublishAsync(factory.Services, new InternalEmailRequested(_company, key, "disputes/request/43", ["the sales team"], "Litige", "Texte", null));
        await Eventually(async () => await HandledRequestsAsync(factory.Services, key) == 1, "the request reaches the Collection module");
        await DispatchOnceAsync(factory);

        var failed = await (await op.GetAsync($"{Url(_company)}/messages?status=Failed")).ReadAsync<PagedResult<MessageSummaryResponse>>();
        failed.Items.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            m => m.Source.ShouldBe("disputes/request/43"), m => m.StatusReason.ShouldBe("Every recipient must be an e-mail address."));
        var delivered = (await OutboxPayloadsAsync(factory.Services, nameof(InternalEmailDelivered))).ShouldHaveSingleItem();
        delivered.ShouldContain(key);
        delivered.ShouldContain("\"Failed\"");
        smtp.Messages().ShouldBeEmpty();
        await factory.Database.DisposeAsync();
    }

    [Fact]
    public async Task InternalEmail_WhenAMemberOfAnotherCompanyAsks_Returns404AndAListWithoutIt()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var factory = await HostAsync(smtp.Port);
        var companyB = EtrepayeFactory.DemoClientCompanyId;
        var key = $"disputes:request:{Guid.NewGuid()}";
        await PublishAsync(factory.Services, new InternalEmailRequested(companyB, key, "disputes/request/44", ["sales@etrepaye.example"], "Litige", "Texte", null));
        await Eventually(async () => await HandledRequestsAsync(factory.Services, key) == 1, "the request reaches the Collection module");
        var messageId = StableIds.FromKey(InternalEmails.IdempotencyKey(companyB, key));
        var operatorOfA = await factory.SignInAsync(DemoUsers.Operator);

        (await MessageAsync(factory.Services, messageId)).CompanyId.ShouldBe(companyB);
        await (await operatorOfA.GetAsync($"{Url(companyB)}/messages/{messageId}")).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await operatorOfA.GetAsync($"{Url(companyB)}/messages")).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await operatorOfA.GetAsync($"{Url(_company)}/messages/{messageId}")).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        var list = await (await operatorOfA.GetAsync($"{Url(_company)}/messages")).ReadAsync<PagedResult<MessageSummaryResponse>>();
        list.Items.ShouldNotContain(m => m.Id == messageId);
        await factory.Database.DisposeAsync();
    }

    private static Task<int> DispatchOnceAsync(EtrepayeFactory factory) =>
        factory.Services.GetRequiredService<MessageDispatcher>().RunOnceAsync(CancellationToken.None);
}
