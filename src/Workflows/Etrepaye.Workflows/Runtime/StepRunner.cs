using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Calendars;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Expressions;

namespace Etrepaye.Workflows.Runtime;

internal sealed class MutableExecution
{
    public required Guid Id { get; init; }

    public required string ActivityId { get; init; }

    public required int Number { get; init; }

    public int Attempt { get; set; } = 1;

    public ExecutionStatus Status { get; set; } = ExecutionStatus.Waiting;

    public int? IncomingConnection { get; init; }

    public Dictionary<string, string> State { get; init; } = new(StringComparer.Ordinal);

    public DateTimeOffset StartedAt { get; init; }

    public static MutableExecution From(ActivityExecution execution) => new()
    {
        Id = execution.Id,
        ActivityId = execution.ActivityId,
        Number = execution.Number,
        Attempt = execution.Attempt,
        Status = execution.Status,
        IncomingConnection = execution.IncomingConnection,
        State = new Dictionary<string, string>(execution.State, StringComparer.Ordinal),
        StartedAt = execution.StartedAt,
    };

    public ActivityExecution ToRecord() => new()
    {
        Id = Id,
        ActivityId = ActivityId,
        Number = Number,
        Attempt = Attempt,
        Status = Status,
        IncomingConnection = IncomingConnection,
        State = new Dictionary<string, string>(State, StringComparer.Ordinal),
        StartedAt = StartedAt,
    };
}

internal readonly record struct WorkItem(string ActivityId, int? ConnectionIndex);

/// <summary>
/// One step of one instance: a mutable copy of the snapshot, the agenda of activities to run, and the
/// changes accumulated for the host. Created per input, thrown away after <see cref="Finish"/>.
/// </summary>
internal sealed class StepRunner
{
    public const string ChildStateKey = "$child";

    private readonly InstanceSnapshot _original;
    private readonly ActivityCatalog _catalog;
    private readonly WorkflowRuntimeOptions _options;
    private readonly CancellationToken _cancellationToken;

    private readonly Dictionary<string, object?> _variables;
    private readonly List<MutableExecution> _executions;
    private readonly List<Bookmark> _bookmarks;
    private readonly List<WorkflowTimer> _timers;
    private readonly List<HumanTask> _tasks;
    private readonly Dictionary<string, int> _runs;
    private readonly Dictionary<string, Dictionary<string, string>> _activityState;
    private readonly List<string> _consumed;
    private readonly LinkedList<WorkItem> _agenda = new();

    private readonly List<Bookmark> _bookmarksAdded = [];
    private readonly List<Guid> _bookmarksRemoved = [];
    private readonly List<WorkflowTimer> _timersAdded = [];
    private readonly List<Guid> _timersRemoved = [];
    private readonly List<HumanTask> _tasksCreated = [];
    private readonly List<HumanTaskClosed> _tasksClosed = [];
    private readonly List<JournalEntry> _journal = [];
    private readonly List<EffectCommand> _effects = [];
    private readonly List<Incident> _incidents = [];
    private readonly List<ChildWorkflowRequest> _childrenToStart = [];
    private readonly List<Guid> _childrenToCancel = [];
    private readonly List<Stimulus> _stimuliToPublish = [];

    private InstanceStatus _status;
    private string? _outcome;
    private DateTimeOffset? _finishedAt;
    private long _sequence;
    private long _journalSequence;
    private SuspensionState? _suspension;
    private string? _consumedMessageId;
    private int _activitiesRun;

    public StepRunner(
        DefinitionModel model,
        ActivityCatalog catalog,
        IBusinessCalendar calendar,
        TimeZoneInfo timeZone,
        WorkflowRuntimeOptions options,
        InstanceSnapshot snapshot,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        Model = model;
        _catalog = catalog;
        Calendar = calendar;
        TimeZone = timeZone;
        _options = options;
        _original = snapshot;
        Now = now;
        _cancellationToken = cancellationToken;

        _status = snapshot.Status;
        _outcome = snapshot.Outcome;
        _finishedAt = snapshot.FinishedAt;
        _sequence = snapshot.Sequence;
        _journalSequence = snapshot.JournalSequence;
        _suspension = snapshot.Suspension;
        _variables = new Dictionary<string, object?>(snapshot.Variables, StringComparer.Ordinal);
        _executions = [.. snapshot.Executions.Select(MutableExecution.From)];
        _bookmarks = [.. snapshot.Bookmarks];
        _timers = [.. snapshot.Timers];
        _tasks = [.. snapshot.OpenTasks];
        _runs = new Dictionary<string, int>(snapshot.ActivityRuns, StringComparer.Ordinal);
        _activityState = snapshot.ActivityState.ToDictionary(p => p.Key, p => new Dictionary<string, string>(p.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        _consumed = [.. snapshot.ConsumedMessageIds];
        Today = TimeZones.DateIn(now, timeZone);
    }

    public DefinitionModel Model { get; }

    public WorkflowDefinition Definition => Model.Definition;

    public Guid InstanceId => _original.InstanceId;

    public DateTimeOffset Now { get; }

    public DateOnly Today { get; }

    public IBusinessCalendar Calendar { get; }

    public TimeZoneInfo TimeZone { get; }

    public string CalendarId => _original.CalendarId;

    public IReadOnlyDictionary<string, string> CorrelationKeys => _original.CorrelationKeys;

    public IReadOnlyDictionary<string, object?> Inputs => _original.Inputs;

    public IReadOnlyDictionary<string, object?> Variables => _variables;

    private bool IsFinished => _status is InstanceStatus.Completed or InstanceStatus.Faulted or InstanceStatus.Cancelled;

    // ----- entry points -------------------------------------------------------------------------

    public async Task StartAsync()
    {
        AddJournal(JournalEntryKind.InstanceStarted, message: $"{Definition} started");
        AddHandlerBookmarks();

        _agenda.AddLast(new WorkItem(Definition.Start.Activity, null));
        await RunAgendaAsync();
    }

    public async Task<StepResult> HandleAsync(WorkflowInput input)
    {
        switch (input)
        {
            case TimerDue due:
                var timer = _timers.FirstOrDefault(t => t.Id == due.TimerId);
                if (timer is null)
                {
                    return StepResult.Unchanged(_original, StepStatus.Ignored, $"timer {due.TimerId} is not pending");
                }

                await OnTimerAsync(timer);
                break;
            case StimulusDelivered delivered:
                var stimulus = delivered.Stimulus;
                if (_consumed.Contains(stimulus.MessageId))
                {
                    return StepResult.Unchanged(_original, StepStatus.Duplicate, $"message {stimulus.MessageId} was already consumed");
                }

                if (!_bookmarks.Any(b => b.Matches(stimulus)))
                {
                    return StepResult.Unchanged(_original, StepStatus.Ignored, $"no bookmark of the instance matches {stimulus.EventName}");
                }

                await OnStimulusAsync(stimulus);
                Consume(stimulus.MessageId);
                break;
            case CompleteHumanTask completion:
                var errors = await OnTaskCompletionAsync(completion);
                if (errors.Count > 0)
                {
                    return StepResult.Unchanged(_original, StepStatus.Rejected, errors);
                }

                break;
            case OperatorInput action:
                var problems = await OnOperatorInputAsync(action);
                if (problems.Count > 0)
                {
                    return StepResult.Unchanged(_original, StepStatus.Rejected, problems);
                }

                break;
            case CancelInstance cancel:
                EndInstance(InstanceStatus.Cancelled, "Cancelled", cancel.Reason, notifyParent: cancel is not { Reason: ParentCancelledReason });
                break;
            default:
                throw new ArgumentException($"Unknown input {input.GetType().Name}.", nameof(input));
        }

        return Finish(StepStatus.Applied);
    }

    public const string ParentCancelledReason = "the parent instance cancelled it";

    public StepResult Finish(StepStatus status)
    {
        if (_status == InstanceStatus.Running && _executions.Count == 0 && _agenda.Count == 0)
        {
            EndInstance(InstanceStatus.Completed, _outcome, "no activity is left to run");
        }

        var snapshot = _original with
        {
            Status = _status,
            Version = _original.Version + 1,
            Sequence = _sequence,
            JournalSequence = _journalSequence,
            UpdatedAt = Now,
            FinishedAt = _finishedAt,
            Outcome = _outcome,
            Variables = new Dictionary<string, object?>(_variables, StringComparer.Ordinal),
            Executions = [.. _executions.Select(e => e.ToRecord())],
            Bookmarks = [.. _bookmarks],
            Timers = [.. _timers],
            OpenTasks = [.. _tasks],
            ActivityRuns = new Dictionary<string, int>(_runs, StringComparer.Ordinal),
            ActivityState = _activityState.Where(p => p.Value.Count > 0).ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(p.Value, StringComparer.Ordinal), StringComparer.Ordinal),
            ConsumedMessageIds = [.. _consumed],
            Suspension = _suspension,
        };
        var changes = new WorkflowChanges
        {
            BookmarksAdded = [.. _bookmarksAdded],
            BookmarksRemoved = [.. _bookmarksRemoved],
            TimersAdded = [.. _timersAdded],
            TimersRemoved = [.. _timersRemoved],
            TasksCreated = [.. _tasksCreated],
            TasksClosed = [.. _tasksClosed],
            Journal = [.. _journal],
            Effects = [.. _effects],
            Incidents = [.. _incidents],
            ChildrenToStart = [.. _childrenToStart],
            ChildrenToCancel = [.. _childrenToCancel],
            StimuliToPublish = [.. _stimuliToPublish],
            ConsumedMessageId = _consumedMessageId,
        };
        return new StepResult(snapshot, changes, status, []);
    }

    // ----- inputs -------------------------------------------------------------------------------

    private async Task OnTimerAsync(WorkflowTimer timer)
    {
        RemoveTimer(timer.Id);
        var execution = _executions.FirstOrDefault(e => e.Id == timer.ExecutionId);
        if (execution is null)
        {
            return;
        }

        if (timer.Purpose == TimerPurpose.Retry)
        {
            execution.Attempt++;
            execution.Status = ExecutionStatus.Waiting;
            await ExecuteAsync(execution);
        }
        else
        {
            await ResumeAsync(execution, new TimerTrigger(timer), $"timer {timer.Tag ?? "due"} at {timer.DueAt:u}");
        }

        await RunAgendaAsync();
    }

    private async Task OnStimulusAsync(Stimulus stimulus)
    {
        var matched = _bookmarks.Where(b => b.Matches(stimulus)).ToList();
        foreach (var bookmark in matched.Where(b => b.Kind == BookmarkKind.EventHandler).OrderBy(b => b.HandlerIndex))
        {
            if (await TryHandleEventAsync(Definition.EventHandlers[bookmark.HandlerIndex!.Value], bookmark.HandlerIndex.Value, stimulus))
            {
                return;
            }
        }

        if (_status == InstanceStatus.Suspended)
        {
            if (matched.FirstOrDefault(b => b.Kind == BookmarkKind.Resume) is { } resume)
            {
                ResumeInstance(resume, stimulus);
                await RunAgendaAsync();
            }

            return;
        }

        foreach (var bookmark in matched.Where(b => b.Kind == BookmarkKind.Activity))
        {
            if (IsFinished)
            {
                return;
            }

            var execution = _executions.FirstOrDefault(e => e.Id == bookmark.ExecutionId);
            if (execution is null || !_bookmarks.Contains(bookmark))
            {
                continue;
            }

            RemoveBookmark(bookmark.Id);
            await ResumeAsync(execution, new StimulusTrigger(stimulus, bookmark), $"{stimulus.EventName} (message {stimulus.MessageId})");
        }

        await RunAgendaAsync();
    }

    private async Task<bool> TryHandleEventAsync(EventHandlerDefinition handler, int index, Stimulus stimulus)
    {
        var traces = new List<EvaluationTrace>();
        if (handler.Condition is { } condition)
        {
            object? holds;
            try
            {
                var eventType = handler.Payload ?? WorkflowType.Any;
                var eventValue = stimulus.Payload is { } payload ? WorkflowValues.Coerce(payload, eventType, "event") : null;
                holds = Evaluate(condition, WorkflowType.Boolean, $"eventHandlers[{index}].condition", traces, eventType, eventValue);
            }
            catch (Exception exception) when (exception is ExpressionException or WorkflowValueException)
            {
                AddJournal(JournalEntryKind.EventIgnored, message: $"on {handler.Event}: the condition failed: {exception.Message}", why: traces);
                return false;
            }

            if (holds is not true)
            {
                AddJournal(JournalEntryKind.EventIgnored, message: $"on {handler.Event}: the condition is false", why: traces);
                return false;
            }
        }

        switch (handler.Action)
        {
            case EventHandlerAction.End:
                AddJournal(JournalEntryKind.EventHandled, message: $"on {handler.Event}: end", why: traces);
                EndInstance(InstanceStatus.Completed, handler.Outcome ?? handler.Event, $"event {handler.Event}");
                return true;
            case EventHandlerAction.GoTo:
                AddJournal(JournalEntryKind.EventHandled, message: $"on {handler.Event}: go to {handler.Activity}", why: traces);
                if (_suspension is not null)
                {
                    DropSuspension();
                }

                foreach (var execution in _executions.ToList())
                {
                    CancelExecution(execution, $"interrupted by {handler.Event}");
                }

                _agenda.Clear();
                _activityState.Clear();
                _agenda.AddLast(new WorkItem(handler.Activity!, null));
                await RunAgendaAsync();
                return true;
            default:
                if (_status == InstanceStatus.Suspended)
                {
                    AddJournal(JournalEntryKind.EventIgnored, message: $"on {handler.Event}: already suspended", why: traces);
                    return true;
                }

                AddJournal(JournalEntryKind.EventHandled, message: $"on {handler.Event}: suspend until {handler.Until}", why: traces);
                SuspendInstance(handler.Until!);
                return true;
        }
    }

    private async Task<IReadOnlyList<string>> OnTaskCompletionAsync(CompleteHumanTask completion)
    {
        var task = _tasks.FirstOrDefault(t => t.Id == completion.TaskId);
        if (task is null)
        {
            return [$"task {completion.TaskId} is not open in this instance"];
        }

        if (_status == InstanceStatus.Suspended)
        {
            return ["the instance is suspended: the task cannot be completed until it resumes"];
        }

        var errors = new List<string>();
        var values = HumanTaskForms.Validate(task, completion.Outcome, completion.Values, errors);
        if (errors.Count > 0)
        {
            return errors;
        }

        CloseTask(task, HumanTaskResolution.Completed, completion.Outcome, completion.CompletedBy, null);
        var execution = _executions.FirstOrDefault(e => e.Id == task.ExecutionId);
        if (execution is not null)
        {
            await ResumeAsync(execution, new TaskCompletedTrigger(task, completion.Outcome, values, completion.CompletedBy), $"task '{task.Title}' completed: {completion.Outcome}");
            await RunAgendaAsync();
        }

        return [];
    }

    // ----- operator actions ---------------------------------------------------------------------

    private async Task<IReadOnlyList<string>> OnOperatorInputAsync(OperatorInput action)
    {
        var by = action.By is null ? string.Empty : $" by {action.By}";
        switch (action)
        {
            case RetryActivity retry:
            {
                var execution = _executions.FirstOrDefault(e => e.Id == retry.ExecutionId);
                if (execution is not { Status: ExecutionStatus.Faulted or ExecutionStatus.AwaitingRetry })
                {
                    return [$"execution {retry.ExecutionId} is not a faulted step of the instance"];
                }

                AddJournal(JournalEntryKind.OperatorAction, execution, Model.Activity(execution.ActivityId), message: $"retry{by}: {action.Reason}");
                var orphans = Reopen();
                RemoveWaits(execution, cancelChild: true, "retried by an operator");
                execution.Attempt = 1;
                execution.Status = ExecutionStatus.Waiting;
                await ExecuteAsync(execution);
                await RestartAsync(orphans.Where(o => o != execution));
                await RunAgendaAsync();
                return [];
            }

            case SkipActivity skip:
            {
                var execution = _executions.FirstOrDefault(e => e.Id == skip.ExecutionId);
                if (execution is null)
                {
                    return [$"execution {skip.ExecutionId} is not a current step of the instance"];
                }

                var node = Model.Activity(execution.ActivityId);
                var ports = node is not null && _catalog.TryGet(node.Type, out var activity) ? ActivityPorts.Resolve(activity.Descriptor, node) : [];
                if (!ports.Contains(skip.Port, StringComparer.Ordinal))
                {
                    return [$"port: '{skip.Port}' is not a port of {execution.ActivityId} (expected one of: {string.Join(", ", ports)})"];
                }

                var orphans = Reopen();
                AddJournal(JournalEntryKind.OperatorAction, execution, node, port: skip.Port, message: $"skipped{by}: {action.Reason}");
                RemoveExecution(execution, cancelChild: true);
                foreach (var index in Model.Outgoing(execution.ActivityId, skip.Port))
                {
                    _agenda.AddLast(new WorkItem(Definition.Connections[index].Target.Activity, index));
                }

                await RestartAsync(orphans.Where(o => o != execution));
                await RunAgendaAsync();
                return [];
            }

            case MoveToActivity move:
                if (Model.Activity(move.ActivityId) is null)
                {
                    return [$"activityId: '{move.ActivityId}' is not an activity of {Definition}"];
                }

                Reopen();
                AddJournal(JournalEntryKind.OperatorAction, message: $"moved to {move.ActivityId}{by}: {action.Reason}");
                if (_suspension is not null)
                {
                    DropSuspension();
                }

                foreach (var execution in _executions.ToList())
                {
                    CancelExecution(execution, $"moved to {move.ActivityId} by an operator");
                }

                _agenda.Clear();
                _activityState.Clear();
                _agenda.AddLast(new WorkItem(move.ActivityId, null));
                await RunAgendaAsync();
                return [];

            case ChangeVariable change:
                var type = Model.VariableType(change.Name);
                if (type is null)
                {
                    return [Definition.Inputs.Any(i => i.Name == change.Name)
                        ? $"name: '{change.Name}' is an input of {Definition}: inputs are read-only"
                        : $"name: '{change.Name}' is not a variable of {Definition}"];
                }

                object? value;
                try
                {
                    value = WorkflowValues.Coerce(change.Value, type, change.Name);
                }
                catch (WorkflowValueException exception)
                {
                    return [$"value: {exception.Message}"];
                }

                var before = WorkflowValues.Render(_variables.GetValueOrDefault(change.Name));
                _variables[change.Name] = value;
                AddJournal(JournalEntryKind.OperatorAction, message: $"variable {change.Name}: {before} → {WorkflowValues.Render(value)}{by}: {action.Reason}");
                return [];

            default:
                throw new ArgumentException($"Unknown operator input {action.GetType().Name}.", nameof(action));
        }
    }

    /// <summary>
    /// Turns a faulted instance back into a running one: its event handlers listen again, and the steps whose waits
    /// the fault removed are returned so that the caller restarts them.
    /// </summary>
    private List<MutableExecution> Reopen()
    {
        if (_status != InstanceStatus.Faulted)
        {
            return [];
        }

        _status = InstanceStatus.Running;
        _finishedAt = null;
        _outcome = null;
        AddJournal(JournalEntryKind.InstanceResumed, message: "reopened by an operator after its fault");
        AddHandlerBookmarks();
        return [.. _executions.Where(e => e.Status == ExecutionStatus.Waiting && !HasWaits(e))];
    }

    private async Task RestartAsync(IEnumerable<MutableExecution> executions)
    {
        foreach (var execution in executions.ToList())
        {
            if (!IsFinished && _executions.Contains(execution))
            {
                await ExecuteAsync(execution);
            }
        }
    }

    private void AddHandlerBookmarks()
    {
        for (var i = 0; i < Definition.EventHandlers.Count; i++)
        {
            AddBookmark(new Bookmark
            {
                Id = NewId(),
                InstanceId = InstanceId,
                Kind = BookmarkKind.EventHandler,
                EventName = Definition.EventHandlers[i].Event,
                CorrelationKeys = CorrelationKeys,
                HandlerIndex = i,
                CreatedAt = Now,
            });
        }
    }

    // ----- migration ----------------------------------------------------------------------------

    /// <summary>
    /// Moves the instance onto <see cref="Definition"/> (a new version; the snapshot given to the runner already names it).
    /// A step whose mapping keeps its id and type keeps its waits; any other is cancelled and its target starts afresh.
    /// </summary>
    public async Task<StepResult> MigrateAsync(DefinitionModel from, IReadOnlyDictionary<string, string> mapping, string reason, string? by)
    {
        AddJournal(JournalEntryKind.OperatorAction, message: $"migrated from {from.Definition} to {Definition}{(by is null ? string.Empty : $" by {by}")}: {reason}");
        foreach (var bookmark in _bookmarks.Where(b => b.Kind == BookmarkKind.EventHandler).ToList())
        {
            RemoveBookmark(bookmark.Id);
        }

        AddHandlerBookmarks();
        var targets = new List<string>();
        foreach (var execution in _executions.ToList())
        {
            var target = mapping[execution.ActivityId];
            if (target == execution.ActivityId && from.Activity(target)?.Type == Model.Activity(target)?.Type)
            {
                continue;
            }

            AddJournal(JournalEntryKind.ActivityCancelled, execution, from.Activity(execution.ActivityId), message: $"migrated: continues at {target}");
            RemoveWaits(execution, cancelChild: true, "the instance was migrated to another version");
            _executions.Remove(execution);
            if (!targets.Contains(target))
            {
                targets.Add(target);
            }
        }

        foreach (var id in _activityState.Keys.Where(k => Model.Activity(k) is null).ToList())
        {
            _activityState.Remove(id);
        }

        foreach (var target in targets)
        {
            _agenda.AddLast(new WorkItem(target, null));
        }

        await RunAgendaAsync();
        return Finish(StepStatus.Applied);
    }

    // ----- execution ----------------------------------------------------------------------------

    private async Task RunAgendaAsync()
    {
        while (_agenda.First is { } first && !IsFinished)
        {
            _agenda.RemoveFirst();
            if (++_activitiesRun > _options.MaxActivitiesPerStep)
            {
                _agenda.Clear();
                FaultInstance($"the step ran more than {_options.MaxActivitiesPerStep} activities without waiting: a loop without a wait?");
                return;
            }

            var item = first.Value;
            _runs[item.ActivityId] = _runs.GetValueOrDefault(item.ActivityId) + 1;
            var execution = new MutableExecution
            {
                Id = NewId(),
                ActivityId = item.ActivityId,
                Number = _runs[item.ActivityId],
                IncomingConnection = item.ConnectionIndex,
                StartedAt = Now,
            };
            await ExecuteAsync(execution);
        }
    }

    private async Task ExecuteAsync(MutableExecution execution)
    {
        var node = Model.Activity(execution.ActivityId);
        if (node is null || !_catalog.TryGet(node.Type, out var activity))
        {
            var problem = node is null ? $"activity '{execution.ActivityId}' is not in the definition" : $"activity type '{node.Type}' is not in the catalog";
            HandleFault(execution, node, new InvalidOperationException(problem), [], canRetry: false);
            return;
        }

        AddJournal(JournalEntryKind.ActivityStarted, execution, node, message: execution.Attempt > 1 ? $"attempt {execution.Attempt}" : null);
        var context = new ActivityContext(this, node, activity.Descriptor, execution);
        ActivityResult result;
        try
        {
            result = await activity.ExecuteAsync(context, _cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            HandleFault(execution, node, exception, context.Traces, canRetry: true);
            return;
        }

        Apply(execution, node, context, result);
    }

    private async Task ResumeAsync(MutableExecution execution, ResumeTrigger trigger, string reason)
    {
        var node = Model.Activity(execution.ActivityId)!;
        if (!_catalog.TryGet(node.Type, out var activity) || activity is not IResumableActivity resumable)
        {
            HandleFault(execution, node, new InvalidOperationException($"activity type '{node.Type}' cannot be resumed"), [], canRetry: false);
            return;
        }

        AddJournal(JournalEntryKind.ActivityResumed, execution, node, message: reason);
        var context = new ActivityContext(this, node, activity.Descriptor, execution);
        ActivityResult result;
        try
        {
            result = await resumable.ResumeAsync(context, trigger, _cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            HandleFault(execution, node, exception, context.Traces, canRetry: false);
            return;
        }

        Apply(execution, node, context, result);
    }

    private void Apply(MutableExecution execution, ActivityNode node, ActivityContext context, ActivityResult result)
    {
        try
        {
            foreach (var (output, variable) in node.Outputs)
            {
                if (result.Outputs.TryGetValue(output, out var value))
                {
                    var type = Model.VariableType(variable) ?? throw new InvalidOperationException($"output '{output}' maps to '{variable}', which is not a variable");
                    context.SetVariable(variable, WorkflowValues.Coerce(value, type, $"outputs.{output}"));
                }
            }

            if (result.Kind == ActivityResultKind.Suspend && !context.CreatedWaits && !HasWaits(execution))
            {
                throw new InvalidOperationException("the activity suspended without waiting for anything");
            }
        }
        catch (Exception exception) when (exception is WorkflowValueException or InvalidOperationException)
        {
            HandleFault(execution, node, exception, context.Traces, canRetry: false);
            return;
        }

        context.Commit();
        switch (result.Kind)
        {
            case ActivityResultKind.Suspend:
                execution.Status = ExecutionStatus.Waiting;
                if (!_executions.Contains(execution))
                {
                    _executions.Add(execution);
                }

                AddJournal(JournalEntryKind.ActivitySuspended, execution, node, why: context.Traces, notes: context.Notes);
                break;
            case ActivityResultKind.Complete:
                AddJournal(JournalEntryKind.ActivityCompleted, execution, node, port: string.Join(", ", result.Ports), why: context.Traces, notes: context.Notes);
                RemoveExecution(execution, cancelChild: false);
                foreach (var port in result.Ports)
                {
                    foreach (var index in Model.Outgoing(node.Id, port))
                    {
                        _agenda.AddLast(new WorkItem(Definition.Connections[index].Target.Activity, index));
                    }
                }

                break;
            case ActivityResultKind.EndBranch:
                AddJournal(JournalEntryKind.ActivityCompleted, execution, node, message: result.Outcome ?? "branch ended", why: context.Traces, notes: context.Notes);
                RemoveExecution(execution, cancelChild: false);
                break;
            case ActivityResultKind.EndWorkflow:
                AddJournal(JournalEntryKind.ActivityCompleted, execution, node, message: result.Outcome is null ? "end" : $"end: {result.Outcome}", why: context.Traces, notes: context.Notes);
                RemoveExecution(execution, cancelChild: false);
                EndInstance(InstanceStatus.Completed, result.Outcome, $"end activity {node.Id}");
                break;
        }
    }

    private void HandleFault(MutableExecution execution, ActivityNode? node, Exception exception, IReadOnlyList<EvaluationTrace> traces, bool canRetry)
    {
        var activityId = execution.ActivityId;
        AddJournal(JournalEntryKind.ActivityFaulted, execution, node, message: exception.Message, why: traces);
        RemoveWaits(execution, cancelChild: true, reason: "the activity faulted");
        IncidentResolution resolution;
        if (canRetry && node?.Retry is { } retry && execution.Attempt < retry.MaxAttempts)
        {
            resolution = IncidentResolution.Retrying;
            execution.Status = ExecutionStatus.AwaitingRetry;
            if (!_executions.Contains(execution))
            {
                _executions.Add(execution);
            }

            AddTimer(new WorkflowTimer
            {
                Id = NewId(),
                InstanceId = InstanceId,
                DueAt = Now + retry.DelayAfter(execution.Attempt),
                Purpose = TimerPurpose.Retry,
                ExecutionId = execution.Id,
                ActivityId = activityId,
                Tag = "retry",
            });
        }
        else if (Definition.IncidentStrategy == IncidentStrategy.Fault)
        {
            resolution = IncidentResolution.InstanceFaulted;
            execution.Status = ExecutionStatus.Faulted;
            if (!_executions.Contains(execution))
            {
                _executions.Add(execution);
            }
        }
        else
        {
            resolution = IncidentResolution.BranchEnded;
            _executions.Remove(execution);
        }

        _incidents.Add(new Incident(NewId(), InstanceId, activityId, execution.Id, execution.Attempt, exception.Message, exception.GetType().Name, resolution, Now));
        if (resolution == IncidentResolution.InstanceFaulted)
        {
            FaultInstance($"activity {activityId} failed: {exception.Message}");
        }
    }

    private void FaultInstance(string reason)
    {
        _agenda.Clear();
        foreach (var execution in _executions)
        {
            RemoveWaits(execution, cancelChild: true, reason: "the instance faulted");
        }

        EndInstance(InstanceStatus.Faulted, "Faulted", reason);
    }

    private void EndInstance(InstanceStatus status, string? outcome, string reason, bool notifyParent = true)
    {
        if (IsFinished)
        {
            return;
        }

        _agenda.Clear();
        if (status != InstanceStatus.Faulted)
        {
            foreach (var execution in _executions.ToList())
            {
                CancelExecution(execution, status == InstanceStatus.Cancelled ? reason : "the instance ended");
            }
        }

        foreach (var bookmark in _bookmarks.ToList())
        {
            RemoveBookmark(bookmark.Id);
        }

        foreach (var timer in _timers.ToList())
        {
            RemoveTimer(timer.Id);
        }

        foreach (var task in _tasks.ToList())
        {
            CloseTask(task, HumanTaskResolution.Cancelled, null, null, "the instance ended");
        }

        _suspension = null;
        _status = status;
        _outcome = outcome;
        _finishedAt = Now;
        var kind = status switch
        {
            InstanceStatus.Completed => JournalEntryKind.InstanceCompleted,
            InstanceStatus.Faulted => JournalEntryKind.InstanceFaulted,
            _ => JournalEntryKind.InstanceCancelled,
        };
        AddJournal(kind, message: outcome is null ? reason : $"{outcome}: {reason}");
        if (_original.Parent is not null && notifyParent)
        {
            var payload = new Dictionary<string, object?>
            {
                ["status"] = status.ToString(),
                ["outcome"] = outcome,
                ["variables"] = new Dictionary<string, object?>(_variables, StringComparer.Ordinal),
            };
            _stimuliToPublish.Add(new Stimulus(
                Stimulus.ChildCompletedEvent,
                new Dictionary<string, string> { [Stimulus.InstanceKey] = InstanceId.ToString() },
                $"{InstanceId}:finished",
                WorkflowValues.ToJsonElement(payload),
                Now));
        }
    }

    private void SuspendInstance(string resumeEvent)
    {
        var parkedBookmarks = _bookmarks.Where(b => b.Kind == BookmarkKind.Activity).ToList();
        var parkedTimers = _timers.ToList();
        foreach (var bookmark in parkedBookmarks)
        {
            RemoveBookmark(bookmark.Id);
        }

        foreach (var timer in parkedTimers)
        {
            RemoveTimer(timer.Id);
        }

        AddBookmark(new Bookmark
        {
            Id = NewId(),
            InstanceId = InstanceId,
            Kind = BookmarkKind.Resume,
            EventName = resumeEvent,
            CorrelationKeys = CorrelationKeys,
            CreatedAt = Now,
        });
        _suspension = new SuspensionState(Now, resumeEvent, parkedBookmarks, parkedTimers);
        _status = InstanceStatus.Suspended;
        AddJournal(JournalEntryKind.InstanceSuspended, message: $"waits parked until {resumeEvent}");
    }

    private void ResumeInstance(Bookmark resume, Stimulus stimulus)
    {
        var suspension = _suspension!;
        var shift = Now - suspension.Since;
        RemoveBookmark(resume.Id);
        foreach (var bookmark in suspension.ParkedBookmarks)
        {
            AddBookmark(bookmark);
        }

        foreach (var timer in suspension.ParkedTimers)
        {
            AddTimer(timer with { DueAt = timer.DueAt + shift });
        }

        _suspension = null;
        _status = InstanceStatus.Running;
        AddJournal(JournalEntryKind.InstanceResumed, message: $"{stimulus.EventName} resumed the instance; its timers moved by {shift.TotalDays:0.##} days");
    }

    private void DropSuspension()
    {
        foreach (var bookmark in _bookmarks.Where(b => b.Kind == BookmarkKind.Resume).ToList())
        {
            RemoveBookmark(bookmark.Id);
        }

        _suspension = null;
        _status = InstanceStatus.Running;
    }

    // ----- joins --------------------------------------------------------------------------------

    /// <summary>Whether any token (waiting or scheduled) other than <paramref name="current"/> may still arrive at the activity.</summary>
    public bool HasPendingWorkReaching(string activityId, Guid current) =>
        _executions.Any(e => e.Id != current && Model.CanReach(e.ActivityId, activityId))
        || _agenda.Any(w => w.ActivityId == activityId || Model.CanReach(w.ActivityId, activityId));

    /// <summary>Cancels every token that could still arrive at the activity (first-wins join).</summary>
    public int CancelWorkReaching(string activityId, Guid current)
    {
        var cancelled = 0;
        foreach (var execution in _executions.Where(e => e.Id != current && Model.CanReach(e.ActivityId, activityId)).ToList())
        {
            CancelExecution(execution, $"another branch reached {activityId} first");
            cancelled++;
        }

        for (var node = _agenda.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.ActivityId == activityId || Model.CanReach(node.Value.ActivityId, activityId))
            {
                _agenda.Remove(node);
                cancelled++;
            }

            node = next;
        }

        return cancelled;
    }

    public Dictionary<string, string> ActivityStateOf(string activityId)
    {
        if (!_activityState.TryGetValue(activityId, out var state))
        {
            _activityState[activityId] = state = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        return state;
    }

    // ----- waits and changes --------------------------------------------------------------------

    public Guid NewId() => DeterministicIds.Create(InstanceId, ++_sequence, Now);

    public void AddBookmark(Bookmark bookmark)
    {
        _bookmarks.Add(bookmark);
        if (!_bookmarksRemoved.Remove(bookmark.Id))
        {
            _bookmarksAdded.Add(bookmark);
        }
    }

    public void RemoveBookmark(Guid id)
    {
        if (_bookmarks.RemoveAll(b => b.Id == id) == 0)
        {
            return;
        }

        if (_bookmarksAdded.RemoveAll(b => b.Id == id) == 0)
        {
            _bookmarksRemoved.Add(id);
        }
    }

    public void AddTimer(WorkflowTimer timer)
    {
        _timers.Add(timer);
        if (!_timersRemoved.Remove(timer.Id))
        {
            _timersAdded.Add(timer);
        }
    }

    public void RemoveTimer(Guid id)
    {
        if (_timers.RemoveAll(t => t.Id == id) == 0)
        {
            return;
        }

        if (_timersAdded.RemoveAll(t => t.Id == id) == 0)
        {
            _timersRemoved.Add(id);
        }
    }

    public void AddTask(HumanTask task)
    {
        _tasks.Add(task);
        _tasksCreated.Add(task);
    }

    public void CloseTask(HumanTask task, HumanTaskResolution resolution, string? outcome, string? closedBy, string? reason)
    {
        if (_tasks.Remove(task))
        {
            _tasksClosed.Add(new HumanTaskClosed(task.Id, resolution, Now, outcome, closedBy, reason));
        }
    }

    public HumanTask? FindTask(Guid id) => _tasks.FirstOrDefault(t => t.Id == id);

    public void AddEffect(EffectCommand effect) => _effects.Add(effect);

    public void AddChild(ChildWorkflowRequest request) => _childrenToStart.Add(request);

    public void SetVariable(string name, object? value) => _variables[name] = value;

    private void Consume(string messageId)
    {
        _consumedMessageId = messageId;
        _consumed.Add(messageId);
        if (_consumed.Count > _options.ConsumedMessageIdsKept)
        {
            _consumed.RemoveRange(0, _consumed.Count - _options.ConsumedMessageIdsKept);
        }
    }

    private bool HasWaits(MutableExecution execution) =>
        _bookmarks.Any(b => b.ExecutionId == execution.Id) || _timers.Any(t => t.ExecutionId == execution.Id) || _tasks.Any(t => t.ExecutionId == execution.Id);

    private void RemoveExecution(MutableExecution execution, bool cancelChild)
    {
        RemoveWaits(execution, cancelChild, "the activity completed");
        _executions.Remove(execution);
    }

    private void CancelExecution(MutableExecution execution, string reason)
    {
        var node = Model.Activity(execution.ActivityId);
        AddJournal(JournalEntryKind.ActivityCancelled, execution, node, message: reason);
        RemoveWaits(execution, cancelChild: true, reason);
        _executions.Remove(execution);
    }

    private void RemoveWaits(MutableExecution execution, bool cancelChild, string reason)
    {
        foreach (var bookmark in _bookmarks.Where(b => b.ExecutionId == execution.Id).ToList())
        {
            RemoveBookmark(bookmark.Id);
        }

        foreach (var timer in _timers.Where(t => t.ExecutionId == execution.Id).ToList())
        {
            RemoveTimer(timer.Id);
        }

        foreach (var task in _tasks.Where(t => t.ExecutionId == execution.Id).ToList())
        {
            CloseTask(task, HumanTaskResolution.Cancelled, null, null, reason);
        }

        if (_suspension is not null)
        {
            _suspension = _suspension with
            {
                ParkedBookmarks = [.. _suspension.ParkedBookmarks.Where(b => b.ExecutionId != execution.Id)],
                ParkedTimers = [.. _suspension.ParkedTimers.Where(t => t.ExecutionId != execution.Id)],
            };
        }

        if (cancelChild && execution.State.Remove(ChildStateKey, out var child) && Guid.TryParse(child, out var childId))
        {
            _childrenToCancel.Add(childId);
        }
    }

    private void AddJournal(
        JournalEntryKind kind,
        MutableExecution? execution = null,
        ActivityNode? node = null,
        string? port = null,
        string? message = null,
        IReadOnlyList<EvaluationTrace>? why = null,
        IReadOnlyList<string>? notes = null) =>
        _journal.Add(new JournalEntry
        {
            InstanceId = InstanceId,
            Sequence = ++_journalSequence,
            At = Now,
            Kind = kind,
            ActivityId = execution?.ActivityId ?? node?.Id,
            ActivityType = node?.Type,
            ExecutionId = execution?.Id,
            Port = port,
            Message = message,
            Why = why is null ? [] : [.. why],
            Notes = notes is null ? [] : [.. notes],
        });

    // ----- expressions --------------------------------------------------------------------------

    /// <summary>Evaluates an expression of the definition and records what it read in <paramref name="traces"/>.</summary>
    public object? Evaluate(string text, WorkflowType expected, string path, List<EvaluationTrace> traces, WorkflowType? eventType = null, object? eventValue = null, IReadOnlyDictionary<string, object?>? pendingVariables = null)
    {
        var scopeTypes = eventType is null ? Model.ScopeTypes : DefinitionModel.BuildScope(Definition, eventType);
        var compiled = eventType is null ? Model.Expressions.Get(text, scopeTypes, expected) : ExpressionCompiler.Compile(text, scopeTypes, expected);
        if (!compiled.Success)
        {
            var first = compiled.Diagnostics[0];
            throw new ExpressionException($"{path}: {first.Message}", first.Line, first.Column);
        }

        var scope = new InstanceScope(this, eventType is null ? null : eventValue, eventType is not null, pendingVariables);
        var result = compiled.Evaluate(scope, new EvaluationOptions(Today, Calendar, _options.ExpressionStepBudget));
        var value = expected.Kind == WorkflowTypeKind.Any ? result.Value : WorkflowValues.Coerce(result.Value, expected, path);
        traces.Add(new EvaluationTrace(path, text, result.Reads, WorkflowValues.Render(value)));
        return value;
    }

    private sealed class InstanceScope(StepRunner runner, object? eventValue, bool hasEvent, IReadOnlyDictionary<string, object?>? pending) : IExpressionScope
    {
        public bool TryGetValue(string name, out object? value)
        {
            if (hasEvent && name == "event")
            {
                value = eventValue;
                return true;
            }

            if (pending is not null && pending.TryGetValue(name, out value))
            {
                return true;
            }

            return runner._variables.TryGetValue(name, out value) || runner.Inputs.TryGetValue(name, out value);
        }
    }
}
