using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Runtime;
using Etrepaye.Workflows.Simulation;
using Etrepaye.Workflows.Tests.Support;
using static Etrepaye.Workflows.Tests.Support.Wf;

namespace Etrepaye.Workflows.Tests.Runtime;

public sealed class BatchFiringTests
{
    private static readonly WorkflowDefinition _twoWaits = Define(
        "first",
        [
            A("first", "workflow.wait-until", new { date = Expr("today() + 1 day") }),
            A("second", "workflow.wait-until", new { date = Expr("today() + 30 days") }),
            A("end", "workflow.end", new { outcome = "Done" }),
        ],
        [C("first", "Done", "second"), C("second", "Done", "end")]);

    [Fact]
    public async Task FireTimers_WhenAnotherProcessMovesAnInstanceBeforeTheBatchCommits_FiresEachTimerOnceOneByOne()
    {
        var store = new RacingStore();
        var (host, clock) = HostOver(store);
        var ids = await host.StartManyAsync([.. Enumerable.Range(0, 3).Select(i => Request($"F-{i}"))], CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(2));
        store.MoveBeforeNextBatch = ids[1];

        var timers = store.Inner.Timers.OrderBy(t => t.InstanceId).ToList();
        var results = await host.FireTimersAsync(timers, CancellationToken.None);

        results.ShouldAllBe(r => r != null && r.Applied);
        store.RefusedBatches.ShouldBe(1);
        foreach (var id in ids)
        {
            store.Inner.Journal.Count(j => j.InstanceId == id && j.ActivityId == "first" && j.Kind == JournalEntryKind.ActivityCompleted).ShouldBe(1);
            store.Inner.Timers.Count(t => t.InstanceId == id).ShouldBe(1);
        }
    }

    [Fact]
    public async Task FireTimers_WhenTwoTimersOfOneInstanceAreInTheBatch_StepsTheInstanceForEachInTurn()
    {
        var store = new RacingStore();
        var (host, clock) = HostOver(store);
        var id = await host.StartAsync(Request("F-1"), CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(2));
        var timer = store.Inner.Timers.Single();

        var results = await host.FireTimersAsync([timer, timer], CancellationToken.None);

        results[0]!.Applied.ShouldBeTrue();
        results[1]!.Status.ShouldBe(StepStatus.Ignored);
        store.Inner.Instance(id).Version.ShouldBe(2);
    }

    [Fact]
    public async Task CommitMany_WhenOneVersionIsStale_AppliesNothing()
    {
        var store = new InMemoryWorkflowStore();
        var (host, clock) = HostOver(store);
        var ids = await host.StartManyAsync([Request("G-1"), Request("G-2")], CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(2));
        var commits = ids.Select(id => store.Instance(id)).Select((s, i) => new PendingCommit(s with { Version = s.Version + 1 }, WorkflowChanges.None, i == 0 ? s.Version : s.Version + 5)).ToList();

        await Should.ThrowAsync<WorkflowConcurrencyException>(store.CommitManyAsync(commits, CancellationToken.None).AsTask());

        ids.ShouldAllBe(id => store.Instance(id).Version == 1);
    }

    private static StartInstanceRequest Request(string invoice) =>
        new() { DefinitionId = "test", CorrelationKeys = new Dictionary<string, string> { ["company"] = "c1", ["invoice"] = invoice } };

    private static (WorkflowHost Host, SimulatedClock Clock) HostOver(IWorkflowStore store)
    {
        var clock = new SimulatedClock(Harness.DefaultStart);
        var runtime = new WorkflowRuntime(Harness.Catalog, Harness.Calendars, clock);
        return (new WorkflowHost(runtime, new InMemoryDefinitionProvider().Add(_twoWaits), store, clock), clock);
    }

    /// <summary>An in-memory store where another process commits a step on one instance just before the next batch.</summary>
    private sealed class RacingStore : IWorkflowStore
    {
        public InMemoryWorkflowStore Inner { get; } = new();

        public Guid? MoveBeforeNextBatch { get; set; }

        public int RefusedBatches { get; private set; }

        public async ValueTask CommitManyAsync(IReadOnlyList<PendingCommit> commits, CancellationToken cancellationToken)
        {
            if (MoveBeforeNextBatch is { } id && commits.Count > 1)
            {
                MoveBeforeNextBatch = null;
                var stored = Inner.Instance(id);
                await Inner.CommitAsync(stored with { Version = stored.Version + 1 }, WorkflowChanges.None, stored.Version, cancellationToken);
            }

            try
            {
                await Inner.CommitManyAsync(commits, cancellationToken);
            }
            catch (WorkflowConcurrencyException)
            {
                RefusedBatches++;
                throw;
            }
        }

        public ValueTask<InstanceSnapshot?> FindInstanceAsync(Guid instanceId, CancellationToken cancellationToken) => Inner.FindInstanceAsync(instanceId, cancellationToken);

        public ValueTask<IReadOnlyList<Guid>> FindInstancesWaitingForAsync(Stimulus stimulus, CancellationToken cancellationToken) => Inner.FindInstancesWaitingForAsync(stimulus, cancellationToken);

        public ValueTask<IReadOnlyList<WorkflowTimer>> FindDueTimersAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) => Inner.FindDueTimersAsync(now, max, cancellationToken);

        public ValueTask<HumanTask?> FindOpenTaskAsync(Guid taskId, CancellationToken cancellationToken) => Inner.FindOpenTaskAsync(taskId, cancellationToken);

        public ValueTask CommitAsync(InstanceSnapshot snapshot, WorkflowChanges changes, long expectedVersion, CancellationToken cancellationToken) =>
            Inner.CommitAsync(snapshot, changes, expectedVersion, cancellationToken);

        public ValueTask<bool> HasRecordedMessageAsync(string messageId, CancellationToken cancellationToken) => Inner.HasRecordedMessageAsync(messageId, cancellationToken);

        public ValueTask<bool> TryRecordMessageAsync(string messageId, DateTimeOffset at, CancellationToken cancellationToken) => Inner.TryRecordMessageAsync(messageId, at, cancellationToken);

        public ValueTask AddPendingStimulusAsync(PendingStimulus pending, CancellationToken cancellationToken) => Inner.AddPendingStimulusAsync(pending, cancellationToken);

        public ValueTask<IReadOnlyList<PendingStimulus>> FindPendingStimuliAsync(Bookmark bookmark, DateTimeOffset now, CancellationToken cancellationToken) =>
            Inner.FindPendingStimuliAsync(bookmark, now, cancellationToken);

        public ValueTask RemovePendingStimulusAsync(string messageId, CancellationToken cancellationToken) => Inner.RemovePendingStimulusAsync(messageId, cancellationToken);
    }
}
