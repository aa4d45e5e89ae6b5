using System.Text.Json;
using Etrepaye.Procedures.Domain;
using Etrepaye.Workflows.Validation;

namespace Etrepaye.Procedures.Features;

/// <summary>A validation problem of a definition, with where it is.</summary>
/// <param name="Code">Stable code (see docs/workflow-engine.md, Validation): the designer keys its messages on it.</param>
/// <param name="Where">The location in words: "activity 'call', input 'dueDate', line 1, column 9".</param>
public sealed record DefinitionProblemResponse(
    string Code, string Message, string Where, string? ActivityId, string? Input, int? ConnectionIndex, int? EventHandlerIndex, string? Variable,
    int? Line, int? Column)
{
    internal static DefinitionProblemResponse From(ValidationProblem p) => new(
        p.Code, p.Message, p.Location.ToString(), p.Location.ActivityId, p.Location.Input, p.Location.ConnectionIndex, p.Location.EventHandlerIndex,
        p.Location.Variable, p.Location.Line, p.Location.Column);

    internal static IReadOnlyList<DefinitionProblemResponse> From(IEnumerable<ValidationProblem> problems) => [.. problems.Select(From)];
}

/// <param name="Definition">The draft in the format of workflows/ (definitionId = the procedure's id, version = the number it would get).</param>
/// <param name="Problems">What the engine's validator finds in it now; publishing is refused while there is one.</param>
public sealed record DraftResponse(JsonElement Definition, IReadOnlyList<DefinitionProblemResponse> Problems, string? Comment, DateTimeOffset? SavedAt, string? SavedBy);

/// <param name="Origin">Where it came from: template:{id}@{version}, import, clone:{procedure}, library:{template}, copy:{company}/{procedure}.</param>
/// <param name="LatestVersion">The highest published version number (0 when never published).</param>
/// <param name="PublishedVersion">The version new instances start on; null when none is published or it was retracted.</param>
/// <param name="Draft">The draft, when there is one.</param>
/// <param name="Version">Concurrency token: send it back when saving the draft.</param>
public sealed record ProcedureResponse(
    Guid Id, string Name, string? Description, string Origin, int LatestVersion, int? PublishedVersion, DraftResponse? Draft,
    DateTimeOffset CreatedAt, string CreatedBy, long Version)
{
    internal static ProcedureResponse From(Procedure p, IReadOnlyList<ValidationProblem> problems) => new(
        p.Id, p.Name, p.Description, p.Origin, p.LatestVersion, p.PublishedVersion,
        p.Draft is null ? null : new DraftResponse(JsonDocument.Parse(p.Draft).RootElement.Clone(), DefinitionProblemResponse.From(problems), p.DraftComment, p.DraftSavedAt, p.DraftSavedBy),
        p.CreatedAt, p.CreatedBy, p.Version);
}
