using System.Net;
using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Features;
using Etrepaye.Disputes.Features.ReadDisputeByLink;
using Etrepaye.Disputes.Features.RequestInternalAnswer;
using Etrepaye.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Disputes.DisputesApi;

namespace Etrepaye.IntegrationTests.Disputes;

/// <summary>The signed link of an internal request: one dispute, one answer, until it expires or is revoked; nothing else.</summary>
public sealed class DisputeLinkTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task Link_WhenAnsweredOnce_RecordsTheAnswerAndRefusesAnyFurtherUse()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var (dispute, created) = await DisputeWithRequestAsync(op);
        var anonymous = _factory.CreateClient();

        var read = await (await anonymous.SendAsync(LinkRequest(HttpMethod.Get, "/api/dispute-links/dispute", Token(created)))).ReadAsync<LinkedDisputeResponse>();
        var answer = await anonymous.SendAsync(LinkRequest(HttpMethod.Post, "/api/dispute-links/answer", Token(created), new { name = "Paul Logistique", answer = "Two pallets were damaged in transit." }));
        var secondAnswer = await anonymous.SendAsync(LinkRequest(HttpMethod.Post, "/api/dispute-links/answer", Token(created), new { name = "Someone", answer = "Again" }));
        var readAfter = await anonymous.SendAsync(LinkRequest(HttpMethod.Get, "/api/dispute-links/dispute", Token(created)));

        (read.Reference, read.Amount, read.Question, read.Department).ShouldBe((dispute.Reference, 500m, "Were the goods damaged?", "Logistics"));
        await answer.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await secondAnswer.ShouldHaveStatusAsync(HttpStatusCode.Forbidden)).GetProperty("detail").GetString()!.ShouldContain("answers once");
        await readAfter.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        var detail = await (await op.GetAsync($"{Url(_company)}/{dispute.Id}")).ReadAsync<DisputeDetailResponse>();
        detail.Timeline.Single(n => n.Kind == "InternalAnswer").Text.ShouldBe("Two pallets were damaged in transit.");
        (detail.Requests.Single().Status, detail.Requests.Single().AnsweredBy).ShouldBe(("Answered", "Paul Logistique"));
    }

    [Fact]
    public async Task Link_WhenRevokedOrExpired_IsRefusedSayingWhy()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var (dispute, revoked) = await DisputeWithRequestAsync(op);
        var expired = await (await op.PostJsonAsync($"{Url(_company)}/{dispute.Id}/requests", new { recipientEmail = "billing@demo.test", message = "Is this a duplicate?" }))
            .ReadAsync<InternalRequestCreatedResponse>();
        await (await op.PostAsync($"{Url(_company)}/{dispute.Id}/requests/{revoked.Request.Id}/revoke", null)).ShouldHaveStatusAsync(HttpStatusCode.OK);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DisputesDbContext>();
            var row = await db.InternalRequests.IgnoreQueryFilters().SingleAsync(r => r.Id == expired.Request.Id);
            db.Entry(row).Property(r => r.ExpiresAt).CurrentValue = DateTimeOffset.UtcNow.AddMinutes(-1);
            await db.SaveChangesAsync();
        }

        var anonymous = _factory.CreateClient();
        var readRevoked = await anonymous.SendAsync(LinkRequest(HttpMethod.Get, "/api/dispute-links/dispute", Token(revoked)));
        var answerRevoked = await anonymous.SendAsync(LinkRequest(HttpMethod.Post, "/api/dispute-links/answer", Token(revoked), new { name = "X", answer = "Y" }));
        var readExpired = await anonymous.SendAsync(LinkRequest(HttpMethod.Get, "/api/dispute-links/dispute", Token(expired)));
        var answerExpired = await anonymous.SendAsync(LinkRequest(HttpMethod.Post, "/api/dispute-links/answer", Token(expired), new { name = "X", answer = "Y" }));

        (await readRevoked.ShouldHaveStatusAsync(HttpStatusCode.Forbidden)).GetProperty("detail").GetString()!.ShouldContain("revoked");
        (await answerRevoked.ShouldHaveStatusAsync(HttpStatusCode.Forbidden)).GetProperty("detail").GetString()!.ShouldContain("revoked");
        (await readExpired.ShouldHaveStatusAsync(HttpStatusCode.Forbidden)).GetProperty("detail").GetString()!.ShouldContain("expired");
        (await answerExpired.ShouldHaveStatusAsync(HttpStatusCode.Forbidden)).GetProperty("detail").GetString()!.ShouldContain("expired");
        var detail = await (await op.GetAsync($"{Url(_company)}/{dispute.Id}")).ReadAsync<DisputeDetailResponse>();
        detail.Timeline.ShouldNotContain(n => n.Kind == "InternalAnswer");
    }

    [Fact]
    public async Task Link_WhenUsedForAnythingElse_OpensNothing()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var (dispute, created) = await DisputeWithRequestAsync(op);
        var (other, _) = await DisputeWithRequestAsync(op);
        var anonymous = _factory.CreateClient();
        var token = Token(created);

        string[] companyUrls =
        [
            Url(_company), $"{Url(_company)}/{dispute.Id}", $"{Url(_company)}/{other.Id}", $"{Url(_company)}/reasons", $"{Url(_company)}/reports",
            $"/api/companies/{_company}/receivables/customers",
        ];
        foreach (var url in companyUrls)
        {
            var withHeader = await anonymous.SendAsync(LinkRequest(HttpMethod.Get, url, token));
            var asApiKey = new HttpRequestMessage(HttpMethod.Get, url);
            asApiKey.Headers.Add("X-Api-Key", token);
            var asBearer = new HttpRequestMessage(HttpMethod.Get, url);
            asBearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

            withHeader.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, url);
            (await anonymous.SendAsync(asApiKey)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, url);
            (await anonymous.SendAsync(asBearer)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, url);
        }

        var read = await (await anonymous.SendAsync(LinkRequest(HttpMethod.Get, "/api/dispute-links/dispute", token))).ReadAsync<LinkedDisputeResponse>();
        read.Reference.ShouldBe(dispute.Reference);
        var forged = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");
        await (await anonymous.SendAsync(LinkRequest(HttpMethod.Get, "/api/dispute-links/dispute", forged))).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await anonymous.SendAsync(LinkRequest(HttpMethod.Get, "/api/dispute-links/dispute", "not-a-token"))).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await anonymous.GetAsync("/api/dispute-links/dispute")).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Link_WhenCommentsMentionTheRecipient_ShowsThoseAndNoOthers()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var (customer, invoices) = await CustomerWithInvoicesAsync(op, _company, 640m);
        var dispute = await OpenDisputeAsync(op, _company, customer.Id, (invoices[0].Id, null));
        await (await op.PostJsonAsync($"{Url(_company)}/{dispute.Id}/comments", new { text = "Internal only: the customer is often late.", mentions = Array.Empty<string>() }))
            .ShouldHaveStatusAsync(HttpStatusCode.Created);
        await (await op.PostJsonAsync($"{Url(_company)}/{dispute.Id}/comments", new { text = "Could you check the delivery note?", mentions = new[] { DemoUsers.CreditManager } }))
            .ShouldHaveStatusAsync(HttpStatusCode.Created);
        var created = await (await op.PostJsonAsync($"{Url(_company)}/{dispute.Id}/requests", new { recipientEmail = DemoUsers.CreditManager, message = "Delivered?" }))
            .ReadAsync<InternalRequestCreatedResponse>();

        var read = await (await _factory.CreateClient().SendAsync(LinkRequest(HttpMethod.Get, "/api/dispute-links/dispute", Token(created)))).ReadAsync<LinkedDisputeResponse>();

        read.Comments.ShouldHaveSingleItem().Text.ShouldBe("Could you check the delivery note?");
        read.Invoices.ShouldHaveSingleItem().Amount.ShouldBe(640m);
    }

    [Fact]
    public async Task RequestInternalAnswer_WhenCreated_IsAnOutgoingMailWithItsLinkAndOnlyTheTokensHashIsSearchable()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var (dispute, created) = await DisputeWithRequestAsync(op);

        var pending = await (await op.GetAsync($"{Url(_company)}/requests?mailStatus=Pending&pageSize=200")).ReadAsync<Etrepaye.Shared.Contracts.PagedResult<InternalRequestResponse>>();

        pending.Items.ShouldContain(r => r.Id == created.Request.Id && r.RecipientEmail == "logistics@demo.test");
        created.Link.ShouldStartWith("http");
        created.Link.ShouldContain("#");
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DisputesDbContext>();
        var row = await db.InternalRequests.IgnoreQueryFilters().SingleAsync(r => r.Id == created.Request.Id);
        row.TokenHash.ShouldBe(Etrepaye.Shared.Security.LinkTokens.Hash(Token(created)));
        (await db.AuditEntries.IgnoreQueryFilters().Where(a => a.EntityId == row.Id.ToString()).Select(a => a.After).ToListAsync())
            .ShouldAllBe(after => after == null || !after.Contains(Token(created)));
        var detail = await (await op.GetAsync($"{Url(_company)}/{dispute.Id}")).ReadAsync<DisputeDetailResponse>();
        detail.Dispute.Status.ShouldBe("WaitingInternally");
    }

    private static string Token(InternalRequestCreatedResponse created) => created.Link[(created.Link.IndexOf('#') + 1)..];

    private static async Task<(DisputeResponse Dispute, InternalRequestCreatedResponse Request)> DisputeWithRequestAsync(HttpClient op)
    {
        var (customer, invoices) = await CustomerWithInvoicesAsync(op, _company, 500m);
        var dispute = await OpenDisputeAsync(op, _company, customer.Id, (invoices[0].Id, null));
        var created = await (await op.PostJsonAsync($"{Url(_company)}/{dispute.Id}/requests", new { recipientEmail = "logistics@demo.test", message = "Were the goods damaged?" }))
            .ReadAsync<InternalRequestCreatedResponse>();
        return (dispute, created);
    }
}
