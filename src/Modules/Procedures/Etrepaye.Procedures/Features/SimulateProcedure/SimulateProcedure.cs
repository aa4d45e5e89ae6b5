using System.Text.Json;
using Etrepaye.Access.Contracts;
using Etrepaye.Collection.Contracts;
using Etrepaye.Procedures.Catalog;
using Etrepaye.Procedures.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Calendars;
using Etrepaye.Workflows.Persistence;
using Etrepaye.Workflows.Runtime;
using Etrepaye.Workflows.Simulation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.SimulateProcedure;

/// <summary>A dated happening: an event published (Event), or a person completing the open task of an activity (TaskActivityId and Outcome).</summary>
/// <param name="Event">The event's name (InvoicePaid, PromiseMade, DisputeOpened…), correlated with the scenario's keys unless CorrelationKeys is given.</param>
/// <param name="Payload">The event's payload (its fields are read by handler conditions and wait-for-event outputs).</param>
/// <param name="TaskActivityId">The human-task activity whose open task is completed.</param>
/// <param name="Values">The task form's values.</param>
public sealed record ScenarioEventRequest(
    DateTimeOffset At, string? Event, JsonElement? Payload, IReadOnlyDictionary<string, string>? CorrelationKeys, string? TaskActivityId, string? Outcome,
    JsonElement? Values, string? CompletedBy);

/// <param name="Version">The published version to run; the draft when omitted.</param>
/// <param name="StartAt">The virtual instant the instance starts at.</param>
/// <param name="Inputs">The procedure's start inputs (a JSON object by input name).</param>
/// <param name="CorrelationKeys">The instance's keys; company is always this company.</param>
/// <param name="TimeZone">IANA time zone in which dates become instants (the company's when omitted).</param>
/// <param name="Calendar">Business calendar id: FR or weekdays (the company's own calendar, with its closed days, when omitted).</param>
/// <param name="Until">Stop there even if timers are still pending.</param>
/// <param name="Customer">The customer and open invoices the letters are written about; without it reminders show their payload only.</param>
public sealed record SimulateProcedureRequest(
    int? Version, DateTimeOffset StartAt, JsonElement? Inputs, IReadOnlyDictionary<string, string>? CorrelationKeys, string? TimeZone, string? Calendar,
    IReadOnlyList<ScenarioEventRequest>? Events, DateTimeOffset? Until, SimulationCustomerRequest? Customer = null);

/// <summary>A sample customer: nothing is read from the ledger.</summary>
/// <param name="Language">fr or en: the letters' language when the activity names none.</param>
/// <param name="Email">Without one, a reminder by e-mail goes by letter.</param>
public sealed record SimulationCustomerRequest(string Reference, string Name, string? Language, string? Email, IReadOnlyList<SimulationInvoiceRequest>? Invoices);

/// <param name="Amount">What is still open on the invoice.</param>
public sealed record SimulationInvoiceRequest(string Reference, DateOnly? IssueDate, DateOnly DueDate, decimal Amount, string? Currency);

/// <param name="Kind">Instance, Activity, Event, Effect, TaskCreated, TaskClosed or Incident.</param>
public sealed record TimelineEntryResponse(DateTimeOffset At, string Kind, string? ActivityId, string Description);

/// <param name="Kind">The journal entry: ActivityStarted, ActivitySuspended, ActivityCompleted, InstanceCompleted…</param>
/// <param name="Port">The port an activity completed through.</param>
public sealed record StepResponse(DateTimeOffset At, string Kind, string? ActivityId, string? ActivityType, string? Port, string? Message);

/// <param name="Type">The effect asked for (letter.send, email.send, agency.handover…): recorded, never performed.</param>
/// <param name="Subject">A message's subject, rendered with the company's templates for the scenario's customer (when the scenario gives one).</param>
/// <param name="Text">A message's text, rendered likewise.</param>
public sealed record EffectResponse(DateTimeOffset At, string ActivityId, string Type, JsonElement Payload, string IdempotencyKey, string? Subject = null, string? Text = null);

public sealed record TaskResponse(DateTimeOffset CreatedAt, string ActivityId, string Title, string? Role, string? Assignee, DateOnly? DueDate, string Priority, IReadOnlyList<string> Outcomes);

/// <param name="ActivityId">The task or wait that ran out of time; the procedure continued through its Timeout port.</param>
public sealed record EscalationResponse(DateTimeOffset At, string ActivityId, string? ActivityType);

/// <param name="Status">Where the instance stands at the end: Running (still waiting), Suspended, Completed, Faulted or Cancelled.</param>
/// <param name="Steps">The journal, in order: what ran, when, through which port.</param>
/// <param name="Warnings">Scenario events that did nothing (no open task, a rejected completion).</param>
public sealed record SimulationResponse(
    string Status, string? Outcome, IReadOnlyList<TimelineEntryResponse> Timeline, IReadOnlyList<StepResponse> Steps, IReadOnlyList<EffectResponse> Effects,
    IReadOnlyList<TaskResponse> Tasks, IReadOnlyList<EscalationResponse> Escalations, IReadOnlyList<string> Warnings);

internal sealed record SimulateProcedureQuery(Guid ProcedureId, SimulateProcedureRequest Scenario) : IQuery<SimulationResponse>;

internal sealed class SimulateProcedureValidator : AbstractValidator<SimulateProcedureQuery>
{
    public SimulateProcedureValidator()
    {
        RuleFor(q => q.Scenario.Version).GreaterThan(0).OverridePropertyName("version");
        RuleFor(q => q.Scenario.StartAt).NotEmpty().OverridePropertyName("startAt");
        RuleFor(q => q.Scenario.Inputs!.Value.ValueKind).Equal(JsonValueKind.Object).WithMessage("inputs is a JSON object by input name.")
            .OverridePropertyName("inputs").When(q => q.Scenario.Inputs is { ValueKind: not JsonValueKind.Null });
        RuleFor(q => q.Scenario.Customer!.Reference).NotEmpty().MaximumLength(100).OverridePropertyName("customer.reference").When(q => q.Scenario.Customer is not null);
        RuleFor(q => q.Scenario.Customer!.Name).NotEmpty().MaximumLength(200).OverridePropertyName("customer.name").When(q => q.Scenario.Customer is not null);
        RuleFor(q => q.Scenario.Customer!.Language).Must(l => l is null or "fr" or "en").WithMessage("fr or en.")
            .OverridePropertyName("customer.language").When(q => q.Scenario.Customer is not null);
        RuleFor(q => q.Scenario.Customer!.Invoices).Must(i => i is null || i.Count <= 100).WithMessage("At most 100 invoices.")
            .OverridePropertyName("customer.invoices").When(q => q.Scenario.Customer is not null);
        RuleForEach(q => q.Scenario.Customer!.Invoices).ChildRules(i =>
        {
            i.RuleFor(x => x.Reference).NotEmpty().MaximumLength(100);
            i.RuleFor(x => x.Amount).GreaterThan(0);
            i.RuleFor(x => x.Currency).Matches("^[A-Z]{3}$").When(x => x.Currency is not null);
        }).OverridePropertyName("customer.invoices").When(q => q.Scenario.Customer is not null);
        RuleFor(q => q.Scenario.Events).Must(e => e is null || e.Count <= 1000).WithMessage("At most 1000 events.").OverridePropertyName("events");
        RuleForEach(q => q.Scenario.Events).ChildRules(e =>
        {
            e.RuleFor(x => x.Event).NotEmpty().When(x => x.TaskActivityId is null).WithMessage("Give an event name, or a task activity id and an outcome.");
            e.RuleFor(x => x.Outcome).NotEmpty().When(x => x.TaskActivityId is not null);
        }).OverridePropertyName("events");
    }
}

internal sealed class SimulateProcedureHandler(
    ProceduresDbContext db, DefinitionChecker checker, ProcedureDefinitionProvider procedures, ActivityCatalog catalog, ICalendarProvider calendars, ICompanyClock clock,
    IMessagePreview messages, RequestContext requestContext) : IRequestHandler<SimulateProcedureQuery, SimulationResponse>
{
    public async Task<SimulationResponse> Handle(SimulateProcedureQuery query, CancellationToken cancellationToken)
    {
        var scenario = query.Scenario;
        var source = await ProcedureSources.LoadExactAsync(db, query.ProcedureId, scenario.Version, cancellationToken);
        var definition = source.Version is null
            ? DefinitionChecker.Identify(source.Definition, source.ProcedureId, (await db.Procedures.AsNoTracking().SingleAsync(p => p.Id == source.ProcedureId, cancellationToken)).LatestVersion + 1)
            : source.Definition;
        var problems = checker.Validate(definition, requestContext.CompanyId);
        if (problems.Count > 0)
        {
            throw new BusinessRuleException(
                "definition-invalid", $"The {source.What} has {problems.Count} validation problem(s): fix them before simulating.", null,
                new Dictionary<string, object?> { ["problems"] = DefinitionProblemResponse.From(problems) });
        }

        var keys = new Dictionary<string, string>(scenario.CorrelationKeys ?? new Dictionary<string, string>())
        {
            [WorkflowCorrelation.CompanyKey] = requestContext.CompanyId.ToString(),
        };
        var schedule = await clock.DayAsync(requestContext.CompanyId, cancellationToken);
        var runner = new SimulationRunner(catalog, calendars, new CompanyDefinitionProvider(procedures, requestContext.CompanyId, definition));
        SimulationTimeline timeline;
        try
        {
            timeline = await runner.RunAsync(new SimulationScenario
            {
                DefinitionId = definition.DefinitionId,
                Version = definition.Version,
                StartAt = scenario.StartAt,
                Inputs = Inputs(scenario.Inputs),
                CorrelationKeys = keys,
                CalendarId = scenario.Calendar ?? schedule.CalendarId,
                TimeZoneId = scenario.TimeZone ?? schedule.TimeZone,
                Until = scenario.Until,
                Events = [.. (scenario.Events ?? []).Select(Event)],
            }, cancellationToken);
        }
        catch (Exception exception) when (exception is WorkflowInputException or ArgumentException or KeyNotFoundException)
        {
            throw new BusinessRuleException("scenario-invalid", $"The scenario cannot start the procedure: {exception.Message}", "inputs");
        }

        var response = ToResponse(timeline);
        return scenario.Customer is null ? response : response with { Effects = await RenderMessagesAsync(response.Effects, scenario.Customer, scenario.TimeZone ?? schedule.TimeZone, cancellationToken) };
    }

    private async Task<IReadOnlyList<EffectResponse>> RenderMessagesAsync(
        IReadOnlyList<EffectResponse> effects, SimulationCustomerRequest customer, string timeZoneId, CancellationToken cancellationToken)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var rendered = new List<EffectResponse>(effects.Count);
        foreach (var effect in effects)
        {
            var sample = new SampleCaseDto(
                customer.Reference, customer.Name, customer.Language, customer.Email, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(effect.At, zone).DateTime),
                [.. (customer.Invoices ?? []).Select(i => new SampleInvoiceDto(i.Reference, i.IssueDate ?? i.DueDate.AddDays(-30), i.DueDate, i.Amount, i.Currency ?? "EUR"))]);
            var message = await messages.PreviewEffectAsync(effect.Type, effect.Payload, sample, cancellationToken);
            rendered.Add(message is null ? effect : effect with { Subject = message.Subject, Text = message.Text });
        }

        return rendered;
    }

    internal static SimulationResponse ToResponse(SimulationTimeline timeline) => new(
        timeline.FinalState.Status.ToString(),
        timeline.FinalState.Outcome,
        [.. timeline.Entries.Select(e => new TimelineEntryResponse(e.At, e.Kind.ToString(), e.ActivityId, e.Description))],
        [.. timeline.Journal.Select(j => new StepResponse(j.At, j.Kind.ToString(), j.ActivityId, j.ActivityType, j.Port, j.Message))],
        [.. timeline.Effects.Select(e => new EffectResponse(e.RequestedAt, e.ActivityId, e.EffectType, e.Payload, e.IdempotencyKey))],
        [.. timeline.Tasks.Select(t => new TaskResponse(t.CreatedAt, t.ActivityId, t.Title, t.Role, t.Assignee, t.DueDate, t.Priority.ToString(), t.Outcomes))],
        [.. timeline.Journal.Where(j => j.Kind == JournalEntryKind.ActivityCompleted && j.Port == "Timeout" && j.ActivityId is not null)
            .Select(j => new EscalationResponse(j.At, j.ActivityId!, j.ActivityType))],
        timeline.Warnings);

    private static Dictionary<string, object?> Inputs(JsonElement? inputs) =>
        inputs is { ValueKind: JsonValueKind.Object } values
            ? values.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone())
            : [];

    private static ScenarioEvent Event(ScenarioEventRequest e, int index) => e.TaskActivityId is { } activity
        ? new ScenarioTaskCompletion(e.At, activity, e.Outcome!, Inputs(e.Values), e.CompletedBy)
        : new ScenarioStimulus(e.At, e.Event!, e.Payload is { ValueKind: not JsonValueKind.Null } payload ? payload.Clone() : null, e.CorrelationKeys, $"scenario-{index}");
}

internal static class SimulateProcedureEndpoint
{
    public static void MapSimulateProcedure(this RouteGroupBuilder procedures) =>
        procedures.MapPost("{procedureId:guid}/simulate", (Guid procedureId, SimulateProcedureRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new SimulateProcedureQuery(procedureId, r), cancellationToken))
            .WithName("SimulateProcedure")
            .WithSummary("Runs a version (or the draft) on virtual time over a scenario (start inputs and dated events) with the engine's simulation runner, and returns the timeline: steps, effects asked for, tasks and escalations, with their dates. Nothing is sent and nothing is written.")
            .RequireCompanyRoles(CompanyRoles.Writers)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
