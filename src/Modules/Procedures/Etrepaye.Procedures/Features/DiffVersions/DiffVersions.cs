using System.Text.Json;
using Etrepaye.Procedures.Catalog;
using Etrepaye.Procedures.Data;
using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Procedures.Features.DiffVersions;

/// <param name="Before">The input's value in the first version; null when it was not set.</param>
/// <param name="After">The input's value in the second version; null when it is no longer set.</param>
public sealed record InputChangeResponse(string Input, JsonElement? Before, JsonElement? After);

/// <param name="TypeBefore">Set, with TypeAfter, only when the activity type changed.</param>
/// <param name="Inputs">The inputs whose value changed, appeared or disappeared.</param>
public sealed record ActivityChangeResponse(
    string ActivityId, string? TypeBefore, string? TypeAfter, string? NameBefore, string? NameAfter, IReadOnlyList<InputChangeResponse> Inputs,
    bool OutputsChanged, bool RetryChanged, bool PositionChanged);

public sealed record ConnectionResponse(string SourceActivity, string SourcePort, string TargetActivity);

/// <param name="Kind">input or variable.</param>
/// <param name="Change">added, removed or changed.</param>
public sealed record DeclarationChangeResponse(string Name, string Kind, string Change, JsonElement? Before, JsonElement? After);

/// <param name="From">The first side: a version number or "draft".</param>
/// <param name="HeaderChanges">Which of name, description, start and incidentStrategy changed.</param>
public sealed record DiffResponse(
    string From, string To, IReadOnlyList<string> HeaderChanges, IReadOnlyList<string> ActivitiesAdded, IReadOnlyList<string> ActivitiesRemoved,
    IReadOnlyList<ActivityChangeResponse> ActivitiesChanged, IReadOnlyList<ConnectionResponse> ConnectionsAdded, IReadOnlyList<ConnectionResponse> ConnectionsRemoved,
    IReadOnlyList<DeclarationChangeResponse> DeclarationsChanged, IReadOnlyList<JsonElement> EventHandlersAdded, IReadOnlyList<JsonElement> EventHandlersRemoved);

internal sealed record DiffVersionsQuery(Guid ProcedureId, string From, string To) : IQuery<DiffResponse>
{
    public const string Draft = "draft";

    public static int? Number(string side) => side == Draft ? null : int.Parse(side, System.Globalization.CultureInfo.InvariantCulture);
}

internal sealed class DiffVersionsValidator : AbstractValidator<DiffVersionsQuery>
{
    public DiffVersionsValidator()
    {
        RuleFor(q => q.From).Must(IsSide).WithMessage("from must be a version number or 'draft'.");
        RuleFor(q => q.To).Must(IsSide).WithMessage("to must be a version number or 'draft'.");
    }

    private static bool IsSide(string side) => side == DiffVersionsQuery.Draft || (int.TryParse(side, out var number) && number > 0);
}

internal sealed class DiffVersionsHandler(ProceduresDbContext db) : IRequestHandler<DiffVersionsQuery, DiffResponse>
{
    public async Task<DiffResponse> Handle(DiffVersionsQuery query, CancellationToken cancellationToken)
    {
        var before = await ProcedureSources.LoadExactAsync(db, query.ProcedureId, DiffVersionsQuery.Number(query.From), cancellationToken);
        var after = await ProcedureSources.LoadExactAsync(db, query.ProcedureId, DiffVersionsQuery.Number(query.To), cancellationToken);
        // The version number inside a definition is its identity, not a change.
        var d = DefinitionDiff.Compare(before.Definition, after.Definition with { Version = before.Definition.Version });
        return new DiffResponse(
            query.From, query.To, d.HeaderChanges, d.ActivitiesAdded, d.ActivitiesRemoved,
            [.. d.ActivitiesChanged.Select(c => new ActivityChangeResponse(c.ActivityId, c.TypeBefore, c.TypeAfter, c.NameBefore, c.NameAfter,
                [.. c.Inputs.Select(i => new InputChangeResponse(i.Input, i.Before, i.After))], c.OutputsChanged, c.RetryChanged, c.PositionChanged))],
            [.. d.ConnectionsAdded.Select(c => new ConnectionResponse(c.SourceActivity, c.SourcePort, c.TargetActivity))],
            [.. d.ConnectionsRemoved.Select(c => new ConnectionResponse(c.SourceActivity, c.SourcePort, c.TargetActivity))],
            [.. d.DeclarationsChanged.Select(c => new DeclarationChangeResponse(c.Name, c.Kind, c.Change, c.Before, c.After))],
            d.EventHandlersAdded, d.EventHandlersRemoved);
    }
}

internal static class DiffVersionsEndpoint
{
    public static void MapDiffVersions(this RouteGroupBuilder procedures) =>
        procedures.MapGet("{procedureId:guid}/diff", (Guid procedureId, string? from, string? to, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new DiffVersionsQuery(procedureId, from ?? "", to ?? DiffVersionsQuery.Draft), cancellationToken))
            .WithName("DiffProcedureVersions")
            .WithSummary("What changed from one version (or the draft) to another: activities added, removed or changed with their changed inputs, connections added or removed, inputs/variables and event handlers changed.")
            .ProducesValidationProblem();
}
