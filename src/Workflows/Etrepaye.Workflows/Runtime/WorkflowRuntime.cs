using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Calendars;
using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Workflows.Runtime;

public sealed record WorkflowRuntimeOptions
{
    public string DefaultCalendarId { get; init; } = "FR";

    public string DefaultTimeZoneId { get; init; } = "UTC";

    /// <summary>Activities one step may run before it is stopped as a runaway loop (validation rejects loops without waits).</summary>
    public int MaxActivitiesPerStep { get; init; } = 10_000;

    public int ExpressionStepBudget { get; init; } = Expressions.EvaluationOptions.DefaultStepBudget;

    /// <summary>How many consumed message ids an instance remembers for deduplication.</summary>
    public int ConsumedMessageIdsKept { get; init; } = 256;
}

public sealed class WorkflowInputException(IReadOnlyList<string> problems)
    : Exception("The workflow cannot start: " + string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// The engine's deterministic core. Given an instance's snapshot and one input it returns the new
/// snapshot and the changes to commit; it performs no I/O, so a host can wrap a step in one
/// database transaction. Time comes from the input or from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class WorkflowRuntime(ActivityCatalog catalog, ICalendarProvider calendars, TimeProvider timeProvider, WorkflowRuntimeOptions? options = null)
{
    public ActivityCatalog Catalog { get; } = catalog;

    public WorkflowRuntimeOptions Options { get; } = options ?? new WorkflowRuntimeOptions();

    public TimeProvider TimeProvider { get; } = timeProvider;

    public async ValueTask<StepResult> StartAsync(WorkflowDefinition definition, StartWorkflow start, CancellationToken cancellationToken)
    {
        var now = start.At ?? TimeProvider.GetUtcNow();
        var inputs = BindInputs(definition, start.Inputs);
        var snapshot = new InstanceSnapshot
        {
            InstanceId = start.InstanceId,
            DefinitionId = definition.DefinitionId,
            DefinitionVersion = definition.Version,
            CreatedAt = now,
            UpdatedAt = now,
            CalendarId = start.CalendarId ?? Options.DefaultCalendarId,
            TimeZoneId = start.TimeZoneId ?? Options.DefaultTimeZoneId,
            CorrelationKeys = new Dictionary<string, string>(start.CorrelationKeys, StringComparer.Ordinal),
            Inputs = inputs,
            Variables = InitialVariables(definition),
            Parent = start.Parent,
        };
        var runner = CreateRunner(definition, snapshot, now, cancellationToken);
        await runner.StartAsync();
        return runner.Finish(StepStatus.Applied);
    }

    public async ValueTask<StepResult> HandleAsync(WorkflowDefinition definition, InstanceSnapshot snapshot, WorkflowInput input, CancellationToken cancellationToken)
    {
        if (definition.DefinitionId != snapshot.DefinitionId || definition.Version != snapshot.DefinitionVersion)
        {
            throw new ArgumentException($"The instance runs {snapshot.DefinitionId} v{snapshot.DefinitionVersion}, not {definition}.", nameof(definition));
        }

        if (snapshot.IsFinished)
        {
            return StepResult.Unchanged(snapshot, StepStatus.Ignored, $"the instance is {snapshot.Status.ToString().ToLowerInvariant()}");
        }

        var runner = CreateRunner(definition, snapshot, input.At ?? TimeProvider.GetUtcNow(), cancellationToken);
        return await runner.HandleAsync(input);
    }

    private StepRunner CreateRunner(WorkflowDefinition definition, InstanceSnapshot snapshot, DateTimeOffset now, CancellationToken cancellationToken) =>
        new(DefinitionModel.For(definition), Catalog, calendars.Get(snapshot.CalendarId), TimeZones.Find(snapshot.TimeZoneId), Options, snapshot, now, cancellationToken);

    private static Dictionary<string, object?> BindInputs(WorkflowDefinition definition, IReadOnlyDictionary<string, object?> given)
    {
        var problems = new List<string>();
        var inputs = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var name in given.Keys.Where(k => definition.Inputs.All(i => i.Name != k)))
        {
            problems.Add($"'{name}' is not an input of {definition}");
        }

        foreach (var declaration in definition.Inputs)
        {
            try
            {
                var value = given.TryGetValue(declaration.Name, out var provided)
                    ? WorkflowValues.Coerce(provided, declaration.Type, declaration.Name)
                    : declaration.Default is { } fallback ? WorkflowValues.FromJson(fallback, declaration.Type, declaration.Name) : null;
                if (value is null && declaration.Required)
                {
                    problems.Add($"the input '{declaration.Name}' ({declaration.Type}) is required");
                }

                inputs[declaration.Name] = value;
            }
            catch (WorkflowValueException exception)
            {
                problems.Add(exception.Message);
            }
        }

        return problems.Count == 0 ? inputs : throw new WorkflowInputException(problems);
    }

    private static Dictionary<string, object?> InitialVariables(WorkflowDefinition definition) =>
        definition.Variables.ToDictionary(
            v => v.Name,
            v => v.Default is { } value ? WorkflowValues.FromJson(value, v.Type, v.Name) : null,
            StringComparer.Ordinal);
}

internal static class TimeZones
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TimeZoneInfo> _zones = new(StringComparer.Ordinal);

    public static TimeZoneInfo Find(string id) => _zones.GetOrAdd(id, TimeZoneInfo.FindSystemTimeZoneById);

    public static DateOnly DateIn(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>The instant a local date and time designate; a time skipped by a DST change moves forward an hour.</summary>
    public static DateTimeOffset Instant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
