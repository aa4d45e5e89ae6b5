using System.Net;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Procedures.Features.Instances;
using Etrepaye.Procedures.Features.Tasks;
using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Contracts;

namespace Etrepaye.IntegrationTests.Procedures;

public sealed class TaskInboxTests(ProcedureRuntimeFixture fixture) : IClassFixture<ProcedureRuntimeFixture>
{
    private static readonly Guid _companyA = EtrepayeFactory.DemoCompanyId;
    private static readonly Guid _companyB = EtrepayeFactory.DemoClientCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    private static string Tasks(Guid company) => $"/api/companies/{company}/tasks";

    private static string Instances(Guid company) => $"/api/companies/{company}/procedure-instances";

    private static string NewCustomer(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static async Task<TaskResponse> TaskOfAsync(HttpClient client, string customer, Guid? company = null) =>
        (await (await client.GetAsync($"{Tasks(company ?? _companyA)}?customer={customer}")).ReadAsync<PagedResult<TaskResponse>>()).Items.ShouldHaveSingleItem();

    [Fact]
    public async Task ListTasks_WhenNotSorted_OrdersByAmountAtRiskTimesDaysOverdueThenDueDate()
    {
        var today = ProcedureRuntimeFixture.Today;
        var small = NewCustomer("small");
        var large = NewCustomer("large");
        var notDue = NewCustomer("notdue");
        var notDueSooner = NewCustomer("notduesooner");
        await fixture.StartCaseAsync(_companyA, small, "1000 EUR", today.AddDays(-10));
        await fixture.StartCaseAsync(_companyA, large, "5000 EUR", today.AddDays(-3));
        await fixture.StartCaseAsync(_companyA, notDue, "90000 EUR", today.AddDays(9));
        await fixture.StartCaseAsync(_companyA, notDueSooner, "10 EUR", today.AddDays(2));
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);

        var page = await (await operatorOfA.GetAsync($"{Tasks(_companyA)}?definitionId=inbox-case&pageSize=200")).ReadAsync<PagedResult<TaskResponse>>();

        var order = page.Items.Select(t => t.Customer).Where(c => c == small || c == large || c == notDue || c == notDueSooner).ToList();
        order.ShouldBe([large, small, notDueSooner, notDue]);
        var first = page.Items.Single(t => t.Customer == large);
        first.AmountAtRisk.ShouldBe(5000m);
        first.DaysOverdue.ShouldBe(3);
        first.PriorityScore.ShouldBe(15_000m);
        first.Form.Select(f => f.Name).ShouldBe(["promisedOn", "comment"]);
    }

    [Fact]
    public async Task ListTasks_WhenFiltered_ReturnsOnlyTheMatchingTasks()
    {
        var today = ProcedureRuntimeFixture.Today;
        var overdue = NewCustomer("overdue");
        var later = NewCustomer("later");
        await fixture.StartCaseAsync(_companyA, overdue, "100 EUR", today.AddDays(-1));
        var laterInstance = await fixture.StartCaseAsync(_companyA, later, "100 EUR", today.AddDays(5));
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        (await admin.PostJsonAsync($"{Instances(_companyA)}/{laterInstance}/move", new { activityId = "review", reason = "needs a review" })).EnsureSuccessStatusCode();
        var overdueTask = await TaskOfAsync(operatorOfA, overdue);

        async Task<List<string?>> CustomersAsync(HttpClient client, string filter) =>
            [.. (await (await client.GetAsync($"{Tasks(_companyA)}?pageSize=200&{filter}")).ReadAsync<PagedResult<TaskResponse>>()).Items
                .Select(t => t.Customer).Where(c => c == overdue || c == later)];

        (await CustomersAsync(operatorOfA, "overdue=true")).ShouldBe([overdue]);
        (await CustomersAsync(operatorOfA, "myRole=true")).ShouldBe([overdue]);
        (await CustomersAsync(admin, "myRole=true")).ShouldBeEmpty();
        (await CustomersAsync(operatorOfA, $"customer={later}")).ShouldBe([later]);
        (await CustomersAsync(operatorOfA, "definitionId=other-procedure")).ShouldBeEmpty();
        (await CustomersAsync(operatorOfA, "unassigned=true")).ShouldBe([overdue, later], ignoreOrder: true);
        (await CustomersAsync(operatorOfA, "mine=true")).ShouldBeEmpty();

        (await operatorOfA.PostAsync($"{Tasks(_companyA)}/{overdueTask.Id}/claim", null)).EnsureSuccessStatusCode();

        (await CustomersAsync(operatorOfA, "mine=true")).ShouldBe([overdue]);
        (await CustomersAsync(operatorOfA, "unassigned=true")).ShouldBe([later]);
        (await CustomersAsync(operatorOfA, "activityId=review")).ShouldBe([later]);
        await (await operatorOfA.GetAsync($"{Tasks(_companyA)}?sort=random")).ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ClaimTask_WhenTwoOperatorsClaimTheSameTask_OneWinsAndTheOtherGets409()
    {
        var customer = NewCustomer("claim");
        await fixture.StartCaseAsync(_companyA, customer, "100 EUR", ProcedureRuntimeFixture.Today);
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var viewer = await _factory.SignInAsync(DemoUsers.Viewer);
        var task = await TaskOfAsync(operatorOfA, customer);

        var claims = await Task.WhenAll(
            operatorOfA.PostAsync($"{Tasks(_companyA)}/{task.Id}/claim", null),
            manager.PostAsync($"{Tasks(_companyA)}/{task.Id}/claim", null));

        claims.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        claims.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(1);
        var winner = claims[0].StatusCode == HttpStatusCode.OK ? operatorOfA : manager;
        var loser = winner == operatorOfA ? manager : operatorOfA;
        await (await loser.PostAsync($"{Tasks(_companyA)}/{task.Id}/release", null)).ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        await (await loser.PostJsonAsync($"{Tasks(_companyA)}/{task.Id}/complete", new { outcome = "NoAnswer" })).ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        await (await viewer.PostAsync($"{Tasks(_companyA)}/{task.Id}/claim", null)).ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        (await (await winner.PostAsync($"{Tasks(_companyA)}/{task.Id}/release", null)).ReadAsync<TaskResponse>()).ClaimedBy.ShouldBeNull();
        (await (await loser.PostAsync($"{Tasks(_companyA)}/{task.Id}/claim", null)).ReadAsync<TaskResponse>()).ClaimedBy.ShouldNotBeNull();
    }

    [Fact]
    public async Task CompleteTask_WhenTheFormIsInvalid_Returns400NamingTheFieldAndTheInstanceDoesNotMove()
    {
        var customer = NewCustomer("form");
        var instanceId = await fixture.StartCaseAsync(_companyA, customer, "100 EUR", ProcedureRuntimeFixture.Today);
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);
        var viewer = await _factory.SignInAsync(DemoUsers.Viewer);
        var task = await TaskOfAsync(operatorOfA, customer);
        var before = await (await operatorOfA.GetAsync($"{Instances(_companyA)}/{instanceId}")).ReadAsync<ProcedureInstanceResponse>();

        var missing = await (await operatorOfA.PostJsonAsync($"{Tasks(_companyA)}/{task.Id}/complete", new { outcome = "Promised", values = new { comment = "soon" } }))
            .ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var mistyped = await (await operatorOfA.PostJsonAsync($"{Tasks(_companyA)}/{task.Id}/complete", new { outcome = "Promised", values = new { promisedOn = "next week" } }))
            .ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var badOutcome = await (await operatorOfA.PostJsonAsync($"{Tasks(_companyA)}/{task.Id}/complete", new { outcome = "Maybe", values = new { promisedOn = "2030-01-01" } }))
            .ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        await (await viewer.PostJsonAsync($"{Tasks(_companyA)}/{task.Id}/complete", new { outcome = "Promised", values = new { promisedOn = "2030-01-01" } }))
            .ShouldHaveStatusAsync(HttpStatusCode.Forbidden);

        missing.ErrorFields().ShouldBe(["values.promisedOn"]);
        mistyped.ErrorFields().ShouldBe(["values.promisedOn"]);
        badOutcome.ErrorFields().ShouldBe(["outcome"]);
        var after = await (await operatorOfA.GetAsync($"{Instances(_companyA)}/{instanceId}")).ReadAsync<ProcedureInstanceResponse>();
        after.Version.ShouldBe(before.Version);
        after.Steps.ShouldHaveSingleItem().ActivityId.ShouldBe("call");

        var done = await (await operatorOfA.PostJsonAsync($"{Tasks(_companyA)}/{task.Id}/complete", new { outcome = "Promised", values = new { promisedOn = "2030-01-01" } }))
            .ReadAsync<CompleteTaskResponse>();

        done.InstanceStatus.ShouldBe("Running");
        (await (await operatorOfA.GetAsync($"{Instances(_companyA)}/{instanceId}")).ReadAsync<ProcedureInstanceResponse>()).Steps.ShouldHaveSingleItem().ActivityId.ShouldBe("waitPayment");
        await (await operatorOfA.PostJsonAsync($"{Tasks(_companyA)}/{task.Id}/complete", new { outcome = "Promised", values = new { promisedOn = "2030-01-01" } }))
            .ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task BulkCompleteTasks_WhenTasksAreOfOneKind_CompletesEachAndRefusesMixedKinds()
    {
        var first = NewCustomer("bulk1");
        var second = NewCustomer("bulk2");
        var other = NewCustomer("bulk3");
        var firstInstance = await fixture.StartCaseAsync(_companyA, first, "10 EUR", ProcedureRuntimeFixture.Today);
        var secondInstance = await fixture.StartCaseAsync(_companyA, second, "10 EUR", ProcedureRuntimeFixture.Today);
        var otherInstance = await fixture.StartCaseAsync(_companyA, other, "10 EUR", ProcedureRuntimeFixture.Today);
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        (await manager.PostJsonAsync($"{Instances(_companyA)}/{otherInstance}/move", new { activityId = "review", reason = "escalated" })).EnsureSuccessStatusCode();
        var ids = new[] { (await TaskOfAsync(manager, first)).Id, (await TaskOfAsync(manager, second)).Id };

        var mixed = await (await manager.PostJsonAsync($"{Tasks(_companyA)}/bulk-complete", new { taskIds = ids.Append((await TaskOfAsync(manager, other)).Id), outcome = "NoAnswer" }))
            .ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var badForm = await (await manager.PostJsonAsync($"{Tasks(_companyA)}/bulk-complete", new { taskIds = ids, outcome = "NoAnswer" }))
            .ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var untouched = await (await manager.GetAsync($"{Instances(_companyA)}/{firstInstance}")).ReadAsync<ProcedureInstanceResponse>();
        var done = await (await manager.PostJsonAsync($"{Tasks(_companyA)}/bulk-complete", new { taskIds = ids, outcome = "NoAnswer", values = new { promisedOn = "2030-01-01" } }))
            .ReadAsync<BulkCompleteTasksResponse>();

        mixed.ErrorFields().ShouldBe(["taskIds"]);
        badForm.ErrorFields().ShouldBe(["values.promisedOn"]);
        untouched.Steps.ShouldHaveSingleItem().ActivityId.ShouldBe("call");
        done.Completed.Select(c => c.InstanceId).ShouldBe([firstInstance, secondInstance]);
        done.Completed.ShouldAllBe(c => c.InstanceStatus == "Completed");
    }

    [Fact]
    public async Task ReassignTask_WithAReason_HandsTheTaskOverAndAuditsIt()
    {
        var customer = NewCustomer("reassign");
        await fixture.StartCaseAsync(_companyA, customer, "10 EUR", ProcedureRuntimeFixture.Today);
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var task = await TaskOfAsync(operatorOfA, customer);
        (await operatorOfA.PostAsync($"{Tasks(_companyA)}/{task.Id}/claim", null)).EnsureSuccessStatusCode();

        var noReason = await (await operatorOfA.PostJsonAsync($"{Tasks(_companyA)}/{task.Id}/reassign", new { assignee = DemoUsers.CreditManager, reason = "" }))
            .ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var handed = await (await operatorOfA.PostJsonAsync($"{Tasks(_companyA)}/{task.Id}/reassign", new { assignee = DemoUsers.CreditManager, reason = "on holiday" }))
            .ReadAsync<TaskResponse>();

        noReason.ErrorFields().ShouldBe(["reason"]);
        handed.ClaimedBy.ShouldBe(DemoUsers.CreditManager);
        await (await operatorOfA.PostAsync($"{Tasks(_companyA)}/{task.Id}/claim", null)).ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        var audit = await (await admin.GetAsync($"/api/companies/{_companyA}/audit?entityId={task.Id}")).ReadAsync<PagedResult<AuditEntryResponse>>();
        var entry = audit.Items.ShouldHaveSingleItem();
        entry.Action.ShouldBe("ReassignTaskCommand");
        entry.ActorName.ShouldBe(DemoUsers.Operator);
        entry.After!.ShouldContain("on holiday");
    }

    [Fact]
    public async Task TasksAndInstancesOfA_WhenAskedByAMemberOfBOnlyOrThroughB_Return404()
    {
        var customer = NewCustomer("isolated");
        var instanceOfA = await fixture.StartCaseAsync(_companyA, customer, "10 EUR", ProcedureRuntimeFixture.Today);
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var taskOfA = await TaskOfAsync(admin, customer);
        var memberOfB = await MemberOfBOnlyAsync(admin);

        string[] reads = [Tasks(_companyA), Instances(_companyA), $"{Instances(_companyA)}/{instanceOfA}", $"{Instances(_companyA)}/{instanceOfA}/journal"];
        foreach (var url in reads)
        {
            await (await memberOfB.GetAsync(url)).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        }

        await (await memberOfB.GetAsync($"{Instances(_companyB)}/{instanceOfA}")).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await memberOfB.GetAsync($"{Instances(_companyB)}/{instanceOfA}/journal")).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await memberOfB.PostAsync($"{Tasks(_companyB)}/{taskOfA.Id}/claim", null)).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await memberOfB.PostJsonAsync($"{Tasks(_companyB)}/{taskOfA.Id}/complete", new { outcome = "NoAnswer" })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await memberOfB.PostJsonAsync($"{Tasks(_companyB)}/{taskOfA.Id}/reassign", new { assignee = "x@y.z", reason = "mine now" })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await memberOfB.PostJsonAsync($"{Tasks(_companyB)}/bulk-complete", new { taskIds = new[] { taskOfA.Id }, outcome = "NoAnswer" })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await memberOfB.PostJsonAsync($"{Instances(_companyB)}/{instanceOfA}/cancel", new { reason = "not mine" })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await memberOfB.PostJsonAsync($"{Instances(_companyB)}/{instanceOfA}/move", new { activityId = "review", reason = "not mine" })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        (await (await memberOfB.GetAsync($"{Tasks(_companyB)}?customer={customer}")).ReadAsync<PagedResult<TaskResponse>>()).Items.ShouldBeEmpty();
        (await (await memberOfB.GetAsync($"{Instances(_companyB)}?customer={customer}")).ReadAsync<PagedResult<ProcedureInstanceSummaryResponse>>()).Items.ShouldBeEmpty();
        var still = await (await admin.GetAsync($"{Instances(_companyA)}/{instanceOfA}")).ReadAsync<ProcedureInstanceResponse>();
        still.Status.ShouldBe("Running");
        (await TaskOfAsync(admin, customer)).ClaimedBy.ShouldBeNull();
    }

    private async Task<HttpClient> MemberOfBOnlyAsync(HttpClient admin)
    {
        var email = $"operator-b-{Guid.NewGuid():N}@demo.etrepaye.test";
        (await admin.PostJsonAsync($"/api/companies/{_companyB}/members", new { email, displayName = "Opérateur B", roles = new[] { "Operator" }, password = EtrepayeFactory.DemoPassword }))
            .EnsureSuccessStatusCode();
        return await _factory.SignInAsync(email);
    }
}
