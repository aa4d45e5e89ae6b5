using System.Net;
using System.Net.Http.Json;
using Etrepaye.CreditLimits.Features;
using Etrepaye.CreditLimits.Features.OrderCheck;
using Etrepaye.Guarantees.Features;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.CreditLimits.CreditApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.CreditLimits;

/// <summary>Limits at every level of a group: each covers its subtree, the check answers with every limit on the chain, parents move.</summary>
public sealed class GroupLimitTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    private sealed record Group(CustomerResponse Head, CustomerResponse Mid, CustomerResponse Sub, CustomerResponse Sibling);

    /// <summary>Head ← Mid ← Sub, and Head ← Sibling; open invoices 1,000 / 2,000 / 3,000 / 4,000; limits on Head, Mid and Sub.</summary>
    private async Task<(HttpClient Manager, Group Group)> GroupAsync(decimal midLimit = 5_500m)
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        await SetSettingsAsync(manager, _company);
        var head = await NewCustomerAsync(manager, _company);
        var mid = await NewCustomerAsync(manager, _company, parentId: head.Id);
        var sub = await NewCustomerAsync(manager, _company, parentId: mid.Id);
        var sibling = await NewCustomerAsync(manager, _company, parentId: head.Id);
        foreach (var (customer, amount) in new[] { (head, 1_000m), (mid, 2_000m), (sub, 3_000m), (sibling, 4_000m) })
        {
            await RecordAsync(manager, _company, "invoices", customer.Id, amount, "2026-10-01", "2027-06-30");
        }

        await GrantAsync(_factory, _company, head.Id, 20_000m);
        await GrantAsync(_factory, _company, mid.Id, midLimit);
        await GrantAsync(_factory, _company, sub.Id, 10_000m);
        foreach (var customer in new[] { head, mid, sub, sibling })
        {
            await RefreshAsync(manager, _company, customer.Id);
        }

        return (manager, new Group(head, mid, sub, sibling));
    }

    private async Task<CheckOrderResponse> CheckAsync(HttpClient client, Guid customerId, decimal amount) =>
        await (await client.PostJsonAsync($"{CreditUrl(_company)}/check", new { customerId, amount, currency = "EUR" })).ReadAsync<CheckOrderResponse>();

    [Fact]
    public async Task Check_OnASubsidiaryOfAThreeLevelGroup_AnswersWithEveryLimitOnItsChainEachOverItsSubtree()
    {
        var (manager, g) = await GroupAsync();

        var check = await CheckAsync(manager, g.Sub.Id, 600m);

        check.Decision.ShouldBe("Blocked");
        check.Reasons.ShouldBe(["OverLimit"]);
        check.Limits.Select(l => (l.Limit.LimitCustomerId, l.Limit.Scope, l.Limit.Exposure.Total, l.ExposureAfterOrder, l.OverLimit)).ShouldBe(
        [
            (g.Head.Id, "Group", 10_000m, 10_600m, false),
            (g.Mid.Id, "Group", 5_000m, 5_600m, true),
            (g.Sub.Id, "Customer", 3_000m, 3_600m, false),
        ]);
        check.Limits[1].Limit.Exposure.Customers.OrderBy(c => c).ShouldBe(new[] { g.Mid.Id, g.Sub.Id }.OrderBy(c => c));
        check.Limits[0].Limit.Exposure.Customers.Count.ShouldBe(4);
        var sibling = await CheckAsync(manager, g.Sibling.Id, 600m);
        sibling.Decision.ShouldBe("Approved");
        sibling.Limits.ShouldHaveSingleItem().Limit.LimitCustomerId.ShouldBe(g.Head.Id);
        var midExposure = await (await manager.GetAsync($"{CreditUrl(_company)}/customers/{g.Mid.Id}/exposure")).ReadAsync<CustomerExposureResponse>();
        midExposure.Limits.Select(l => (l.LimitCustomerId, l.Exposure.Total)).ShouldBe([(g.Head.Id, 10_000m), (g.Mid.Id, 5_000m)]);
    }

    [Fact]
    public async Task Exposure_WithCoverDeducted_TakesTheCoverOfEveryCustomerOfTheSubtreeAndGroupGuaranteesGivenOnTheParent()
    {
        var (manager, g) = await GroupAsync(midLimit: 50_000m);
        await Guarantees.GuaranteesApi.CreateActiveAsync(manager, _company, g.Sub.Id, "BankGuarantee", 500m, "EUR", "2026-01-01", "2030-12-31");
        await Guarantees.GuaranteesApi.CreateActiveAsync(manager, _company, g.Mid.Id, "BankGuarantee", 200m, "EUR", "2026-01-01", "2030-12-31");
        await Guarantees.GuaranteesApi.CreateActiveAsync(manager, _company, g.Sibling.Id, "BankGuarantee", 300m, "EUR", "2026-01-01", "2030-12-31");
        var groupGuarantee = await (await manager.PostJsonAsync(Guarantees.GuaranteesApi.Url(_company), new
        {
            customerId = g.Head.Id, type = "ParentCompanyGuarantee", issuerName = "Holding", issuerReference = "PCG-1", beneficiaryLegalEntityCode = "FR01",
            amount = 1_000m, currency = "EUR", startDate = "2026-01-01", expiryDate = "2030-12-31", coversGroup = true,
        })).ReadAsync<GuaranteeResponse>();
        (await manager.PostJsonAsync($"{Guarantees.GuaranteesApi.Url(_company)}/{groupGuarantee.Id}/activate", new { effectiveDate = "2026-01-01", version = groupGuarantee.Version }))
            .EnsureSuccessStatusCode();
        await SetSettingsAsync(manager, _company, deductCover: true);

        var check = await CheckAsync(manager, g.Sub.Id, 100m);

        // Head: all four guarantees; Mid: its own, Sub's, and the head's group guarantee (Mid is a subsidiary of the head); Sub: its own.
        check.Limits.Select(l => (l.Limit.LimitCustomerId, l.Limit.Exposure.Cover, l.Limit.Exposure.Total)).ShouldBe(
        [
            (g.Head.Id, 2_000m, 8_000m),
            (g.Mid.Id, 1_700m, 3_300m),
            (g.Sub.Id, 500m, 2_500m),
        ]);
        await SetSettingsAsync(manager, _company);
    }

    [Fact]
    public async Task ParentChange_InTheLedger_MovesTheSubtreeUnderItsNewParentsLimitsWithoutARefresh()
    {
        var (manager, g) = await GroupAsync();
        var admin = await _factory.SignInAsync(DemoUsers.Admin);

        var moved = await admin.PutAsJsonAsync($"{Base(_company)}/customers/{g.Mid.Id}",
            new { name = g.Mid.Name, currency = "EUR", paymentTermsDays = 30, parentCustomerId = (Guid?)g.Sibling.Id, version = g.Mid.Version });
        await moved.ShouldHaveStatusAsync(HttpStatusCode.OK);

        CheckOrderResponse check = null!;
        await Eventually(async () =>
        {
            check = await CheckAsync(manager, g.Sub.Id, 100m);
            return check.Limits.Count == 3 && check.Limits[0].Limit.Exposure.Customers.Contains(g.Sibling.Id)
                && (await CheckAsync(manager, g.Sibling.Id, 1m)).Limits[0].Limit.Exposure.Customers.Contains(g.Sub.Id);
        }, "CustomerParentChanged should move the subtree");
        check.Limits.Select(l => (l.Limit.LimitCustomerId, l.Limit.Exposure.Total)).ShouldBe([(g.Head.Id, 10_000m), (g.Mid.Id, 5_000m), (g.Sub.Id, 3_000m)]);
        var sibling = await (await manager.GetAsync($"{CreditUrl(_company)}/customers/{g.Sibling.Id}/exposure")).ReadAsync<CustomerExposureResponse>();
        sibling.Limits.ShouldHaveSingleItem().Exposure.Total.ShouldBe(10_000m);

        var left = await admin.PutAsJsonAsync($"{Base(_company)}/customers/{g.Mid.Id}",
            new { name = g.Mid.Name, currency = "EUR", paymentTermsDays = 30, parentCustomerId = (Guid?)null, version = (await moved.ReadAsync<CustomerResponse>()).Version });
        await left.ShouldHaveStatusAsync(HttpStatusCode.OK);

        await Eventually(async () => (await CheckAsync(manager, g.Sub.Id, 100m)).Limits.Count == 2, "leaving the group should drop the head's limit");
        var after = await CheckAsync(manager, g.Sub.Id, 100m);
        after.Limits.Select(l => (l.Limit.LimitCustomerId, l.Limit.Exposure.Total)).ShouldBe([(g.Mid.Id, 5_000m), (g.Sub.Id, 3_000m)]);
        (await CheckAsync(manager, g.Head.Id, 1m)).Limits.ShouldHaveSingleItem().Limit.Exposure.Total.ShouldBe(5_000m);
        await using var scope = _factory.Services.CreateAsyncScope();
        var published = await scope.ServiceProvider.GetRequiredService<ReceivablesDbContext>().OutboxMessages.IgnoreQueryFilters()
            .Where(m => m.EventType.EndsWith(".CustomerParentChanged")).Select(m => m.Payload).ToListAsync();
        published.Count(p => p.Contains(g.Mid.Id.ToString())).ShouldBe(2);
    }

    [Fact]
    public async Task Alerts_ArePagedWithATotalTheWorstFirst()
    {
        var (manager, g) = await GroupAsync(midLimit: 5_000m);

        var first = await (await manager.GetAsync($"{CreditUrl(_company)}/alerts?page=1&pageSize=1")).ReadAsync<Etrepaye.CreditLimits.Features.Alerts.CreditAlertsResponse>();
        var all = await (await manager.GetAsync($"{CreditUrl(_company)}/alerts?pageSize=200")).ReadAsync<Etrepaye.CreditLimits.Features.Alerts.CreditAlertsResponse>();
        var tooBig = await manager.GetAsync($"{CreditUrl(_company)}/alerts?pageSize=201");

        (first.Page, first.PageSize).ShouldBe((1, 1));
        first.TotalCount.ShouldBe(all.TotalCount);
        first.Items.ShouldHaveSingleItem().Type.ShouldBe("OverLimit");
        all.Items.ShouldContain(a => a.Type == "OverLimit" && a.CustomerId == g.Mid.Id && a.Exposure == 5_000m && a.UsedPercent == 100m);
        all.Items.ShouldNotContain(a => a.CustomerId == g.Head.Id || a.CustomerId == g.Sub.Id);
        string[] severity = ["OverLimit", "Expired", "NearLimit", "NoReviewDate"];
        all.Items.Select(a => Array.IndexOf(severity, a.Type)).ShouldBeInOrder();
        (await tooBig.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldContain("pageSize");
    }
}
