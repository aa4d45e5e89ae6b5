using System.Globalization;
using Etrepaye.Collection.Communications;
using Etrepaye.Collection.Contracts;
using Etrepaye.Collection.Data;
using Etrepaye.Collection.Domain;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using static Etrepaye.IntegrationTests.Collection.CollectionApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Collection;

/// <summary>Messages leave after commit, once, checked again when they go out: through a real SMTP server, the letter folder and the SMS file provider.</summary>
public sealed class MessageDispatchTests
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;

    private static string DaysAgo(int days) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<(CollectionFactory Factory, string Folder)> HostAsync(bool dispatcher, int? smtpPort = null, TestDatabase? database = null, string? folder = null)
    {
        folder ??= CollectionFactory.NewFolder();
        var factory = new CollectionFactory(database ?? await TestDatabase.CreateAsync(), CollectionFactory.Settings(folder, dispatcher, smtpPort));
        _ = factory.Server;
        return (factory, folder);
    }

    private static async Task<(Guid CaseId, Etrepaye.Receivables.Features.ItemResponse First, Etrepaye.Receivables.Features.ItemResponse Second)> OpenCaseAsync(
        EtrepayeFactory factory, HttpClient client)
    {
        var customer = await CreateFrenchCustomerAsync(client, _company);
        var first = await RecordAsync(client, _company, "invoices", customer.Id, 1_500m, DaysAgo(75), DaysAgo(45));
        var second = await RecordAsync(client, _company, "invoices", customer.Id, 480.25m, DaysAgo(50), DaysAgo(20));
        await PublishOverdueAsync(factory.Services, _company, first);
        var detail = await WaitForCaseAsync(client, _company, customer.Id, d => d.Case.OverdueItemCount == 2);
        return (detail.Case.Id, first, second);
    }

    private static Task<int> DispatchOnceAsync(EtrepayeFactory factory) =>
        factory.Services.GetRequiredService<MessageDispatcher>().RunOnceAsync(CancellationToken.None);

    [Fact]
    public async Task Dispatch_WhenAnInvoiceIsPaidBetweenSchedulingAndSending_CancelsTheMessageWithTheReason()
    {
        var (factory, _) = await HostAsync(dispatcher: false);
        await using var _factory = factory;
        var op = await factory.SignInAsync(DemoUsers.Operator);
        var (caseId, first, _) = await OpenCaseAsync(factory, op);
        var messageId = await ScheduleAsync(factory.Services, _company, caseId, MessageChannel.Letter, $"test:{Guid.NewGuid()}");
        (await MessageAsync(factory.Services, messageId)).Status.ShouldBe(MessageStatus.Scheduled);

        await PayAsync(op, _company, first, 1_500m, DaysAgo(1));
        await DispatchOnceAsync(factory);

        var message = await MessageAsync(factory.Services, messageId);
        message.Status.ShouldBe(MessageStatus.Cancelled);
        message.StatusReason.ShouldNotBeNull().ShouldContain("paid or credited");
        // Named by its reference, or by its id when the case has already dropped the paid item.
        new[] { first.Reference, first.Id.ToString() }.ShouldContain(name => message.StatusReason.Contains(name, StringComparison.Ordinal));
        message.SentAt.ShouldBeNull();
        await factory.Database.DisposeAsync();
    }

    [Fact]
    public async Task Dispatch_WhenTheProcessStopsBetweenCommitAndSending_SendsTheLetterOnceAfterRestart()
    {
        var (first, folder) = await HostAsync(dispatcher: false);
        var database = first.Database;
        Guid messageId;
        await using (first)
        {
            var op = await first.SignInAsync(DemoUsers.Operator);
            var (caseId, _, _) = await OpenCaseAsync(first, op);
            messageId = await ScheduleAsync(first.Services, _company, caseId, MessageChannel.Letter, $"test:{Guid.NewGuid()}");
        }

        var (restarted, _) = await HostAsync(dispatcher: true, database: database, folder: folder);
        await using (restarted)
        {
            await Eventually(async () => (await MessageAsync(restarted.Services, messageId)).Status == MessageStatus.Sent, "the restarted host sends the letter");
            var again = await DispatchOnceAsync(restarted);

            again.ShouldBe(0);
            var letters = Directory.GetFiles(Path.Combine(folder, "letters"), "*.pdf", SearchOption.AllDirectories);
            letters.ShouldHaveSingleItem().ShouldContain(messageId.ToString("N"));
            (await File.ReadAllBytesAsync(letters[0])).Take(4).ShouldBe("%PDF"u8.ToArray());
            (await MessageAsync(restarted.Services, messageId)).Attempts.ShouldBe(1);
        }

        await database.DisposeAsync();
    }

    [Fact]
    public async Task Dispatch_WhenTheReminderGoesBySmtp_TheServerReceivesItsContentAndTheStatementOnce()
    {
        await using var smtp = await SmtpSink.StartAsync();
        var (factory, _) = await HostAsync(dispatcher: false, smtpPort: smtp.Port);
        await using var _factory = factory;
        var op = await factory.SignInAsync(DemoUsers.Operator);
        var (caseId, first, second) = await OpenCaseAsync(factory, op);
        var key = $"test:{Guid.NewGuid()}";
        var messageId = await ScheduleAsync(factory.Services, _company, caseId, MessageChannel.Email, key);

        await Task.WhenAll(DispatchOnceAsync(factory), DispatchOnceAsync(factory));
        await DispatchOnceAsync(factory);

        var message = await MessageAsync(factory.Services, messageId);
        message.Status.ShouldBe(MessageStatus.Sent);
        await Eventually(() => Task.FromResult(smtp.Messages().Length == 1), "the SMTP server received the reminder");
        var received = await MimeMessage.LoadAsync(smtp.Messages()[0]);
        received.To.Mailboxes.ShouldHaveSingleItem().Address.ShouldBe("compta@client.example");
        received.MessageId.ShouldBe($"{messageId:N}@etrepaye.local");
        received.Headers["X-Etrepaye-Idempotency-Key"].ShouldBe(key);
        received.Subject.ShouldStartWith("Rappel : factures échues");
        var text = received.TextBody.ShouldNotBeNull();
        text.ShouldContain(first.Reference);
        text.ShouldContain(second.Reference);
        text.ShouldContain("Total dû en EUR : 1 980,25 EUR");
        text.ShouldContain("Indemnités forfaitaires pour frais de recouvrement (40 EUR par facture) : 80,00 EUR");
        var attachment = received.Attachments.OfType<MimePart>().ShouldHaveSingleItem();
        attachment.FileName.ShouldStartWith("releve-");
        attachment.ContentType.MimeType.ShouldBe("application/pdf");
        using var content = new MemoryStream();
        await attachment.Content.ShouldNotBeNull().DecodeToAsync(content);
        content.ToArray().Take(4).ShouldBe("%PDF"u8.ToArray());
        await factory.Database.DisposeAsync();
    }

    [Fact]
    public async Task Dispatch_WhenTheMailServerIsDown_RecordsTheFailureAndRetriesLater()
    {
        var (factory, _) = await HostAsync(dispatcher: false, smtpPort: 1);
        await using var _factory = factory;
        var op = await factory.SignInAsync(DemoUsers.Operator);
        var (caseId, _, _) = await OpenCaseAsync(factory, op);
        var messageId = await ScheduleAsync(factory.Services, _company, caseId, MessageChannel.Email, $"test:{Guid.NewGuid()}");

        await DispatchOnceAsync(factory);
        var again = await DispatchOnceAsync(factory);

        var message = await MessageAsync(factory.Services, messageId);
        message.Status.ShouldBe(MessageStatus.Scheduled);
        message.Attempts.ShouldBe(1);
        message.StatusReason.ShouldNotBeNull().ShouldStartWith("Attempt 1 failed");
        message.NextAttemptAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow);
        again.ShouldBe(0);
        await factory.Database.DisposeAsync();
    }

    [Fact]
    public async Task Dispatch_WhenTheAgencyHoldsTheCase_CancelsWhatWasScheduledAndSchedulesNothingMore()
    {
        var (factory, _) = await HostAsync(dispatcher: false);
        await using var _factory = factory;
        var op = await factory.SignInAsync(DemoUsers.Operator);
        var (caseId, first, _) = await OpenCaseAsync(factory, op);
        var before = await ScheduleAsync(factory.Services, _company, caseId, MessageChannel.Letter, $"test:{Guid.NewGuid()}");

        await HandOverAsync(factory.Services, caseId, first, _company, DateOnly.FromDateTime(DateTime.UtcNow));
        var detail = await WaitForCaseAsync(op, _company, first.CustomerId, d => d.Case.Status == "WithAgency");
        var after = await ScheduleAsync(factory.Services, _company, caseId, MessageChannel.Letter, $"test:{Guid.NewGuid()}");
        await DispatchOnceAsync(factory);

        detail.Case.AgencyId.ShouldNotBeNull();
        (await MessageAsync(factory.Services, before)).ShouldSatisfyAllConditions(
            m => m.Status.ShouldBe(MessageStatus.Cancelled), m => m.StatusReason.ShouldBe("The case is held by a collection agency."));
        (await MessageAsync(factory.Services, after)).Status.ShouldBe(MessageStatus.Cancelled);
        await factory.Database.DisposeAsync();
    }

    [Fact]
    public async Task Dispatch_WhenTheChannelIsSms_TheFileProviderWritesItOnce()
    {
        var (factory, folder) = await HostAsync(dispatcher: false);
        await using var _factory = factory;
        var op = await factory.SignInAsync(DemoUsers.Operator);
        var (caseId, _, _) = await OpenCaseAsync(factory, op);
        var messageId = await ScheduleAsync(factory.Services, _company, caseId, MessageChannel.Sms, $"test:{Guid.NewGuid()}");

        await DispatchOnceAsync(factory);
        await DispatchOnceAsync(factory);

        var file = Directory.GetFiles(Path.Combine(folder, "sms")).ShouldHaveSingleItem();
        var text = await File.ReadAllTextAsync(file);
        text.ShouldStartWith("To: +33600000000");
        text.ShouldContain("2 facture(s) échue(s), 1 980,25 EUR");
        (await MessageAsync(factory.Services, messageId)).Status.ShouldBe(MessageStatus.Sent);
        await factory.Database.DisposeAsync();
    }

    /// <summary>What the agency side of the module publishes when a procedure hands the case over.</summary>
    internal static async Task HandOverAsync(IServiceProvider services, Guid caseId, Etrepaye.Receivables.Features.ItemResponse invoice, Guid companyId, DateOnly on)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(companyId, "test");
        var db = scope.ServiceProvider.GetRequiredService<CollectionDbContext>();
        db.Publish(new CaseHandedOverToAgency(companyId, invoice.CustomerId, caseId, Guid.NewGuid(), [invoice.Id], invoice.OpenAmount, on));
        await db.SaveChangesAsync();
        scope.ServiceProvider.GetRequiredService<OutboxSignal>().Notify();
    }
}
