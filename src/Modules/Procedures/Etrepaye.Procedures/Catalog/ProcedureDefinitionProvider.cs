using System.Collections.Concurrent;
using Etrepaye.Procedures.Data;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.Procedures.Catalog;

/// <summary>
/// The engine's definitions: published procedure versions from the database (definition id = the procedure's id), then
/// the engine's own file-based definitions. Published versions never change, so each is read once and kept.
/// Procedures never start from a trigger event (a trigger is not scoped to a company): they start through assignment.
/// </summary>
internal sealed class ProcedureDefinitionProvider(IServiceScopeFactory scopes, IWorkflowDefinitionProvider fallback) : IWorkflowDefinitionProvider
{
    private readonly ConcurrentDictionary<(Guid Procedure, int Version), WorkflowDefinition> _published = new();
    private readonly ConcurrentDictionary<Guid, Guid> _companies = new();

    /// <summary>The engine's own provider (definitions from files or added by code) this one falls back to.</summary>
    internal IWorkflowDefinitionProvider Fallback => fallback;

    public WorkflowDefinition? Find(string definitionId, int? version = null) =>
        Guid.TryParse(definitionId, out var procedureId) && FindPublished(procedureId, version, null) is { } definition
            ? definition
            : fallback.Find(definitionId, version);

    public IReadOnlyList<WorkflowDefinition> TriggeredBy(string eventName) => fallback.TriggeredBy(eventName);

    /// <summary>A published version; the current one when <paramref name="version"/> is null; only of <paramref name="companyId"/> when given.</summary>
    public WorkflowDefinition? FindPublished(Guid procedureId, int? version, Guid? companyId)
    {
        // A procedure never changes company and a published version never changes: the engine's lookups on each step stay in memory.
        if (version is { } known && _published.TryGetValue((procedureId, known), out var cached)
            && (companyId is null || (_companies.TryGetValue(procedureId, out var owner) && owner == companyId)))
        {
            return cached;
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ProceduresDbContext>();
        var procedure = db.Procedures.IgnoreQueryFilters().AsNoTracking()
            .Where(p => p.Id == procedureId)
            .Select(p => new { p.CompanyId, p.PublishedVersion })
            .SingleOrDefault();
        if (procedure is null || (companyId is { } company && procedure.CompanyId != company))
        {
            return null;
        }

        _companies[procedureId] = procedure.CompanyId;
        if ((version ?? procedure.PublishedVersion) is not { } wanted)
        {
            return null;
        }

        if (_published.TryGetValue((procedureId, wanted), out cached))
        {
            return cached;
        }

        var json = db.Versions.IgnoreQueryFilters().AsNoTracking()
            .Where(v => v.ProcedureId == procedureId && v.Number == wanted)
            .Select(v => v.Definition)
            .SingleOrDefault();
        return json is null ? null : _published.GetOrAdd((procedureId, wanted), WorkflowDefinitionSerializer.Parse(json));
    }
}

/// <summary>What the validator and the simulation may reach from a company's procedure: that company's published procedures only.</summary>
internal sealed class CompanyDefinitionProvider(ProcedureDefinitionProvider procedures, Guid companyId, WorkflowDefinition? draft = null) : IWorkflowDefinitionProvider
{
    public WorkflowDefinition? Find(string definitionId, int? version = null)
    {
        if (draft is not null && draft.DefinitionId == definitionId && (version is null || version == draft.Version))
        {
            return draft;
        }

        return Guid.TryParse(definitionId, out var procedureId) ? procedures.FindPublished(procedureId, version, companyId) : null;
    }

    public IReadOnlyList<WorkflowDefinition> TriggeredBy(string eventName) => [];
}
