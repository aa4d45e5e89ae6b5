using Etrepaye.Procedures.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Workflows.Definitions;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Catalog;

/// <summary>A definition of a procedure, read from a version or the draft, to copy or render elsewhere.</summary>
internal sealed record ProcedureSource(Guid ProcedureId, string Name, int? Version, WorkflowDefinition Definition)
{
    public string What => Version is { } v ? $"version {v}" : "draft";
}

internal static class ProcedureSources
{
    /// <summary>The given published version; without one, the draft, else the latest published version.</summary>
    public static async Task<ProcedureSource> LoadAsync(ProceduresDbContext db, Guid procedureId, int? version, CancellationToken cancellationToken)
    {
        var procedure = await db.Procedures.AsNoTracking().SingleOrDefaultAsync(p => p.Id == procedureId, cancellationToken)
            ?? throw new NotFoundException("Procedure", procedureId);
        if (version is null && procedure.Draft is not null)
        {
            return new ProcedureSource(procedure.Id, procedure.Name, null, WorkflowDefinitionSerializer.Parse(procedure.Draft));
        }

        var number = version ?? procedure.LatestVersion;
        var json = await db.Versions.AsNoTracking().Where(v => v.ProcedureId == procedureId && v.Number == number).Select(v => v.Definition)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Procedure version", $"{procedureId} v{number}");
        return new ProcedureSource(procedure.Id, procedure.Name, number, WorkflowDefinitionSerializer.Parse(json));
    }

    /// <summary>A published version, or the draft when <paramref name="version"/> is null (404 when there is none).</summary>
    public static async Task<ProcedureSource> LoadExactAsync(ProceduresDbContext db, Guid procedureId, int? version, CancellationToken cancellationToken)
    {
        var procedure = await db.Procedures.AsNoTracking().SingleOrDefaultAsync(p => p.Id == procedureId, cancellationToken)
            ?? throw new NotFoundException("Procedure", procedureId);
        if (version is null)
        {
            return procedure.Draft is null
                ? throw new NotFoundException("Procedure draft", procedureId)
                : new ProcedureSource(procedure.Id, procedure.Name, null, WorkflowDefinitionSerializer.Parse(procedure.Draft));
        }

        return await LoadAsync(db, procedureId, version, cancellationToken);
    }
}
