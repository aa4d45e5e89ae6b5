using Etrepaye.Procedures.Data;
using Etrepaye.Procedures.Features.Instances;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Persistence;
using Etrepaye.Workflows.Runtime;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.Migrations;

/// <param name="Mapping">Old version's activity id → new version's; ids present in both versions are mapped to themselves unless given here.</param>
/// <param name="DryRun">True: report where each instance would land, write nothing.</param>
public sealed record MigrateProcedureInstancesRequest(
    string DefinitionId, int FromVersion, int ToVersion, Dictionary<string, string>? Mapping, string Reason, bool DryRun, IReadOnlyList<Guid>? InstanceIds);

public sealed record MigratedStepResponse(string From, string To, bool KeepsWaits);

public sealed record InstanceMigrationResponse(
    Guid InstanceId, bool Migrated, string? Problem, IReadOnlyList<MigratedStepResponse> Steps, IReadOnlyList<string> Unmapped,
    IReadOnlyList<string> Skipped, IReadOnlyList<string> Repeated);

public sealed record MigrateProcedureInstancesResponse(
    string DefinitionId, int FromVersion, int ToVersion, bool DryRun, IReadOnlyDictionary<string, string> Mapping, IReadOnlyList<InstanceMigrationResponse> Instances);

// Not an ICommand: each instance moves in its own engine transaction (conditional on its version), then is audited.
internal sealed record MigrateProcedureInstancesCommand(
    string DefinitionId, int FromVersion, int ToVersion, IReadOnlyDictionary<string, string> Mapping, string Reason, bool DryRun, IReadOnlyList<Guid>? InstanceIds)
    : IRequest<MigrateProcedureInstancesResponse>;

internal sealed class MigrateProcedureInstancesValidator : AbstractValidator<MigrateProcedureInstancesCommand>
{
    public MigrateProcedureInstancesValidator()
    {
        RuleFor(c => c.DefinitionId).NotEmpty().MaximumLength(200);
        RuleFor(c => c.FromVersion).GreaterThan(0);
        RuleFor(c => c.ToVersion).GreaterThan(0).NotEqual(c => c.FromVersion).WithMessage("toVersion differs from fromVersion.");
        RuleFor(c => c.Reason).NotEmpty().MaximumLength(1000);
    }
}

internal sealed class MigrateProcedureInstancesHandler(
    WorkflowDbContext db, WorkflowHost host, IWorkflowDefinitionProvider definitions, ProceduresDbContext proceduresDb, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<MigrateProcedureInstancesCommand, MigrateProcedureInstancesResponse>
{
    public async Task<MigrateProcedureInstancesResponse> Handle(MigrateProcedureInstancesCommand command, CancellationToken cancellationToken)
    {
        var from = definitions.Find(command.DefinitionId, command.FromVersion) ?? throw new NotFoundException("Procedure version", $"{command.DefinitionId} v{command.FromVersion}");
        var to = definitions.Find(command.DefinitionId, command.ToVersion) ?? throw new NotFoundException("Procedure version", $"{command.DefinitionId} v{command.ToVersion}");
        var unknown = command.Mapping.Where(p => from.Activities.All(a => a.Id != p.Key) || to.Activities.All(a => a.Id != p.Value)).Select(p => p.Key).ToList();
        if (unknown.Count > 0)
        {
            throw new ValidationException(unknown.Select(k => new FluentValidation.Results.ValidationFailure($"mapping.{k}", $"'{k}' must be an activity of v{from.Version} mapped to an activity of v{to.Version}.")));
        }

        var mapping = from.Activities.Where(a => to.Activities.Any(b => b.Id == a.Id)).ToDictionary(a => a.Id, a => a.Id, StringComparer.Ordinal);
        foreach (var (old, target) in command.Mapping)
        {
            mapping[old] = target;
        }

        var candidates = db.Instances.AsNoTracking().Where(i => i.DefinitionId == command.DefinitionId && i.DefinitionVersion == command.FromVersion
            && (i.Status == nameof(InstanceStatus.Running) || i.Status == nameof(InstanceStatus.Suspended)));
        if (command.InstanceIds is { Count: > 0 } ids)
        {
            candidates = candidates.Where(i => ids.Contains(i.Id));
        }

        var results = new List<InstanceMigrationResponse>();
        foreach (var instanceId in await candidates.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).Select(i => i.Id).ToListAsync(cancellationToken))
        {
            MigrationOutcome outcome;
            try
            {
                outcome = await host.MigrateAsync(instanceId, command.ToVersion, mapping, command.Reason, requestContext.ActorName, command.DryRun, cancellationToken);
            }
            catch (WorkflowConcurrencyException)
            {
                results.Add(new InstanceMigrationResponse(instanceId, false, "the instance kept moving while it was migrated: run the migration again", [], [], [], []));
                continue;
            }

            var migrated = outcome.CanMigrate && !command.DryRun;
            if (migrated)
            {
                await ProcedureAudit.WriteAsync(
                    proceduresDb, requestContext, timeProvider, nameof(MigrateProcedureInstancesCommand), "ProcedureInstance", instanceId,
                    new { DefinitionVersion = outcome.FromVersion },
                    new { DefinitionVersion = outcome.ToVersion, command.Reason, Steps = outcome.Steps },
                    cancellationToken);
            }

            results.Add(new InstanceMigrationResponse(
                instanceId, migrated, outcome.Problem, [.. outcome.Steps.Select(s => new MigratedStepResponse(s.FromActivity, s.ToActivity, s.KeepsWaits))],
                outcome.Unmapped, outcome.Skipped, outcome.Repeated));
        }

        return new MigrateProcedureInstancesResponse(command.DefinitionId, command.FromVersion, command.ToVersion, command.DryRun, mapping, results);
    }
}

internal static class MigrateProcedureInstancesEndpoint
{
    public static void MapMigrateProcedureInstances(this RouteGroupBuilder instances) =>
        instances.MapPost("migrations", (MigrateProcedureInstancesRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new MigrateProcedureInstancesCommand(r.DefinitionId ?? string.Empty, r.FromVersion, r.ToVersion, r.Mapping ?? [], r.Reason ?? string.Empty, r.DryRun, r.InstanceIds), cancellationToken))
            .WithName("MigrateProcedureInstances")
            .WithSummary("Moves the running instances of one version to another with a mapping of waiting steps; a dry run only reports where each would land.")
            .RequireCompanyRoles(CompanyRole.Administrator, CompanyRole.CreditManager)
            .ProducesValidationProblem();
}
