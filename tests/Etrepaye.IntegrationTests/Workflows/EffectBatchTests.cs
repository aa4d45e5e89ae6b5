using Etrepaye.Workflows.Persistence;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.IntegrationTests.Workflows;

/// <summary>
/// The effect dispatcher hands a batch handler's claimed effects to it together, one company at a time: one lease renewal, one call,
/// one completion, cut into sub-batches that run at once. A failing (sub-)batch is dispatched again effect by effect, so only the
/// failing effect is retried, with its back-off.
/// </summary>
public sealed class EffectBatchTests : DurableEngineTest
{
    // The cutting is tested at 8 sub-batches whatever the cores of the machine (the default is the machine's cores).
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { ["Workflows:EffectSubBatchParallelism"] = "8" };

    private static readonly Guid _otherCompany = Guid.Parse("01937a5e-0000-7000-8000-0000000f1002");

    [Fact]
    public async Task EffectDispatcher_WhenABatchHandlersEffectsOfTwoCompaniesAreClaimed_HandsEachCompanysEffectsOverInOneCall()
    {
        var first = await RequestAsync(WorkflowTestHost.CompanyId, "A", 3);
        var second = await RequestAsync(_otherCompany, "B", 2);

        (await Host.RunEffectsAsync()).ShouldBe(5);

        Log.Batches.Count.ShouldBe(2);
        Log.Batches.ShouldContain(b => b.Select(e => e.Key).Order().SequenceEqual(first.Order()) && b.All(e => e.CompanyId == WorkflowTestHost.CompanyId));
        Log.Batches.ShouldContain(b => b.Select(e => e.Key).Order().SequenceEqual(second.Order()) && b.All(e => e.CompanyId == _otherCompany));
        var effects = await EffectsAsync();
        effects.Count.ShouldBe(5);
        foreach (var effect in effects)
        {
            effect.Status.ShouldBe(EffectStatus.Succeeded);
            effect.Attempts.ShouldBe(1);
            effect.LeaseUntil.ShouldBeNull();
            effect.CompletedAt.ShouldBe(Host.Clock.GetUtcNow());
            effect.Result.ShouldNotBeNull().ShouldContain($"\"sent\":\"{effect.IdempotencyKey}\"");
            Log.Performed[effect.IdempotencyKey].ShouldBe(1);
        }

        (await Host.RunEffectsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task EffectDispatcher_WhenOneEffectOfABatchFails_PerformsTheOthersAloneAndRetriesTheFailedOneWithBackoff()
    {
        var keys = await RequestAsync(WorkflowTestHost.CompanyId, "A", 3);
        var failing = keys[1];
        Log.FailuresToCome[failing] = 1;

        (await Host.RunEffectsAsync()).ShouldBe(3);

        Log.Batches.ShouldBeEmpty();
        var effects = (await EffectsAsync()).ToDictionary(e => e.IdempotencyKey);
        foreach (var key in keys.Where(k => k != failing))
        {
            effects[key].Status.ShouldBe(EffectStatus.Succeeded);
            effects[key].Attempts.ShouldBe(1);
            Log.Performed[key].ShouldBe(1);
        }

        effects[failing].Status.ShouldBe(EffectStatus.Pending);
        effects[failing].Attempts.ShouldBe(1);
        effects[failing].LastError.ShouldNotBeNull().ShouldContain("printer is offline");
        effects[failing].LeaseUntil.ShouldBe(Host.Clock.GetUtcNow() + TimeSpan.FromSeconds(2));
        Log.Performed.ContainsKey(failing).ShouldBeFalse();
        (await Host.RunEffectsAsync()).ShouldBe(0);

        Host.Clock.Advance(TimeSpan.FromSeconds(3));
        (await Host.RunEffectsAsync()).ShouldBe(1);
        var retried = (await EffectsAsync()).Single(e => e.IdempotencyKey == failing);
        retried.Status.ShouldBe(EffectStatus.Succeeded);
        retried.Attempts.ShouldBe(2);
        retried.LastError.ShouldBeNull();
        retried.Result.ShouldNotBeNull().ShouldContain("\"attempt\":2");
        Log.Performed[failing].ShouldBe(1);
    }

    [Fact]
    public async Task EffectDispatcher_WhenOneCompanysClaimHoldsManyEffects_CutsThemIntoSubBatchesThatEachPerformOnce()
    {
        var keys = await RequestAsync(WorkflowTestHost.CompanyId, "A", 100);

        (await Host.RunEffectsAsync()).ShouldBe(100);

        // 100 claimed effects, 8 dispatched at once on PostgreSQL: 8 sub-batches of 12 or 13; SQLite's single writer takes one at a time.
        var batches = Log.Batches.ToList();
        batches.Count.ShouldBe(Database.IsPostgres ? 8 : 1);
        batches.ShouldAllBe(b => b.Count >= 12 && b.All(e => e.CompanyId == WorkflowTestHost.CompanyId));
        batches.SelectMany(b => b).Select(e => e.Key).Order().ShouldBe(keys.Order());
        keys.ShouldAllBe(k => Log.Performed[k] == 1);
        (await EffectsAsync()).ShouldAllBe(e => e.Status == EffectStatus.Succeeded && e.Attempts == 1 && e.LeaseUntil == null
            && e.Result != null && e.Result.Contains($"\"sent\":\"{e.IdempotencyKey}\""));
        (await Host.RunEffectsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task EffectDispatcher_WhenSubBatchParallelismIsBelowEffectParallelism_CutsOnlyThatManySubBatches()
    {
        var keys = await RequestAsync(WorkflowTestHost.CompanyId, "A", 100);
        await using var twoCores = new WorkflowTestHost(
            Database, Host.Clock, Log, new Dictionary<string, string?> { ["Workflows:EffectSubBatchParallelism"] = "2" }, Definitions.All);

        (await twoCores.RunEffectsAsync()).ShouldBe(100);

        var batches = Log.Batches.ToList();
        batches.Count.ShouldBe(Database.IsPostgres ? 2 : 1);
        batches.ShouldAllBe(b => b.Count >= 50);
        keys.ShouldAllBe(k => Log.Performed[k] == 1);
    }

    [Fact]
    public async Task EffectDispatcher_WhenOneEffectOfASubBatchFails_PerformsTheOtherSubBatchesTogetherAndOnlyItsOwnOneByOne()
    {
        var keys = await RequestAsync(WorkflowTestHost.CompanyId, "A", 100);
        var failing = keys[50];
        Log.FailuresToCome[failing] = 1;

        (await Host.RunEffectsAsync()).ShouldBe(100);

        var batches = Log.Batches.ToList();
        batches.Count.ShouldBe(Database.IsPostgres ? 7 : 0);
        batches.ShouldAllBe(b => b.All(e => e.Key != failing));
        keys.Where(k => k != failing).ShouldAllBe(k => Log.Performed[k] == 1);
        Log.Performed.ContainsKey(failing).ShouldBeFalse();
        var effects = await EffectsAsync();
        effects.Where(e => e.IdempotencyKey != failing).ShouldAllBe(e => e.Status == EffectStatus.Succeeded && e.Attempts == 1);
        var failed = effects.Single(e => e.IdempotencyKey == failing);
        failed.Status.ShouldBe(EffectStatus.Pending);
        failed.Attempts.ShouldBe(1);
        failed.LeaseUntil.ShouldBe(Host.Clock.GetUtcNow() + TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task EffectDispatcher_WhenTwoEnginesDispatchBatchesAtOnce_PerformsEachEffectOnce()
    {
        var keys = await RequestAsync(WorkflowTestHost.CompanyId, "A", 150);
        keys.AddRange(await RequestAsync(_otherCompany, "B", 150));
        await using var second = new WorkflowTestHost(Database, Host.Clock, Log, Definitions.All);

        var counts = await Task.WhenAll(Task.Run(Host.RunEffectsAsync), Task.Run(second.RunEffectsAsync));

        counts.Sum().ShouldBe(keys.Count);
        keys.ShouldAllBe(k => Log.Performed[k] == 1);
        Log.Batches.ShouldAllBe(b => b.Select(e => e.CompanyId).Distinct().Count() == 1);
        (await EffectsAsync()).ShouldAllBe(e => e.Status == EffectStatus.Succeeded && e.Attempts == 1);
    }

    /// <summary>Writes pending effects of the batch handler's type, as steps of the company's instances would have.</summary>
    private async Task<List<string>> RequestAsync(Guid companyId, string prefix, int count)
    {
        var keys = Enumerable.Range(1, count).Select(i => $"{prefix}-{i}:letter").ToList();
        await Host.InScopeAsync(async (_, provider) =>
        {
            provider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(companyId, "test");
            var db = provider.GetRequiredService<WorkflowDbContext>();
            db.Effects.AddRange(keys.Select((key, i) => new EffectCommandRow
            {
                IdempotencyKey = key,
                InstanceId = Guid.CreateVersion7(),
                CompanyId = companyId,
                ActivityId = "letter",
                EffectType = BatchLetterHandler.Type,
                Payload = "{}",
                RequestedAt = Host.Clock.GetUtcNow().AddSeconds(-count + i),
                Status = EffectStatus.Pending,
            }));
            return await db.SaveChangesAsync();
        });
        return keys;
    }

    private Task<List<EffectCommandRow>> EffectsAsync() =>
        Host.QueryAsync(db => db.Effects.IgnoreQueryFilters().AsNoTracking().Where(e => e.EffectType == BatchLetterHandler.Type).ToListAsync());
}
