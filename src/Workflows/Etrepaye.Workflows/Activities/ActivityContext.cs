using System.Globalization;
using System.Text.Json;
using Etrepaye.Workflows.Calendars;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Runtime;

namespace Etrepaye.Workflows.Activities;

/// <summary>
/// What an activity sees of its instance while it runs. Everything it asks for (variables, effects,
/// bookmarks, timers, tasks, children) is kept aside and committed only when the activity returns;
/// an activity that throws leaves no trace but its incident.
/// </summary>
public sealed class ActivityContext
{
    private readonly StepRunner _runner;
    private readonly ActivityNode _node;
    private readonly MutableExecution _execution;
    private readonly Dictionary<string, object?> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object?> _pendingVariables = new(StringComparer.Ordinal);
    private readonly List<Action> _pending = [];
    private readonly List<EvaluationTrace> _traces = [];
    private readonly List<string> _notes = [];
    private readonly HashSet<string> _effectKeys = new(StringComparer.Ordinal);

    internal ActivityContext(StepRunner runner, ActivityNode node, ActivityDescriptor descriptor, MutableExecution execution)
    {
        _runner = runner;
        _node = node;
        _execution = execution;
        Descriptor = descriptor;
        State = new Dictionary<string, string>(execution.State, StringComparer.Ordinal);
    }

    public ActivityDescriptor Descriptor { get; }

    public Guid InstanceId => _runner.InstanceId;

    public string ActivityId => _node.Id;

    public string? ActivityName => _node.Name;

    public Guid ExecutionId => _execution.Id;

    /// <summary>1 for the first run of this activity in the instance, 2 for the second...</summary>
    public int ExecutionNumber => _execution.Number;

    public int Attempt => _execution.Attempt;

    /// <summary>The instant of the step (the input's or the runtime clock's).</summary>
    public DateTimeOffset Now => _runner.Now;

    /// <summary>The date of <see cref="Now"/> in the instance's time zone.</summary>
    public DateOnly Today => _runner.Today;

    public TimeZoneInfo TimeZone => _runner.TimeZone;

    public IBusinessCalendar Calendar => _runner.Calendar;

    public IReadOnlyDictionary<string, string> CorrelationKeys => _runner.CorrelationKeys;

    /// <summary>The activity's notes, kept from execute to resume.</summary>
    public IDictionary<string, string> State { get; }

    internal int? IncomingConnection => _execution.IncomingConnection;

    internal StepRunner Runner => _runner;

    internal IReadOnlyList<EvaluationTrace> Traces => _traces;

    internal IReadOnlyList<string> Notes => _notes;

    internal bool CreatedWaits { get; private set; }

    public bool HasInput(string name) => _node.Inputs.ContainsKey(name) || Descriptor.FindInput(name)?.Default is not null;

    /// <summary>The input's value, its expressions evaluated (and recorded in the journal's "why").</summary>
    public object? GetInput(string name)
    {
        if (_inputs.TryGetValue(name, out var cached))
        {
            return cached;
        }

        var input = Descriptor.FindInput(name) ?? throw new InvalidOperationException($"{Descriptor.Type} declares no input '{name}'.");
        var type = input.Type;
        if (input.TypeFromVariableInput is { } variableInput)
        {
            var variable = GetInput(variableInput) as string ?? throw new InvalidOperationException($"input '{variableInput}' names no variable");
            type = _runner.Model.VariableType(variable) ?? throw new InvalidOperationException($"'{variable}' is not a variable of the workflow");
        }

        var raw = RawInput(name) ?? input.Default;
        var value = raw is { } element ? EvaluateRaw(element, type, name) : null;
        _inputs[name] = value;
        return value;
    }

    /// <summary>The input as written in the definition (literal or expression objects), or null.</summary>
    internal JsonElement? RawInput(string name) => _node.Inputs.TryGetValue(name, out var raw) ? raw : null;

    /// <summary>Converts a piece of an input, evaluating (and tracing) the expressions in it.</summary>
    internal object? EvaluateRaw(JsonElement element, WorkflowType type, string path) =>
        WorkflowValues.FromJson(element, type, path, (text, expected, at) => _runner.Evaluate(text, expected, at, _traces, pendingVariables: _pendingVariables));

    public T? GetInput<T>(string name) => Convert<T>(GetInput(name), name);

    public T GetRequiredInput<T>(string name) =>
        GetInput<T>(name) ?? throw new InvalidOperationException($"The input '{name}' of {ActivityId} has no value.");

    public object? GetVariable(string name) =>
        _pendingVariables.TryGetValue(name, out var pending) ? pending
        : _runner.Variables.TryGetValue(name, out var value) ? value
        : _runner.Inputs.TryGetValue(name, out var input) ? input
        : throw new InvalidOperationException($"'{name}' is not a variable or an input of the workflow.");

    public void SetVariable(string name, object? value)
    {
        var type = _runner.Model.VariableType(name) ?? throw new InvalidOperationException($"'{name}' is not a variable of the workflow (inputs are read-only).");
        _pendingVariables[name] = WorkflowValues.Coerce(value, type, name);
    }

    /// <summary>A line for the journal explaining a choice the activity made.</summary>
    public void Note(string note) => _notes.Add(note);

    /// <summary>
    /// Asks for a side effect, performed after commit by a dispatcher, once per idempotency key
    /// <c>instanceId:activityId:scope</c>. The scope is this execution's number (so each pass of a loop
    /// is a new effect, and a retry of the same pass is not), suffixed by <paramref name="scope"/>
    /// when one activity asks for several effects.
    /// </summary>
    public string RequestEffect(string effectType, object? payload, string? scope = null)
    {
        var suffix = scope is null ? ExecutionNumber.ToString(CultureInfo.InvariantCulture) : $"{ExecutionNumber.ToString(CultureInfo.InvariantCulture)}.{scope}";
        var key = $"{InstanceId}:{ActivityId}:{suffix}";
        if (!_effectKeys.Add(key))
        {
            throw new InvalidOperationException($"The activity already asked for an effect with key {key}: give each effect its own scope.");
        }

        var effect = new EffectCommand(key, InstanceId, ActivityId, effectType, WorkflowValues.ToJsonElement(payload), Now);
        _pending.Add(() => _runner.AddEffect(effect));
        return key;
    }

    /// <summary>Waits for a named event whose correlation keys include these (the instance's keys by default).</summary>
    public Guid CreateBookmark(string eventName, IReadOnlyDictionary<string, string>? correlationKeys = null, string? tag = null)
    {
        var bookmark = new Bookmark
        {
            Id = _runner.NewId(),
            InstanceId = InstanceId,
            Kind = BookmarkKind.Activity,
            EventName = eventName,
            CorrelationKeys = new Dictionary<string, string>(correlationKeys ?? CorrelationKeys, StringComparer.Ordinal),
            ExecutionId = ExecutionId,
            ActivityId = ActivityId,
            Tag = tag,
            CreatedAt = Now,
        };
        CreatedWaits = true;
        _pending.Add(() => _runner.AddBookmark(bookmark));
        return bookmark.Id;
    }

    public Guid CreateTimer(DateTimeOffset dueAt, string? tag = null)
    {
        var timer = new WorkflowTimer
        {
            Id = _runner.NewId(),
            InstanceId = InstanceId,
            DueAt = dueAt,
            ExecutionId = ExecutionId,
            ActivityId = ActivityId,
            Tag = tag,
        };
        CreatedWaits = true;
        _pending.Add(() => _runner.AddTimer(timer));
        return timer.Id;
    }

    public Guid CreateHumanTask(HumanTaskRequest request)
    {
        if (request.Outcomes.Count == 0)
        {
            throw new InvalidOperationException("A human task needs at least one outcome.");
        }

        var task = new HumanTask
        {
            Id = _runner.NewId(),
            InstanceId = InstanceId,
            ExecutionId = ExecutionId,
            ActivityId = ActivityId,
            Title = request.Title,
            Description = request.Description,
            Role = request.Role,
            Assignee = request.Assignee,
            DueDate = request.DueDate,
            Priority = request.Priority,
            Outcomes = [.. request.Outcomes],
            Form = [.. request.Form],
            CorrelationKeys = CorrelationKeys,
            CreatedAt = Now,
        };
        CreatedWaits = true;
        _pending.Add(() => _runner.AddTask(task));
        return task.Id;
    }

    public void CloseHumanTask(Guid taskId, HumanTaskResolution resolution, string? reason = null) =>
        _pending.Add(() =>
        {
            if (_runner.FindTask(taskId) is { } task)
            {
                _runner.CloseTask(task, resolution, null, null, reason);
            }
        });

    /// <summary>Starts another definition as a child; the activity is resumed by its end (a stimulus).</summary>
    public Guid StartChildWorkflow(string definitionId, int? version, IReadOnlyDictionary<string, object?> inputs)
    {
        var childId = _runner.NewId();
        var request = new ChildWorkflowRequest
        {
            ChildInstanceId = childId,
            Parent = new ParentReference(InstanceId, ActivityId, ExecutionId),
            DefinitionId = definitionId,
            Version = version,
            Inputs = inputs,
            CorrelationKeys = CorrelationKeys,
            CalendarId = _runner.CalendarId,
            TimeZoneId = TimeZone.Id,
        };
        CreateBookmark(Stimulus.ChildCompletedEvent, new Dictionary<string, string> { [Stimulus.InstanceKey] = childId.ToString() }, "child");
        State[StepRunner.ChildStateKey] = childId.ToString();
        _pending.Add(() => _runner.AddChild(request));
        return childId;
    }

    /// <summary>The instant a date (and time, midnight by default) designates in the instance's time zone.</summary>
    public DateTimeOffset InstantOf(DateOnly date, TimeOnly? time = null) => TimeZones.Instant(date, time ?? TimeOnly.MinValue, TimeZone);

    internal void Commit()
    {
        foreach (var (name, value) in _pendingVariables)
        {
            _runner.SetVariable(name, value);
        }

        _execution.State.Clear();
        foreach (var (key, value) in State)
        {
            _execution.State[key] = value;
        }

        foreach (var action in _pending)
        {
            action();
        }
    }

    private T? Convert<T>(object? value, string name)
    {
        if (value is null)
        {
            return default;
        }

        if (value is T typed)
        {
            return typed;
        }

        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (value is decimal number && target.IsPrimitive)
        {
            return (T)System.Convert.ChangeType(number, target, CultureInfo.InvariantCulture);
        }

        throw new InvalidOperationException($"The input '{name}' of {ActivityId} is {WorkflowValues.Render(value)}, not a {typeof(T).Name}.");
    }
}
