using System.Text.Json;
using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Features;
using Etrepaye.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Disputes.DisputesApi;

namespace Etrepaye.IntegrationTests.Disputes;

/// <summary>The disputes.* activities in the designer's catalogue, and a dispute opened where no procedure is assigned.</summary>
public sealed class DisputeActivityTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task ActivityDescriptors_WhenListed_IncludeTheDisputesActivitiesWithTheirPorts()
    {
        var client = await _factory.SignInAsync(DemoUsers.CreditManager);

        var descriptors = await (await client.GetAsync("/api/activity-descriptors")).ReadAsync<List<JsonElement>>();

        var disputes = descriptors.Where(d => d.GetProperty("type").GetString()!.StartsWith("disputes.")).ToDictionary(
            d => d.GetProperty("type").GetString()!, d => d.GetProperty("ports").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList());
        disputes.Keys.ShouldBe(["disputes.open-dispute", "disputes.route-to-owner", "disputes.wait-for-resolution"], ignoreOrder: true);
        disputes["disputes.wait-for-resolution"].ShouldBe(["Resolved", "Rejected", "Timeout"]);
    }

    [Fact]
    public async Task OpenDispute_WhenTheCompanyHasNoProcedureForDisputes_OpensItWithoutAProcedureInstance()
    {
        var company = EtrepayeFactory.DemoClientCompanyId;
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var (customer, invoices) = await CustomerWithInvoicesAsync(admin, company, 100m);

        var dispute = await OpenDisputeAsync(admin, company, customer.Id, (invoices[0].Id, null));

        await Eventually(async () => await DispatchedAsync(dispute.Id), "DisputeOpened is dispatched");
        var detail = await (await admin.GetAsync($"{Url(company)}/{dispute.Id}")).ReadAsync<DisputeDetailResponse>();
        (detail.Dispute.Status, detail.Dispute.ProcedureInstanceId).ShouldBe(("Open", (Guid?)null));
    }

    private async Task<bool> DispatchedAsync(Guid disputeId)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DisputesDbContext>();
        var message = await db.OutboxMessages.IgnoreQueryFilters()
            .SingleAsync(m => m.EventType.EndsWith(".DisputeOpened") && m.Payload.Contains(disputeId.ToString()));
        message.LastError.ShouldBeNull();
        return message.DispatchedAt is not null;
    }
}
