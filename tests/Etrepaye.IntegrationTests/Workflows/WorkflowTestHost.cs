using System.Collections.Concurrent;
using System.Text.Json;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Persistence;
using Etrepaye.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Etrepaye.IntegrationTests.Workflows;

/// <summary>A clock the test moves by hand; every engine instance on it sees the same now.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan delta) => Interlocked.Add(ref _ticks, delta.Ticks);
}

/// <summary>Counts every call of the test effect handler per idempotency key, across engines.</summary>
public sealed class EffectLog
{
    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    /// <summary>Keys whose handler should throw this many more times.</summary>
    public ConcurrentDictionary<string, int> FailuresToCome { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, every handler call waits for it: a handler that runs long.</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>Completes when a handler call starts waiting on <see cref="Hold"/>.</summary>
    public TaskCompletionSource Holding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The keys and companies of each call of the batch handler that went through, in order.</summary>
    public ConcurrentQueue<IReadOnlyList<(string Key, Guid CompanyId)>> Batches { get; } = new();

    /// <summary>Times the batch handler's effect was performed per key, by a batch or alone.</summary>
    public ConcurrentDictionary<string, int> Performed { get; } = new(StringComparer.Ordinal);
}

/// <summary>Requests a letter: an effect command written with the step, never performed inline.</summary>
internal sealed class SendLetterActivity : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new() { Type = "test.send-letter", DisplayName = "Send letter", Category = "Test" };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        context.RequestEffect("letter.send", new Dictionary<string, object?> { ["invoice"] = context.CorrelationKeys.GetValueOrDefault("invoice") });
        return ValueTask.FromResult(ActivityResult.Done());
    }
}

internal sealed class LetterHandler(EffectLog log) : IEffectHandler
{
    public string EffectType => "letter.send";

    public async Task<JsonElement?> HandleAsync(EffectRequest request, CancellationToken cancellationToken)
    {
        await Task.Yield();
        log.Calls.AddOrUpdate(request.IdempotencyKey, 1, (_, count) => count + 1);
        if (log.Hold is { } hold)
        {
            log.Holding.TrySetResult();
            await hold.Task.WaitAsync(cancellationToken);
        }

        if (log.FailuresToCome.TryGetValue(request.IdempotencyKey, out var left) && left > 0)
        {
            log.FailuresToCome[request.IdempotencyKey] = left - 1;
            throw new InvalidOperationException("the printer is offline");
        }

        return JsonSerializer.SerializeToElement(new { sent = request.IdempotencyKey });
    }
}

/// <summary>
/// A batch handler: a batch with an effect that is to fail fails as a whole (it performs all or none), before performing anything;
/// the same effect alone fails once per failure to come.
/// </summary>
internal sealed class BatchLetterHandler(EffectLog log, RequestContext context) : IEffectBatchHandler
{
    public const string Type = "letter.batch";

    public string EffectType => Type;

    public async Task<JsonElement?> HandleAsync(EffectRequest request, CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (log.FailuresToCome.TryGetValue(request.IdempotencyKey, out var left) && left > 0)
        {
            log.FailuresToCome[request.IdempotencyKey] = left - 1;
            throw new InvalidOperationException("the printer is offline");
        }

        return Perform(request);
    }

    public async Task<IReadOnlyList<JsonElement?>> HandleBatchAsync(IReadOnlyList<EffectRequest> requests, CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (requests.Any(r => r.CompanyId != context.CompanyId))
        {
            throw new InvalidOperationException("A batch mixes companies.");
        }

        if (requests.Any(r => log.FailuresToCome.GetValueOrDefault(r.IdempotencyKey) > 0))
        {
            throw new InvalidOperationException("the printer is offline");
        }

        log.Batches.Enqueue([.. requests.Select(r => (r.IdempotencyKey, r.CompanyId))]);
        return [.. requests.Select(Perform)];
    }

    private JsonElement? Perform(EffectRequest request)
    {
        log.Performed.AddOrUpdate(request.IdempotencyKey, 1, (_, count) => count + 1);
        return JsonSerializer.SerializeToElement(new { sent = request.IdempotencyKey, attempt = request.Attempt });
    }
}

/// <summary>
/// The durable engine alone (its DbContext, store, workers) in a service provider of its own on a test
/// database: two of them on one database stand for two host processes sharing the work.
/// </summary>
public sealed class WorkflowTestHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    public WorkflowTestHost(TestDatabase database, ManualClock clock, EffectLog log, params string[] definitions)
        : this(database, clock, log, new Dictionary<string, string?>(), definitions)
    {
    }

    /// <param name="settings">Configuration added to the engine's (e.g. Workflows:Lease).</param>
    public WorkflowTestHost(TestDatabase database, ManualClock clock, EffectLog log, IReadOnlyDictionary<string, string?> settings, params string[] definitions)
    {
        Clock = clock;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider,
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Workflows:WorkersEnabled"] = "false",
        }).AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(log);
        services.AddScoped<RequestContext>();
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.SectionName));
        services.AddWorkflowEngine(configuration);
        services.AddEffectHandler<LetterHandler>();
        services.AddEffectHandler<BatchLetterHandler>();
        _services = services.BuildServiceProvider();
        Catalog.Add(new SendLetterActivity());
        var provider = (InMemoryDefinitionProvider)_services.GetRequiredService<IWorkflowDefinitionProvider>();
        foreach (var definition in definitions)
        {
            provider.Add(WorkflowDefinitionSerializer.Parse(definition));
        }
    }

    public ManualClock Clock { get; }

    public static Guid CompanyId { get; } = Guid.Parse("01937a5e-0000-7000-8000-0000000f1001");

    private ActivityCatalog Catalog => _services.GetRequiredService<ActivityCatalog>();

    public IWorkflowStimulusPublisher Stimuli => _services.GetRequiredService<IWorkflowStimulusPublisher>();

    internal WorkflowTimerWorker TimerWorker => _services.GetRequiredService<WorkflowTimerWorker>();

    internal WorkflowEffectDispatcher EffectDispatcher => _services.GetRequiredService<WorkflowEffectDispatcher>();

    public static Dictionary<string, string> Keys(string invoice) => new() { [WorkflowCorrelation.CompanyKey] = CompanyId.ToString(), ["invoice"] = invoice };

    public async Task MigrateAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
    }

    /// <summary>Runs work in a scope of its own for the test company, as a request or an event handler would.</summary>
    public async Task<T> InScopeAsync<T>(Func<WorkflowHost, IServiceProvider, Task<T>> work)
    {
        await using var scope = _services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(CompanyId, "test");
        return await work(scope.ServiceProvider.GetRequiredService<WorkflowHost>(), scope.ServiceProvider);
    }

    public Task<Guid> StartAsync(string definitionId, string invoice) =>
        InScopeAsync((host, _) => host.StartAsync(new StartInstanceRequest { DefinitionId = definitionId, CorrelationKeys = Keys(invoice) }, CancellationToken.None));

    public Task<PublishResult> PublishAsync(string eventName, string invoice, string? messageId = null) =>
        InScopeAsync((host, _) => host.PublishAsync(new Stimulus(eventName, Keys(invoice), messageId ?? Guid.NewGuid().ToString()), CancellationToken.None));

    public Task<InstanceSnapshot> InstanceAsync(Guid id) =>
        InScopeAsync(async (_, provider) => (await provider.GetRequiredService<IWorkflowStore>().FindInstanceAsync(id, CancellationToken.None))!);

    /// <summary>Reads the engine's tables across companies.</summary>
    internal Task<T> QueryAsync<T>(Func<WorkflowDbContext, Task<T>> query) =>
        InScopeAsync((_, provider) => query(provider.GetRequiredService<WorkflowDbContext>()));

    /// <summary>The activities that completed, in order, with their port: "waitDay:Done".</summary>
    public Task<List<string>> PathAsync(Guid id) =>
        QueryAsync(async db => (await db.Journal.IgnoreQueryFilters().Where(j => j.InstanceId == id && j.Kind == nameof(JournalEntryKind.ActivityCompleted))
            .OrderBy(j => j.Sequence).ToListAsync()).Select(j => $"{j.ActivityId}:{j.Port}").ToList());

    /// <summary>Fires due timers until none is left.</summary>
    public async Task<int> RunTimersAsync()
    {
        var total = 0;
        int fired;
        while ((fired = await TimerWorker.RunOnceAsync(CancellationToken.None)) > 0)
        {
            total += fired;
        }

        return total;
    }

    public async Task<int> RunEffectsAsync()
    {
        var total = 0;
        int dispatched;
        while ((dispatched = await EffectDispatcher.RunOnceAsync(CancellationToken.None)) > 0)
        {
            total += dispatched;
        }

        return total;
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}

/// <summary>
/// One durable engine on a fresh database of the provider under test (SQLite, or PostgreSQL with
/// ETREPAYE_TEST_PROVIDER=postgres), created before each test and dropped after it.
/// </summary>
public abstract class DurableEngineTest : IAsyncLifetime
{
    protected EffectLog Log { get; } = new();

    protected TestDatabase Database { get; private set; } = null!;

    protected WorkflowTestHost Host { get; private set; } = null!;

    /// <summary>Configuration added to the engine's for the test's host (e.g. Workflows:EffectSubBatchParallelism).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Host = new WorkflowTestHost(Database, new ManualClock(WorkflowTestHost.Start), Log, Settings, Definitions.All);
        await Host.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Database.DisposeAsync();
    }
}
