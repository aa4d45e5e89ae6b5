using System.Net;
using Etrepaye.Collection.Domain;
using Etrepaye.Collection.Features;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Contracts;
using static Etrepaye.IntegrationTests.Collection.CollectionApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Collection;

/// <summary>A member of one company never sees nor changes another company's cases, interest, messages, attachments, templates or rates.</summary>
public sealed class CollectionIsolationTests
{
    private static readonly Guid _companyA = EtrepayeFactory.DemoCompanyId;
    private static readonly Guid _companyB = EtrepayeFactory.DemoClientCompanyId;

    private static string DaysAgo(int days) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task CollectionResourcesOfB_WhenAskedByAMemberOfAOnlyOrThroughA_Return404OrAreLeftOutAndNothingIsWritten()
    {
        await using var factory = new CollectionFactory(await TestDatabase.CreateAsync(), CollectionFactory.Settings(CollectionFactory.NewFolder(), dispatcher: false));
        _ = factory.Server;
        var admin = await factory.SignInAsync(DemoUsers.Admin);
        var managerOfA = await factory.SignInAsync(DemoUsers.CreditManager);
        var customerOfB = await CreateFrenchCustomerAsync(admin, _companyB);
        var invoice = await RecordAsync(admin, _companyB, "invoices", customerOfB.Id, 900m, DaysAgo(70), DaysAgo(40));
        await PublishOverdueAsync(factory.Services, _companyB, invoice);
        var caseOfB = (await WaitForCaseAsync(admin, _companyB, customerOfB.Id)).Case.Id;
        var messageOfB = await ScheduleAsync(factory.Services, _companyB, caseOfB, MessageChannel.Letter, $"test:{Guid.NewGuid()}");
        var attachmentOfB = (await (await admin.GetAsync($"{Url(_companyB)}/messages/{messageOfB}")).ReadAsync<MessageResponse>()).Attachments.First().Id;
        (await admin.PutJsonAsync($"{Url(_companyB)}/templates", new { kind = "reminder", channel = "Email", level = 1, language = "fr", subject = "B", body = "Corps de B" }))
            .EnsureSuccessStatusCode();

        string[] ofB =
        [
            $"cases/{caseOfB}", $"cases/{caseOfB}/interest", $"customers/{customerOfB.Id}/interest", $"messages/{messageOfB}",
            $"messages/{messageOfB}/attachments/{attachmentOfB}",
        ];
        foreach (var path in ofB)
        {
            await (await managerOfA.GetAsync($"{Url(_companyB)}/{path}")).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
            await (await managerOfA.GetAsync($"{Url(_companyA)}/{path}")).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        }

        foreach (var list in new[] { "cases", "messages", "templates", "reference-rates", "reports/promises?from=2020-01-01&to=2040-12-31" })
        {
            await (await managerOfA.GetAsync($"{Url(_companyB)}/{list}")).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        }

        (await (await managerOfA.GetAsync($"{Url(_companyA)}/cases?customerId={customerOfB.Id}")).ReadAsync<PagedResult<CaseSummaryResponse>>()).TotalCount.ShouldBe(0);
        (await (await managerOfA.GetAsync($"{Url(_companyA)}/messages?caseId={caseOfB}")).ReadAsync<PagedResult<MessageSummaryResponse>>()).TotalCount.ShouldBe(0);
        await (await managerOfA.PostJsonAsync($"{Url(_companyB)}/messages/{messageOfB}/bounce", new { reason = "x" })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await managerOfA.PostJsonAsync($"{Url(_companyA)}/messages/{messageOfB}/bounce", new { reason = "x" })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await managerOfA.PutJsonAsync($"{Url(_companyB)}/templates", new { kind = "reminder", channel = "Email", level = 1, language = "fr", subject = "A", body = "Corps" }))
            .ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await managerOfA.PostJsonAsync($"{Url(_companyB)}/reference-rates", new { kind = "EcbMainRefinancing", effectiveFrom = "2026-01-01", rate = 9m }))
            .ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await managerOfA.PostJsonAsync($"{Url(_companyA)}/templates/preview", new { caseId = caseOfB, kind = "reminder", channel = "Email", level = 1 }))
            .ShouldHaveStatusAsync(HttpStatusCode.NotFound);

        (await MessageAsync(factory.Services, messageOfB)).Status.ShouldBe(MessageStatus.Scheduled);
        var templatesOfB = await (await admin.GetAsync($"{Url(_companyB)}/templates")).Content.ReadAsStringAsync();
        templatesOfB.ShouldContain("Corps de B");
        templatesOfB.ShouldNotContain("\"A\"");
        await factory.Database.DisposeAsync();
    }
}
