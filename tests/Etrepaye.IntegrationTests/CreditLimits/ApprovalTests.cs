using System.Net;
using System.Text.Json;
using Etrepaye.Collection.Contracts;
using Etrepaye.CreditLimits.Features;
using Etrepaye.CreditLimits.Features.Limits;
using Etrepaye.CreditLimits.Reviews;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Contracts;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.CreditLimits.CreditApi;

namespace Etrepaye.IntegrationTests.CreditLimits;

/// <summary>Credit requests routed by the delegation-of-authority matrix, decisions within (and outside) authority, reviews.</summary>
public sealed class ApprovalTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    private async Task<HttpClient> ReadyAsync()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        await SetSettingsAsync(manager, _company);
        await UseApprovalProcedureAsync(manager, _company);
        return manager;
    }

    private async Task<JsonElement> TasksOfAsync(HttpClient client, Guid customerId) =>
        (await (await client.GetAsync($"/api/companies/{_company}/tasks?customer={customerId}")).ShouldHaveStatusAsync(HttpStatusCode.OK)).GetProperty("items");

    [Fact]
    public async Task Request_ByAmount_IsRoutedToTheRoleOfTheMatrixAndItsProcedureGivesThatRoleTheTask()
    {
        var manager = await ReadyAsync();
        var operatorClient = await _factory.SignInAsync(DemoUsers.Operator);
        var small = await NewCustomerAsync(manager, _company);
        var medium = await NewCustomerAsync(manager, _company);
        var large = await NewCustomerAsync(manager, _company);
        await Etrepaye.IntegrationTests.Guarantees.GuaranteesApi.SetRateAsync(manager, _company, "USD", "EUR", 0.5m);

        var analyst = await RequestAsync(operatorClient, _company, small.Id, 10_000m);
        var creditManager = await RequestAsync(operatorClient, _company, medium.Id, 90_000m, "USD");
        var director = await RequestAsync(operatorClient, _company, large.Id, 50_000.01m);

        (analyst.RequiredRole, creditManager.RequiredRole, director.RequiredRole).ShouldBe(("Operator", "CreditManager", "Administrator"));
        (analyst.Status, analyst.RequestedBy, analyst.Reason).ShouldBe(("Pending", DemoUsers.Operator, "New contract"));
        creditManager.InstanceId.ShouldNotBeNull();
        creditManager.ProcedureProblem.ShouldBeNull();
        var task = (await TasksOfAsync(manager, medium.Id)).EnumerateArray().ShouldHaveSingleItem();
        task.GetProperty("role").GetString().ShouldBe("CreditManager");
        (await TasksOfAsync(manager, large.Id)).EnumerateArray().ShouldHaveSingleItem().GetProperty("role").GetString().ShouldBe("Administrator");
    }

    [Fact]
    public async Task Decide_OutsideTheCallersAuthority_Returns403AndChangesNothing()
    {
        var manager = await ReadyAsync();
        var operatorClient = await _factory.SignInAsync(DemoUsers.Operator);
        var customer = await NewCustomerAsync(manager, _company);
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var request = await RequestAsync(admin, _company, customer.Id, 30_000m);

        var byAnalyst = await DecideAsync(operatorClient, _company, request);
        var raisedByManager = await DecideAsync(manager, _company, request, amount: 60_000m);
        var rejectedByAnalyst = await DecideAsync(operatorClient, _company, request, "Reject", comment: "too risky");

        var problem = await byAnalyst.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        problem.GetProperty("detail").GetString()!.ShouldContain("CreditManager");
        await raisedByManager.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        await rejectedByAnalyst.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        var after = await (await manager.GetAsync($"{CreditUrl(_company)}/requests/{request.Id}")).ReadAsync<CreditRequestResponse>();
        (after.Status, after.Version).ShouldBe(("Pending", request.Version));
        await (await manager.GetAsync($"{CreditUrl(_company)}/limits/{customer.Id}")).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Decide_WithinAuthority_SetsTheLimitWithItsHistoryEndsTheProcedureAndPublishesTheChange()
    {
        var manager = await ReadyAsync();
        var operatorClient = await _factory.SignInAsync(DemoUsers.Operator);
        var customer = await NewCustomerAsync(manager, _company);
        var first = await (await DecideAsync(operatorClient, _company, await RequestAsync(manager, _company, customer.Id, 8_000m, reviewDate: Today.AddMonths(12)))).ReadAsync<CreditRequestResponse>();
        var second = await RequestAsync(operatorClient, _company, customer.Id, 40_000m, reviewDate: Today.AddMonths(6), reason: "Volume doubles in 2027");

        var approved = await (await DecideAsync(manager, _company, second, amount: 35_000m, comment: "Capped at 35k")).ReadAsync<CreditRequestResponse>();
        var twice = await DecideAsync(manager, _company, approved);

        (first.Status, first.DecidedBy).ShouldBe(("Approved", DemoUsers.Operator));
        (approved.Status, approved.DecidedBy, approved.DecidedAmount).ShouldBe(("Approved", DemoUsers.CreditManager, 35_000m));
        await twice.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        var limit = await (await manager.GetAsync($"{CreditUrl(_company)}/limits/{customer.Id}")).ReadAsync<LimitWithHistoryResponse>();
        (limit.Limit.Amount, limit.Limit.Currency, limit.Limit.ReviewDate).ShouldBe((35_000m, "EUR", Today.AddMonths(6)));
        limit.History.Count.ShouldBe(2);
        var change = limit.History[0];
        (change.PreviousAmount, change.Amount, change.RequestedBy, change.ApprovedBy, change.ApproverRole, change.RequestId)
            .ShouldBe((8_000m, 35_000m, DemoUsers.Operator, DemoUsers.CreditManager, "CreditManager", second.Id));
        change.Reason.ShouldBe("Volume doubles in 2027 — Capped at 35k");
        (limit.History[1].PreviousAmount, limit.History[1].ApprovedBy).ShouldBe((null, DemoUsers.Operator));
        (await OutboxPayloadsAsync(_factory.Services, "CreditLimitChanged")).ShouldContain(p => p.Contains(customer.Id.ToString()) && p.Contains("35000"));
        await Eventually(
            async () => (await (await manager.GetAsync($"/api/companies/{_company}/procedure-instances/{second.InstanceId}")).ShouldHaveStatusAsync(HttpStatusCode.OK))
                .GetProperty("status").GetString() == "Completed",
            "the decision should end the request's procedure");
    }

    [Fact]
    public async Task Decide_ByTheMemberWhoAskedForIt_Returns422OwnRequestEvenWithinTheirAuthority()
    {
        var manager = await ReadyAsync();
        var operatorClient = await _factory.SignInAsync(DemoUsers.Operator);
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var customer = await NewCustomerAsync(manager, _company);
        var small = await RequestAsync(operatorClient, _company, customer.Id, 5_000m);
        var large = await RequestAsync(admin, _company, customer.Id, 80_000m);

        var byOperator = await DecideAsync(operatorClient, _company, small);
        var rejectedByOperator = await DecideAsync(operatorClient, _company, small, "Reject", comment: "changed my mind");
        var byAdmin = await DecideAsync(admin, _company, large);
        var byAnother = await DecideAsync(admin, _company, small);

        (await byOperator.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString().ShouldBe("own-request");
        (await rejectedByOperator.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString().ShouldBe("own-request");
        (await byAdmin.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString().ShouldBe("own-request");
        var approved = await byAnother.ReadAsync<CreditRequestResponse>();
        (approved.Status, approved.RequestedBy, approved.DecidedBy).ShouldBe(("Approved", DemoUsers.Operator, DemoUsers.Admin));
        var stillPending = await (await manager.GetAsync($"{CreditUrl(_company)}/requests/{large.Id}")).ReadAsync<CreditRequestResponse>();
        (stillPending.Status, stillPending.Version).ShouldBe(("Pending", large.Version));
    }

    [Fact]
    public async Task PaymentIncident_OnACustomerWithALimit_OpensAnImmediateReviewWhoseProcedureStarts()
    {
        var manager = await ReadyAsync();
        var customer = await NewCustomerAsync(manager, _company);
        await GrantAsync(_factory, _company, customer.Id, 15_000m);

        await PublishAsync(_factory.Services, new PromiseBroken(_company, customer.Id, Guid.NewGuid(), Guid.NewGuid(), new Money(2_000m, "EUR"), Today.AddDays(-2), new Money(2_000m, "EUR")));

        CreditRequestResponse? review = null;
        await Eventually(async () =>
        {
            var requests = await (await manager.GetAsync($"{CreditUrl(_company)}/requests?customerId={customer.Id}&status=Pending")).ReadAsync<PagedResult<CreditRequestResponse>>();
            review = requests.Items.SingleOrDefault(r => r.Kind == "Review");
            return review?.InstanceId is not null;
        }, "a broken promise should open a review and the worker start its procedure");
        (review!.Trigger, review.Amount, review.RequiredRole).ShouldBe(("PaymentIncident", 15_000m, "CreditManager"));
        review.Reason.ShouldStartWith("Promise to pay broken");
    }

    [Fact]
    public async Task DailyCheck_OnTheReviewDate_OpensAPeriodicReviewOnce()
    {
        var manager = await ReadyAsync();
        var customer = await NewCustomerAsync(manager, _company);
        await GrantAsync(_factory, _company, customer.Id, 9_000m, reviewDate: Today.AddDays(10));
        var checker = _factory.Services.GetRequiredService<CreditLimitsDailyChecker>();

        var before = await checker.CheckCompanyAsync(_company, Today.AddDays(9), CancellationToken.None);
        var onTheDay = await checker.CheckCompanyAsync(_company, Today.AddDays(10), CancellationToken.None);
        var sameDay = await checker.CheckCompanyAsync(_company, Today.AddDays(10), CancellationToken.None);

        (before, sameDay).ShouldBe((0, 0));
        onTheDay.ShouldBeGreaterThanOrEqualTo(1);
        var requests = await (await manager.GetAsync($"{CreditUrl(_company)}/requests?customerId={customer.Id}&status=Pending")).ReadAsync<PagedResult<CreditRequestResponse>>();
        var review = requests.Items.ShouldHaveSingleItem();
        (review.Kind, review.Trigger, review.RequiredRole).ShouldBe(("Review", "PeriodicReview", "Operator"));
    }
}
