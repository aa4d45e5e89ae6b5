using System.Text.Json;
using Etrepaye.Procedures.Domain;
using Etrepaye.Shared;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Validation;
using FluentValidation;
using FluentValidation.Results;

namespace Etrepaye.Procedures.Catalog;

/// <summary>
/// Reads definitions sent by clients (a 400 naming the field when the JSON is not a definition), gives them the engine
/// identity of their procedure (definition id = procedure id, version = the number it would be published as) and runs the
/// engine's validator, which sees the company's published procedures as possible sub-workflows.
/// </summary>
internal sealed class DefinitionChecker(ActivityCatalog catalog, ProcedureDefinitionProvider procedures, TimeProvider timeProvider)
{
    public static WorkflowDefinition Parse(JsonElement json, string field)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new ValidationException([new ValidationFailure(field, "The definition must be a JSON object in the format of workflows/workflow.schema.json.")]);
        }

        return Parse(json.GetRawText(), field);
    }

    public static WorkflowDefinition Parse(string json, string field)
    {
        try
        {
            return WorkflowDefinitionSerializer.Parse(json);
        }
        catch (WorkflowDefinitionFormatException exception)
        {
            throw new ValidationException([new ValidationFailure(field, exception.Message)]);
        }
    }

    public static WorkflowDefinition Identify(WorkflowDefinition definition, Guid procedureId, int version) =>
        definition with { Schema = null, DefinitionId = procedureId.ToString(), Version = version };

    public IReadOnlyList<ValidationProblem> Validate(WorkflowDefinition definition, Guid companyId) =>
        new WorkflowValidator(catalog, new CompanyDefinitionProvider(procedures, companyId, definition)).Validate(definition).Problems;

    public IReadOnlyList<ValidationProblem> ProblemsOfDraft(Procedure procedure) =>
        procedure.Draft is null ? [] : Validate(WorkflowDefinitionSerializer.Parse(procedure.Draft), procedure.CompanyId);

    /// <summary>Replaces the procedure's draft with the definition; returns the validation problems (saving is allowed with problems).</summary>
    public IReadOnlyList<ValidationProblem> SaveDraft(Procedure procedure, WorkflowDefinition definition, string? comment, string actor)
    {
        var draft = Identify(definition, procedure.Id, procedure.LatestVersion + 1);
        var problems = Validate(draft, procedure.CompanyId);
        procedure.Draft = WorkflowDefinitionSerializer.Serialize(draft);
        procedure.DraftProblemCount = problems.Count;
        procedure.DraftComment = comment;
        procedure.DraftSavedAt = timeProvider.GetUtcNow();
        procedure.DraftSavedBy = actor;
        return problems;
    }

    /// <summary>A new procedure of the company whose draft is the definition.</summary>
    public (Procedure Procedure, IReadOnlyList<ValidationProblem> Problems) NewProcedure(
        Guid companyId, string? name, WorkflowDefinition definition, string origin, string actor, string? comment)
    {
        var procedure = new Procedure
        {
            Id = Ids.New(timeProvider),
            CompanyId = companyId,
            Name = string.IsNullOrWhiteSpace(name) ? definition.Name : name.Trim(),
            Description = definition.Description,
            Origin = origin.Length > 200 ? origin[..200] : origin,
            CreatedAt = timeProvider.GetUtcNow(),
            CreatedBy = actor,
        };
        var problems = SaveDraft(procedure, definition with { Name = procedure.Name }, comment, actor);
        return (procedure, problems);
    }
}
