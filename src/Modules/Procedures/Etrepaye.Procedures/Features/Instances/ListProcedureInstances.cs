using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Workflows.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.Instances;

internal sealed record ListProcedureInstancesQuery(string? Status, string? DefinitionId, int? Version, string? Customer, bool? HasIncident, PageQuery Page)
    : IQuery<PagedResult<ProcedureInstanceSummaryResponse>>;

internal sealed class ListProcedureInstancesValidator : AbstractValidator<ListProcedureInstancesQuery>
{
    private static readonly string[] _statuses = Enum.GetNames<Etrepaye.Workflows.Runtime.InstanceStatus>();

    public ListProcedureInstancesValidator() =>
        RuleFor(q => q.Status).Must(s => s is null || _statuses.Contains(s)).WithMessage($"status is one of {string.Join(", ", _statuses)}.");
}

internal sealed class ListProcedureInstancesHandler(WorkflowDbContext db, InstanceNames names)
    : IRequestHandler<ListProcedureInstancesQuery, PagedResult<ProcedureInstanceSummaryResponse>>
{
    public async Task<PagedResult<ProcedureInstanceSummaryResponse>> Handle(ListProcedureInstancesQuery query, CancellationToken cancellationToken)
    {
        var instances = db.Instances.AsNoTracking();
        if (query.Status is { } status)
        {
            instances = instances.Where(i => i.Status == status);
        }

        if (query.DefinitionId is { Length: > 0 } definitionId)
        {
            instances = instances.Where(i => i.DefinitionId == definitionId);
        }

        if (query.Version is { } version)
        {
            instances = instances.Where(i => i.DefinitionVersion == version);
        }

        if (query.Customer is { Length: > 0 } customer)
        {
            instances = instances.Where(i => i.Customer == customer);
        }

        if (query.HasIncident is { } hasIncident)
        {
            instances = instances.Where(i => db.Incidents.Any(x => x.InstanceId == i.Id) == hasIncident);
        }

        var page = await instances
            .OrderByDescending(i => i.CreatedAt).ThenBy(i => i.Id)
            .Select(i => new ProcedureInstanceSummaryResponse(
                i.Id, i.DefinitionId, i.DefinitionVersion, i.Status, i.Customer, db.Incidents.Any(x => x.InstanceId == i.Id), i.CreatedAt, i.UpdatedAt, i.FinishedAt,
                null, null, null))
            .ToPageAsync(query.Page, cancellationToken);
        var named = await names.ReadAsync(page.Items.Select(i => i.DefinitionId), page.Items.Select(i => i.Customer), cancellationToken);
        return page with
        {
            Items = [.. page.Items.Select(i => i with
            {
                ProcedureName = named.Procedure(i.DefinitionId),
                CustomerReference = named.Customer(i.Customer)?.Reference,
                CustomerName = named.Customer(i.Customer)?.Name,
            })],
        };
    }
}

internal static class ListProcedureInstancesEndpoint
{
    public static void MapListProcedureInstances(this RouteGroupBuilder instances) =>
        instances.MapGet("", ([AsParameters] PageQuery page, string? status, string? definitionId, int? version, string? customer, bool? hasIncident,
                    IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListProcedureInstancesQuery(status, definitionId, version, customer, hasIncident, page), cancellationToken))
            .WithName("ListProcedureInstances")
            .WithSummary("The company's procedure instances by status, procedure, version, customer and incident, newest first, each with its procedure's and customer's names.")
            .RequireCompanyRoles(CompanyRoles.Readers)
            .ProducesValidationProblem();
}
