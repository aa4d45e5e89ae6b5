using System.Net;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Procedures.Features.Instances;
using Etrepaye.Procedures.Features.Migrations;
using Etrepaye.Procedures.Features.Tasks;
using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Contracts;

namespace Etrepaye.IntegrationTests.Procedures;

public sealed class ProcedureInstanceTests(ProcedureRuntimeFixture fixture) : IClassFixture<ProcedureRuntimeFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    private static string Instances => $"/api/companies/{_company}/procedure-instances";

    private static string NewCustomer(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private async Task<ProcedureInstanceResponse> GetAsync(HttpClient client, Guid instanceId) =>
        await (await client.GetAsync($"{Instances}/{instanceId}")).ReadAsync<ProcedureInstanceResponse>();

    private async Task<IReadOnlyList<AuditEntryResponse>> AuditAsync(HttpClient admin, Guid instanceId) =>
        (await (await admin.GetAsync($"/api/companies/{_company}/audit?entityId={instanceId}&pageSize=200")).ReadAsync<PagedResult<AuditEntryResponse>>()).Items;

    [Fact]
    public async Task FaultedInstance_WhenTheVariableIsCorrectedAndTheStepRetried_RunsOnAndEachActionIsAudited()
    {
        var customer = NewCustomer("fault");
        var instanceId = await fixture.StartCaseAsync(_company, customer, "500 USD", ProcedureRuntimeFixture.Today);
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);
        var viewer = await _factory.SignInAsync(DemoUsers.Viewer);
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var faulted = await GetAsync(operatorOfA, instanceId);
        var search = await (await operatorOfA.GetAsync($"{Instances}?status=Faulted&hasIncident=true&customer={customer}&definitionId=inbox-case&version=1"))
            .ReadAsync<PagedResult<ProcedureInstanceSummaryResponse>>();
        var step = faulted.Steps.ShouldHaveSingleItem();

        var noReason = await (await operatorOfA.PostJsonAsync($"{Instances}/{instanceId}/retry", new { executionId = step.ExecutionId, reason = "" }))
            .ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var wrongType = await (await operatorOfA.PostJsonAsync($"{Instances}/{instanceId}/variables", new { name = "threshold", value = "a lot", reason = "fix" }))
            .ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var input = await (await operatorOfA.PostJsonAsync($"{Instances}/{instanceId}/variables", new { name = "amountAtRisk", value = "1 USD", reason = "fix" }))
            .ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        await (await viewer.PostJsonAsync($"{Instances}/{instanceId}/variables", new { name = "threshold", value = "0 USD", reason = "fix" }))
            .ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        var corrected = await (await operatorOfA.PostJsonAsync($"{Instances}/{instanceId}/variables", new { name = "threshold", value = "0 USD", reason = "the case is in dollars" }))
            .ReadAsync<ProcedureInstanceResponse>();
        var retried = await (await operatorOfA.PostJsonAsync($"{Instances}/{instanceId}/retry", new { executionId = step.ExecutionId, reason = "threshold fixed" }))
            .ReadAsync<ProcedureInstanceResponse>();

        faulted.Status.ShouldBe("Faulted");
        step.ActivityId.ShouldBe("check");
        step.Status.ShouldBe("Faulted");
        faulted.Incidents.ShouldNotBeEmpty();
        search.Items.ShouldHaveSingleItem().Id.ShouldBe(instanceId);
        noReason.ErrorFields().ShouldBe(["reason"]);
        wrongType.ErrorFields().ShouldBe(["value"]);
        input.ErrorFields().ShouldBe(["name"]);
        corrected.Variables.GetProperty("threshold").GetProperty("currency").GetString().ShouldBe("USD");
        retried.Status.ShouldBe("Running");
        var call = retried.Steps.ShouldHaveSingleItem();
        call.ActivityId.ShouldBe("call");
        call.Waits.ShouldContain(w => w.Kind == "Task");
        (await AuditAsync(admin, instanceId)).Select(a => a.Action).ShouldBe(["RetryProcedureInstanceCommand", "ChangeVariableProcedureInstanceCommand"]);
        var journal = await (await operatorOfA.GetAsync($"{Instances}/{instanceId}/journal?pageSize=200")).ReadAsync<PagedResult<JournalEntryResponse>>();
        journal.Items.Where(j => j.Kind == "OperatorAction").Select(j => j.Data.GetProperty("message").GetString())
            .ShouldBe([$"variable threshold: 0 EUR → 0 USD by {DemoUsers.Operator}: the case is in dollars", $"retry by {DemoUsers.Operator}: threshold fixed"]);
        journal.Items.First(j => j.Kind == "ActivityCompleted" && j.ActivityId == "check").Data.GetProperty("why").GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task SkipMoveAndCancel_WithAReason_MoveTheInstanceAndAreAudited()
    {
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var skipped = await fixture.StartCaseAsync(_company, NewCustomer("skip"), "10 EUR", ProcedureRuntimeFixture.Today);
        var moved = await fixture.StartCaseAsync(_company, NewCustomer("move"), "10 EUR", ProcedureRuntimeFixture.Today);
        var call = (await GetAsync(operatorOfA, skipped)).Steps.ShouldHaveSingleItem();

        var badPort = await (await operatorOfA.PostJsonAsync($"{Instances}/{skipped}/skip", new { executionId = call.ExecutionId, port = "Maybe", reason = "no need" }))
            .ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var afterSkip = await (await operatorOfA.PostJsonAsync($"{Instances}/{skipped}/skip", new { executionId = call.ExecutionId, port = "Promised", reason = "promise made by mail" }))
            .ReadAsync<ProcedureInstanceResponse>();
        var badStep = await (await operatorOfA.PostJsonAsync($"{Instances}/{moved}/move", new { activityId = "nowhere", reason = "escalate" }))
            .ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var afterMove = await (await operatorOfA.PostJsonAsync($"{Instances}/{moved}/move", new { activityId = "review", reason = "escalate" }))
            .ReadAsync<ProcedureInstanceResponse>();
        var afterCancel = await (await operatorOfA.PostJsonAsync($"{Instances}/{moved}/cancel", new { reason = "paid at the counter" }))
            .ReadAsync<ProcedureInstanceResponse>();
        var again = await (await operatorOfA.PostJsonAsync($"{Instances}/{moved}/cancel", new { reason = "twice" })).ShouldHaveStatusAsync(HttpStatusCode.Conflict);

        badPort.ErrorFields().ShouldBe(["port"]);
        afterSkip.Steps.ShouldHaveSingleItem().ActivityId.ShouldBe("waitPayment");
        badStep.ErrorFields().ShouldBe(["activityId"]);
        afterMove.Steps.ShouldHaveSingleItem().ActivityId.ShouldBe("review");
        afterCancel.Status.ShouldBe("Cancelled");
        afterCancel.Steps.ShouldBeEmpty();
        again.GetProperty("status").GetInt32().ShouldBe(409);
        var skipAudit = (await AuditAsync(admin, skipped)).ShouldHaveSingleItem();
        skipAudit.Action.ShouldBe("SkipProcedureInstanceCommand");
        skipAudit.After!.ShouldContain("promise made by mail");
        (await AuditAsync(admin, moved)).Select(a => a.Action).ShouldBe(["CancelProcedureInstanceCommand", "MoveProcedureInstanceCommand"]);
        (await (await operatorOfA.GetAsync($"/api/companies/{_company}/tasks?customer={afterMove.CorrelationKeys["customer"]}")).ReadAsync<PagedResult<TaskResponse>>()).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task MigrateInstances_WithAndWithoutMapping_DryRunWritesNothingAndUnmappedInstancesStayOnTheirVersion()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);
        var atCall = await fixture.StartCaseAsync(_company, NewCustomer("mig-call"), "10 EUR", ProcedureRuntimeFixture.Today);
        var atPayment = await fixture.StartCaseAsync(_company, NewCustomer("mig-pay"), "10 EUR", ProcedureRuntimeFixture.Today);
        var paymentCall = (await GetAsync(manager, atPayment)).Steps.Single();
        (await manager.PostJsonAsync($"{Instances}/{atPayment}/skip", new { executionId = paymentCall.ExecutionId, port = "Promised", reason = "promised" })).EnsureSuccessStatusCode();
        var waitBefore = (await GetAsync(manager, atPayment)).Steps.Single();
        object Request(bool dryRun, object? mapping) => new
        {
            definitionId = "inbox-case", fromVersion = 1, toVersion = 2, mapping, reason = "v2 adds a reminder", dryRun, instanceIds = new[] { atCall, atPayment },
        };

        await (await operatorOfA.PostJsonAsync($"{Instances}/migrations", Request(true, null))).ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        var unknown = await (await manager.PostJsonAsync($"{Instances}/migrations", Request(true, new Dictionary<string, string> { ["call"] = "nowhere" })))
            .ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var dryRun = await (await manager.PostJsonAsync($"{Instances}/migrations", Request(true, null))).ReadAsync<MigrateProcedureInstancesResponse>();
        var versionsAfterDryRun = new[] { (await GetAsync(manager, atCall)).DefinitionVersion, (await GetAsync(manager, atPayment)).DefinitionVersion };
        var withoutMapping = await (await manager.PostJsonAsync($"{Instances}/migrations", Request(false, null))).ReadAsync<MigrateProcedureInstancesResponse>();
        var callUntouched = await GetAsync(manager, atCall);
        var mappedDryRun = await (await manager.PostJsonAsync($"{Instances}/migrations", Request(true, new Dictionary<string, string> { ["call"] = "phone" })))
            .ReadAsync<MigrateProcedureInstancesResponse>();
        var mapped = await (await manager.PostJsonAsync($"{Instances}/migrations", Request(false, new Dictionary<string, string> { ["call"] = "phone" })))
            .ReadAsync<MigrateProcedureInstancesResponse>();

        unknown.ErrorFields().ShouldBe(["mapping.call"]);
        dryRun.Mapping["waitPayment"].ShouldBe("waitPayment");
        dryRun.Mapping.ShouldNotContainKey("call");
        var dryCall = dryRun.Instances.Single(i => i.InstanceId == atCall);
        dryCall.Migrated.ShouldBeFalse();
        dryCall.Unmapped.ShouldBe(["call"]);
        var dryPayment = dryRun.Instances.Single(i => i.InstanceId == atPayment);
        dryPayment.Migrated.ShouldBeFalse();
        dryPayment.Problem.ShouldBeNull();
        dryPayment.Steps.ShouldBe([new MigratedStepResponse("waitPayment", "waitPayment", true)]);
        dryPayment.Skipped.ShouldBe(["remind", "phone"], ignoreOrder: true);
        versionsAfterDryRun.ShouldBe([1, 1]);

        withoutMapping.Instances.Single(i => i.InstanceId == atPayment).Migrated.ShouldBeTrue();
        withoutMapping.Instances.Single(i => i.InstanceId == atCall).Migrated.ShouldBeFalse();
        callUntouched.DefinitionVersion.ShouldBe(1);
        callUntouched.Steps.ShouldHaveSingleItem().ActivityId.ShouldBe("call");
        var paymentMoved = await GetAsync(manager, atPayment);
        paymentMoved.DefinitionVersion.ShouldBe(2);
        paymentMoved.Steps.ShouldHaveSingleItem().ExecutionId.ShouldBe(waitBefore.ExecutionId);

        var landing = mappedDryRun.Instances.ShouldHaveSingleItem();
        landing.InstanceId.ShouldBe(atCall);
        landing.Steps.ShouldBe([new MigratedStepResponse("call", "phone", false)]);
        landing.Skipped.ShouldBe(["remind"]);
        landing.Repeated.ShouldBeEmpty();
        mapped.Instances.ShouldHaveSingleItem().Migrated.ShouldBeTrue();
        var callMoved = await GetAsync(manager, atCall);
        callMoved.DefinitionVersion.ShouldBe(2);
        callMoved.Steps.ShouldHaveSingleItem().ActivityId.ShouldBe("phone");
        var task = (await (await manager.GetAsync($"/api/companies/{_company}/tasks?customer={callMoved.CorrelationKeys["customer"]}")).ReadAsync<PagedResult<TaskResponse>>())
            .Items.ShouldHaveSingleItem();
        task.ActivityId.ShouldBe("phone");
        task.DefinitionVersion.ShouldBe(2);
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        (await AuditAsync(admin, atCall)).ShouldContain(a => a.Action == "MigrateProcedureInstancesCommand" && a.After!.Contains("v2 adds a reminder"));
        (await AuditAsync(admin, atPayment)).Count(a => a.Action == "MigrateProcedureInstancesCommand").ShouldBe(1);
        var journal = await (await manager.GetAsync($"{Instances}/{atCall}/journal?pageSize=200")).ReadAsync<PagedResult<JournalEntryResponse>>();
        journal.Items.ShouldContain(j => j.Kind == "OperatorAction" && j.Data.GetProperty("message").GetString()!.StartsWith("migrated from inbox-case v1 to inbox-case v2", StringComparison.Ordinal));
    }
}
