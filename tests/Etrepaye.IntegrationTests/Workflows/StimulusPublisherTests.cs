using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.IntegrationTests.Workflows;

/// <summary>The batching stimulus publisher: concurrent callers, duplicates and early events, on the provider under test.</summary>
public sealed class StimulusPublisherTests : DurableEngineTest
{
    [Fact]
    public async Task Publish_WhenManyCallersPublishAtOnce_ResumesEachInstanceOnceInBatches()
    {
        var ids = await WaitingForGoAsync(300, "C");

        var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(i =>
            Task.Run(() => Host.Stimuli.PublishAsync(new Stimulus("Go", WorkflowTestHost.Keys($"C-{i}"), $"go-{i}"), CancellationToken.None))));

        results.ShouldAllBe(r => r.Status == PublishStatus.Delivered && r.ResumedInstances.Count == 1);
        results.SelectMany(r => r.ResumedInstances).ShouldBe(ids, ignoreOrder: true);
        (await Host.QueryAsync(db => db.Instances.IgnoreQueryFilters().CountAsync(i => i.Status == nameof(InstanceStatus.Completed) && i.Version == 3))).ShouldBe(300);
        (await Host.QueryAsync(db => db.ReceivedMessages.CountAsync())).ShouldBe(300);
    }

    [Fact]
    public async Task Publish_WhenTheSameMessageComesTwiceAndAnotherComesEarly_ResumesOnceAndKeepsTheEarlyOne()
    {
        var ids = await WaitingForGoAsync(2, "D");

        var results = await Task.WhenAll(
            Host.Stimuli.PublishAsync(new Stimulus("Go", WorkflowTestHost.Keys("D-0"), "go-twice"), CancellationToken.None),
            Host.Stimuli.PublishAsync(new Stimulus("Go", WorkflowTestHost.Keys("D-0"), "go-twice"), CancellationToken.None),
            Host.Stimuli.PublishAsync(new Stimulus("Go", WorkflowTestHost.Keys("D-early"), "go-early"), CancellationToken.None));
        var again = await Host.Stimuli.PublishAsync(new Stimulus("Go", WorkflowTestHost.Keys("D-0"), "go-twice"), CancellationToken.None);

        results.Count(r => r.Status == PublishStatus.Delivered).ShouldBe(1);
        results.Count(r => r.Status == PublishStatus.Duplicate).ShouldBe(1);
        results[2].Status.ShouldBe(PublishStatus.Queued);
        again.Status.ShouldBe(PublishStatus.Duplicate);
        (await Host.InstanceAsync(ids[0])).Outcome.ShouldBe("Went");
        (await Host.InstanceAsync(ids[1])).Status.ShouldBe(InstanceStatus.Running);

        // The early event waits in the queue for the instance that will wait for it.
        var late = await WaitingForGoAsync(1, "D-early", suffix: false);
        (await Host.InstanceAsync(late[0])).Outcome.ShouldBe("Went");
    }

    /// <summary>Starts instances of wait-then-go and fires their first timer: they then wait for "Go".</summary>
    private async Task<List<Guid>> WaitingForGoAsync(int count, string invoice, bool suffix = true)
    {
        var requests = Enumerable.Range(0, count)
            .Select(i => new StartInstanceRequest { DefinitionId = "wait-then-go", CorrelationKeys = WorkflowTestHost.Keys(suffix ? $"{invoice}-{i}" : invoice) })
            .ToList();
        var ids = await Host.InScopeAsync((host, _) => host.StartManyAsync(requests, CancellationToken.None));
        Host.Clock.Advance(TimeSpan.FromDays(1));
        await Host.RunTimersAsync();
        return [.. ids];
    }
}
