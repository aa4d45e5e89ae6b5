using Etrepaye.Shared.Persistence;
using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Persistence;
using Etrepaye.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.IntegrationTests.Workflows;

/// <summary>The batch paths of the durable engine: bulk start, a claimed batch of timers in one transaction, bulk rows.</summary>
public sealed class BatchStepTests : DurableEngineTest
{
    [Fact]
    public async Task StartMany_WhenOneIdIsTaken_StartsTheOthersAndLeavesTheTakenOneAlone()
    {
        var taken = await Host.StartAsync("burst", "T-0");
        var requests = Enumerable.Range(1, 5)
            .Select(i => new StartInstanceRequest { DefinitionId = "burst", CorrelationKeys = WorkflowTestHost.Keys($"T-{i}") })
            .Append(new StartInstanceRequest { DefinitionId = "burst", CorrelationKeys = WorkflowTestHost.Keys("T-again"), InstanceId = taken })
            .ToList();

        var ids = await Host.InScopeAsync((host, _) => host.StartManyAsync(requests, CancellationToken.None));

        ids.Count.ShouldBe(6);
        ids[^1].ShouldBe(taken);
        (await Host.QueryAsync(db => db.Instances.IgnoreQueryFilters().CountAsync())).ShouldBe(6);
        (await Host.QueryAsync(db => db.Timers.IgnoreQueryFilters().CountAsync())).ShouldBe(6);
        var keysOfTaken = await Host.QueryAsync(db => db.Instances.IgnoreQueryFilters().Where(i => i.Id == taken).Select(i => i.CorrelationKeys).SingleAsync());
        keysOfTaken.ShouldContain("T-0");
    }

    [Fact]
    public async Task FireTimers_WhenABatchHoldsManyInstances_StepsEachOnceInOneCommitAndDeletesTheirTimers()
    {
        var requests = Enumerable.Range(0, 300)
            .Select(i => new StartInstanceRequest { DefinitionId = "burst", CorrelationKeys = WorkflowTestHost.Keys($"M-{i}") })
            .ToList();
        var ids = await Host.InScopeAsync((host, _) => host.StartManyAsync(requests, CancellationToken.None));
        Host.Clock.Advance(TimeSpan.FromDays(1));

        (await Host.RunTimersAsync()).ShouldBe(300);

        (await Host.QueryAsync(db => db.Timers.IgnoreQueryFilters().CountAsync())).ShouldBe(0);
        (await Host.QueryAsync(db => db.Instances.IgnoreQueryFilters().CountAsync(i => i.Status == nameof(InstanceStatus.Completed)))).ShouldBe(300);
        (await Host.RunEffectsAsync()).ShouldBe(300);
        Log.Calls.Keys.ShouldBe(ids.Select(id => $"{id}:letter:1"), ignoreOrder: true);
        (await Host.PathAsync(ids[123])).ShouldBe(["waitDay:Done", "letter:Done", "end:"]);
    }

    [Fact]
    public async Task FireTimers_WhenAnInstanceAlreadyFiredItsTimer_IgnoresThatTimerAndStepsTheOthers()
    {
        var first = await Host.StartAsync("wait-then-go", "R-1");
        var second = await Host.StartAsync("wait-then-go", "R-2");
        Host.Clock.Advance(TimeSpan.FromDays(1));
        var timers = await Host.QueryAsync(async db => (await db.Timers.IgnoreQueryFilters().ToListAsync()).Select(t => EfWorkflowStore.Read<WorkflowTimer>(t.Data)).ToList());

        // The first timer fires alone (another worker, an expired lease taken over) before the batch holding it runs.
        (await Host.InScopeAsync((host, _) => host.FireTimerAsync(timers.Single(t => t.InstanceId == first), CancellationToken.None)))!.Applied.ShouldBeTrue();
        var results = await Host.InScopeAsync((host, _) => host.FireTimersAsync(timers, CancellationToken.None));

        results.Count.ShouldBe(2);
        results.Single(r => r?.Snapshot.InstanceId == second)!.Applied.ShouldBeTrue();
        results.Single(r => r?.Snapshot.InstanceId == first)!.Status.ShouldBe(StepStatus.Ignored);
        (await Host.PathAsync(first)).ShouldBe(["waitDay:Done"]);
        (await Host.PathAsync(second)).ShouldBe(["waitDay:Done"]);
    }

    [Fact]
    public async Task CommitMany_WhenOneInstanceIsStale_CommitsNothingOfTheBatch()
    {
        var first = await Host.StartAsync("wait-then-go", "S-1");
        var second = await Host.StartAsync("wait-then-go", "S-2");
        Host.Clock.Advance(TimeSpan.FromDays(1));

        var failure = await Should.ThrowAsync<WorkflowConcurrencyException>(Host.InScopeAsync(async (_, provider) =>
        {
            var store = provider.GetRequiredService<IWorkflowStore>();
            var runtime = provider.GetRequiredService<WorkflowRuntime>();
            var definitions = provider.GetRequiredService<IWorkflowDefinitionProvider>();
            var commits = new List<PendingCommit>();
            foreach (var id in new[] { first, second })
            {
                var snapshot = (await store.FindInstanceAsync(id, CancellationToken.None))!;
                var step = await runtime.HandleAsync(definitions.Find(snapshot.DefinitionId, snapshot.DefinitionVersion)!, snapshot, new CancelInstance("test"), CancellationToken.None);
                commits.Add(new PendingCommit(step.Snapshot, step.Changes, id == second ? snapshot.Version - 1 : snapshot.Version));
            }

            await store.CommitManyAsync(commits, CancellationToken.None);
            return true;
        }));

        failure.InstanceId.ShouldBe(second);
        (await Host.InstanceAsync(first)).Status.ShouldBe(InstanceStatus.Running);
        (await Host.QueryAsync(db => db.Timers.IgnoreQueryFilters().CountAsync())).ShouldBe(2);
    }

    [Fact]
    public async Task BulkInsert_WhenRowsHaveNullsDatesAndEnums_ReadsBackAsSaveChangesWouldStoreThem()
    {
        var rows = new[]
        {
            new HumanTaskRow
            {
                Id = Guid.CreateVersion7(), InstanceId = Guid.CreateVersion7(), CompanyId = WorkflowTestHost.CompanyId, ActivityId = "call",
                Title = "Call « Dupont & Fils »", Role = "collector", Assignee = null, DueDate = new DateOnly(2026, 2, 27), Priority = "High",
                Status = HumanTaskStatus.Open, CreatedAt = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero), Data = "{}",
            },
            new HumanTaskRow
            {
                Id = Guid.CreateVersion7(), InstanceId = Guid.CreateVersion7(), CompanyId = WorkflowTestHost.CompanyId, ActivityId = "review",
                Title = "Review", Role = null, Assignee = "alice", DueDate = null, Priority = "Normal", Status = HumanTaskStatus.Completed,
                Outcome = "Approved", ClosedBy = "alice", ClosedAt = new DateTimeOffset(2026, 1, 6, 9, 30, 0, TimeSpan.Zero),
                CreatedAt = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero), Data = "{}",
            },
        };

        await Host.QueryAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await new BulkWriter(db).Insert(rows).ExecuteAsync(CancellationToken.None);
            await transaction.CommitAsync();
            return true;
        });

        var stored = await Host.QueryAsync(db => db.HumanTasks.IgnoreQueryFilters().OrderBy(t => t.ActivityId).ToListAsync());
        stored.Select(t => (t.Id, t.Title, t.Role, t.Assignee, t.DueDate, t.Status, t.Outcome, t.ClosedAt, t.CreatedAt))
            .ShouldBe(rows.Select(t => (t.Id, t.Title, t.Role, t.Assignee, t.DueDate, t.Status, t.Outcome, t.ClosedAt, t.CreatedAt)));

        // The columns the EF queries filter on compare with the stored values (a Guid stored in another form would not match).
        (await Host.QueryAsync(db => db.HumanTasks.IgnoreQueryFilters().CountAsync(t => t.Id == rows[1].Id && t.Status == HumanTaskStatus.Completed && t.DueDate == null))).ShouldBe(1);
    }
}
