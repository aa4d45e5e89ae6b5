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
        var runner = await CreateRunnerAsync(definition, snapshot, now, cancellationToken);
        await runner.StartAsync();
        return runner.Finish(StepStatus.Applied);
    }

    public async ValueTask<StepResult> HandleAsync(WorkflowDefinition definition, InstanceSnapshot snapshot, WorkflowInput input, CancellationToken cancellationToken)
    {
        if (definition.DefinitionId != snapshot.DefinitionId || definition.Version != snapshot.DefinitionVersion)
        {
            throw new ArgumentException($"The instance runs {snapshot.DefinitionId} v{snapshot.DefinitionVersion}, not {definition}.", nameof(definition));
        }

        if (snapshot.IsFinished && !(snapshot.Status == InstanceStatus.Faulted && input is OperatorInput))
        {
            return StepResult.Unchanged(snapshot, StepStatus.Ignored, $"the instance is {snapshot.Status.ToString().ToLowerInvariant()}");
        }

        var runner = await CreateRunnerAsync(definition, snapshot, input.At ?? TimeProvider.GetUtcNow(), cancellationToken);
        return await runner.HandleAsync(input);
    }

    /// <summary>
    /// Moves a running instance from its version to <paramref name="to"/> (same definition id), given for each waiting
    /// activity id of the old version the activity id of the new one. Nothing is written: the host commits the step.
    /// </summary>
    public async ValueTask<MigrationOutcome> MigrateAsync(
        WorkflowDefinition from, WorkflowDefinition to, InstanceSnapshot snapshot, IReadOnlyDictionary<string, string> mapping, string reason, string? by, CancellationToken cancellationToken)
    {
        if (from.DefinitionId != snapshot.DefinitionId || from.Version != snapshot.DefinitionVersion || to.DefinitionId != from.DefinitionId)
        {
            throw new ArgumentException($"The instance runs {snapshot.DefinitionId} v{snapshot.DefinitionVersion}: it cannot move from {from} to {to}.", nameof(to));
        }

        var waiting = snapshot.Executions.Select(e => e.ActivityId).Distinct(StringComparer.Ordinal).ToList();
        var toModel = DefinitionModel.For(to);
        var unmapped = waiting.Where(a => !mapping.TryGetValue(a, out var target) || toModel.Activity(target) is null).ToList();
        var steps = waiting.Where(a => !unmapped.Contains(a)).Select(a => new MigratedStep(a, mapping[a], a == mapping[a] && from.Activities.First(x => x.Id == a).Type == toModel.Activity(a)!.Type)).ToList();
        var landing = steps.Select(s => s.ToActivity).Distinct(StringComparer.Ordinal).ToList();
        var skipped = to.Activities.Select(a => a.Id)
            .Where(id => !snapshot.ActivityRuns.ContainsKey(id) && !landing.Contains(id) && landing.Any(target => toModel.CanReach(id, target)))
            .ToList();
        var repeated = steps.Where(s => !s.KeepsWaits && snapshot.ActivityRuns.ContainsKey(s.ToActivity)).Select(s => s.ToActivity).Distinct(StringComparer.Ordinal).ToList();
        string? problem = null;
        if (snapshot.Status != InstanceStatus.Running)
        {
            problem = $"the instance is {snapshot.Status.ToString().ToLowerInvariant()}: only running instances move";
        }
        else if (unmapped.Count > 0)
        {
            problem = $"no mapping for the waiting step(s) {string.Join(", ", unmapped)}: the instance stays on v{from.Version}";
        }

        Dictionary<string, object?>? inputs = null;
        if (problem is null)
        {
            try
            {
                inputs = BindInputs(to, snapshot.Inputs.Where(p => p.Value is not null && to.Inputs.Any(i => i.Name == p.Key)).ToDictionary(p => p.Key, p => p.Value));
            }
            catch (WorkflowInputException exception)
            {
                problem = $"its inputs do not fit v{to.Version}: {string.Join("; ", exception.Problems)}";
            }
        }

        if (problem is not null)
        {
            return new MigrationOutcome(snapshot.InstanceId, from.Version, to.Version, problem, steps, unmapped, skipped, repeated, null);
        }

        var variables = InitialVariables(to);
        foreach (var declaration in to.Variables)
        {
            if (snapshot.Variables.TryGetValue(declaration.Name, out var value))
            {
                try
                {
                    variables[declaration.Name] = WorkflowValues.Coerce(value, declaration.Type, declaration.Name);
                }
                catch (WorkflowValueException)
                {
                    // A variable whose type changed starts again from its declared default.
                }
            }
        }

        var moved = snapshot with { DefinitionVersion = to.Version, Inputs = inputs!, Variables = variables };
        var runner = await CreateRunnerAsync(to, moved, TimeProvider.GetUtcNow(), cancellationToken);
        var step = await runner.MigrateAsync(DefinitionModel.For(from), mapping, reason, by);
        return new MigrationOutcome(snapshot.InstanceId, from.Version, to.Version, null, steps, unmapped, skipped, repeated, step);
    }

    private async ValueTask<StepRunner> CreateRunnerAsync(WorkflowDefinition definition, InstanceSnapshot snapshot, DateTimeOffset now, CancellationToken cancellationToken) =>
        new(DefinitionModel.For(definition), Catalog, await calendars.GetAsync(snapshot.CalendarId, cancellationToken), TimeZones.Find(snapshot.TimeZoneId), Options, snapshot, now, cancellationToken);

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
