using System.Globalization;
using System.Text.Json;
using Etrepaye.Access.Contracts;
using Etrepaye.Procedures.Catalog;
using Etrepaye.Procedures.Data;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Calendars;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Persistence;
using Etrepaye.Workflows.Runtime;
using Etrepaye.Workflows.Simulation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.BacktestProcedure;

/// <param name="Version">The published version to replay; the draft when omitted.</param>
/// <param name="From">The first due date of the invoices replayed.</param>
/// <param name="To">The last due date of the invoices replayed.</param>
/// <param name="HorizonDays">Days after <paramref name="To"/> the replay goes on (90 by default): a case still open then counts as open.</param>
public sealed record BacktestProcedureRequest(int? Version, DateOnly From, DateOnly To, int? HorizonDays);

/// <param name="Average">Mean days from the due date to the end of the case (or the horizon).</param>
public sealed record DaysOpenResponse(double Average, double Median, int Max);

/// <param name="Cases">One case per invoice due in the range and not settled by its due date, started at its issue date.</param>
/// <param name="PaidOnTime">Invoices due in the range and settled on or before their due date: no case, as in the Collection module.</param>
/// <param name="Disputed">Invoices due in the range, not settled by their due date and recorded as disputed: not replayed, as the
/// Collection module leaves disputed amounts out of reminders, interest and formal notices until the dispute ends.</param>
/// <param name="Outcomes">Cases by how they ended (Running: still open at the horizon).</param>
/// <param name="Steps">Completions per activity id.</param>
/// <param name="Effects">Effects asked for, by type (letters, e-mails, handovers…): recorded, never performed.</param>
/// <param name="Tasks">Human tasks created, by activity id.</param>
/// <param name="Escalations">Waits and tasks that ran out of time (completed through their Timeout port).</param>
/// <param name="AgencyHandovers">Effects whose type names an agency.</param>
/// <param name="Skipped">Invoices that could not be replayed, with the reason.</param>
public sealed record BacktestResponse(
    DateOnly From, DateOnly To, DateOnly Horizon, int Cases, int PaidOnTime, int Disputed, IReadOnlyDictionary<string, int> Outcomes, IReadOnlyDictionary<string, int> Steps,
    IReadOnlyDictionary<string, int> Effects, IReadOnlyDictionary<string, int> Tasks, int Escalations, int AgencyHandovers, DaysOpenResponse DaysOpen,
    IReadOnlyList<string> Skipped);

internal sealed record BacktestProcedureQuery(Guid ProcedureId, BacktestProcedureRequest Request) : IQuery<BacktestResponse>;

internal sealed class BacktestProcedureValidator : AbstractValidator<BacktestProcedureQuery>
{
    public BacktestProcedureValidator()
    {
        RuleFor(q => q.Request.Version).GreaterThan(0).OverridePropertyName("version");
        RuleFor(q => q.Request.From).NotEmpty().OverridePropertyName("from");
        RuleFor(q => q.Request.To).NotEmpty().GreaterThanOrEqualTo(q => q.Request.From).WithMessage("to is on or after from.").OverridePropertyName("to");
        RuleFor(q => q.Request.To).Must((q, to) => to.DayNumber - q.Request.From.DayNumber <= 3 * 366).WithMessage("At most three years at once.").OverridePropertyName("to");
        RuleFor(q => q.Request.HorizonDays).InclusiveBetween(0, 730).OverridePropertyName("horizonDays");
    }
}

/// <summary>
/// Replays a procedure over the company's recorded history, on virtual time and in memory: one case per
/// invoice due in the range that was not settled by its due date (the Collection module opens a case when
/// an invoice becomes overdue), started at its issue date with the invoice as input, and paid (an
/// <c>InvoicePaid</c> event correlated by the invoice's reference) on the day it was settled. Nothing is
/// sent and nothing is written.
/// </summary>
internal sealed class BacktestProcedureHandler(
    ProceduresDbContext db, DefinitionChecker checker, ProcedureDefinitionProvider procedures, ActivityCatalog catalog, ICalendarProvider calendars, ICompanyClock clock,
    IReceivablesQueries receivables, RequestContext requestContext) : IRequestHandler<BacktestProcedureQuery, BacktestResponse>
{
    private const int MaxInvoices = 20_000;

    public async Task<BacktestResponse> Handle(BacktestProcedureQuery query, CancellationToken cancellationToken)
    {
        var request = query.Request;
        var source = await ProcedureSources.LoadExactAsync(db, query.ProcedureId, request.Version, cancellationToken);
        var definition = source.Version is null
            ? DefinitionChecker.Identify(source.Definition, source.ProcedureId, (await db.Procedures.AsNoTracking().SingleAsync(p => p.Id == source.ProcedureId, cancellationToken)).LatestVersion + 1)
            : source.Definition;
        if (checker.Validate(definition, requestContext.CompanyId) is { Count: > 0 } problems)
        {
            throw new BusinessRuleException("definition-invalid", $"The {source.What} has {problems.Count} validation problem(s): fix them before back-testing.", null);
        }

        var invoices = await receivables.ListInvoicesDueAsync(request.From, request.To, cancellationToken);
        if (invoices.Count > MaxInvoices)
        {
            throw new BusinessRuleException("backtest-too-large", $"{invoices.Count} invoices are due in the range; back-test at most {MaxInvoices} at once.", "to");
        }

        var horizon = request.To.AddDays(request.HorizonDays ?? 90);
        var until = new DateTimeOffset(horizon.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero);
        var schedule = await clock.DayAsync(requestContext.CompanyId, cancellationToken);
        var runner = new SimulationRunner(catalog, calendars, new CompanyDefinitionProvider(procedures, requestContext.CompanyId, definition));
        var tally = new Tally();
        foreach (var invoice in invoices)
        {
            if (invoice.SettledDate is { } paid && paid <= invoice.DueDate)
            {
                tally.PaidOnTime++;
                continue;
            }

            // The ledger records that an invoice was disputed, not when the dispute began or ended: it is left out whole.
            if (invoice.Disputed)
            {
                tally.Disputed++;
                continue;
            }

            var keys = new Dictionary<string, string>
            {
                [WorkflowCorrelation.CompanyKey] = requestContext.CompanyId.ToString(),
                ["customer"] = invoice.CustomerId.ToString(),
                ["invoice"] = invoice.Reference,
                // Collection activities read their case from this key: each replayed invoice stands for its own case.
                ["case"] = invoice.InvoiceId.ToString(),
            };
            List<ScenarioEvent> events = invoice.SettledDate is { } settled && settled <= horizon
                ? [new ScenarioStimulus(Instant(settled), "InvoicePaid", null, keys, $"backtest-paid-{invoice.InvoiceId}")]
                : [];
            try
            {
                var timeline = await runner.RunAsync(new SimulationScenario
                {
                    DefinitionId = definition.DefinitionId,
                    Version = definition.Version,
                    StartAt = Instant(invoice.IssueDate),
                    Inputs = InputsFor(definition, invoice),
                    CorrelationKeys = keys,
                    CalendarId = schedule.CalendarId,
                    TimeZoneId = schedule.TimeZone,
                    Until = until,
                    Events = events,
                }, cancellationToken);
                tally.Add(timeline, invoice, horizon);
            }
            catch (Exception exception) when (exception is WorkflowInputException or WorkflowValueException or ArgumentException)
            {
                tally.Skipped.Add($"{invoice.Reference}: {exception.Message}");
            }
        }

        return tally.ToResponse(request, horizon, invoices.Count - tally.PaidOnTime - tally.Disputed - tally.Skipped.Count);
    }

    private static DateTimeOffset Instant(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>
    /// The invoice given to each input the procedure declares by a known name: a record input <c>invoice</c> gets the
    /// fields it declares among id, reference, customer, amount, issueDate and dueDate; inputs named like those fields get
    /// theirs. Other inputs keep their defaults.
    /// </summary>
    private static Dictionary<string, object?> InputsFor(WorkflowDefinition definition, InvoiceHistoryDto invoice)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = invoice.Reference,
            ["reference"] = invoice.Reference,
            ["customer"] = invoice.CustomerId.ToString(),
            ["amount"] = string.Create(CultureInfo.InvariantCulture, $"{invoice.Amount.Amount} {invoice.Amount.Currency}"),
            ["issueDate"] = invoice.IssueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["dueDate"] = invoice.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        var inputs = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var input in definition.Inputs)
        {
            if (input.Name == "invoice" && input.Type.Kind == WorkflowTypeKind.Record)
            {
                var record = input.Type.Fields.Where(f => fields.ContainsKey(f.Name)).ToDictionary(f => f.Name, f => fields[f.Name]);
                inputs[input.Name] = JsonSerializer.SerializeToElement(record);
            }
            else if (fields.TryGetValue(input.Name, out var value))
            {
                inputs[input.Name] = JsonSerializer.SerializeToElement(value);
            }
        }

        return inputs;
    }

    private sealed class Tally
    {
        private readonly Dictionary<string, int> _outcomes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _steps = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _effects = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _tasks = new(StringComparer.Ordinal);
        private readonly List<int> _daysOpen = [];
        private int _escalations;

        public List<string> Skipped { get; } = [];

        public int PaidOnTime { get; set; }

        public int Disputed { get; set; }

        public void Add(SimulationTimeline timeline, InvoiceHistoryDto invoice, DateOnly horizon)
        {
            var state = timeline.FinalState;
            Count(_outcomes, state.IsFinished ? state.Outcome ?? state.Status.ToString() : state.Status.ToString());
            foreach (var completed in timeline.Journal.Where(j => j.Kind == JournalEntryKind.ActivityCompleted && j.ActivityId is not null))
            {
                Count(_steps, completed.ActivityId!);
                _escalations += completed.Port == "Timeout" ? 1 : 0;
            }

            timeline.Effects.ToList().ForEach(e => Count(_effects, e.EffectType));
            timeline.Tasks.ToList().ForEach(t => Count(_tasks, t.ActivityId));
            var end = state.FinishedAt is { } finished ? DateOnly.FromDateTime(finished.UtcDateTime) : horizon;
            _daysOpen.Add(Math.Max(0, end.DayNumber - invoice.DueDate.DayNumber));
        }

        public BacktestResponse ToResponse(BacktestProcedureRequest request, DateOnly horizon, int cases)
        {
            var sorted = _daysOpen.Order().ToList();
            var days = sorted.Count == 0
                ? new DaysOpenResponse(0, 0, 0)
                : new DaysOpenResponse(
                    Math.Round(sorted.Average(), 1),
                    sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2.0,
                    sorted[^1]);
            var handovers = _effects.Where(e => e.Key.Contains("agency", StringComparison.OrdinalIgnoreCase)).Sum(e => e.Value);
            return new BacktestResponse(request.From, request.To, horizon, cases, PaidOnTime, Disputed, _outcomes, _steps, _effects, _tasks, _escalations, handovers, days, Skipped);
        }

        private static void Count(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
    }
}

internal static class BacktestProcedureEndpoint
{
    public static void MapBacktestProcedure(this RouteGroupBuilder procedures) =>
        procedures.MapPost("{procedureId:guid}/backtest", (Guid procedureId, BacktestProcedureRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new BacktestProcedureQuery(procedureId, r), cancellationToken))
            .WithName("BacktestProcedure")
            .WithSummary("Replays a version (or the draft) over the company's recorded history: one case per invoice due between from and to and not settled by its due date, started at its issue date and paid on the day it was settled, on virtual time (disputed invoices are counted apart, not replayed). Returns the cases by outcome, completions per step, effects by type (letters, handovers), tasks, escalations and the days each case stayed open after its due date. Nothing is sent and nothing is written.")
            .RequireCompanyRoles(CompanyRoles.Writers)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
