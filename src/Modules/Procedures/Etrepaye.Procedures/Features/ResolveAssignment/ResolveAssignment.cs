using Etrepaye.Procedures.Assignment;
using Etrepaye.Procedures.Contracts;
using Etrepaye.Procedures.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.ResolveAssignment;

/// <param name="ProcedureId">The procedure the customer gets; null when no rule matches and there is no default.</param>
/// <param name="RuleId">The rule that matched; null for the default.</param>
/// <param name="PublishedVersion">The version an instance would start on now; null when the procedure has none published.</param>
public sealed record AssignmentResponse(Guid CustomerId, ProcedurePurpose Purpose, Guid? ProcedureId, string? ProcedureName, Guid? RuleId, string? RuleName, int? PublishedVersion);

internal sealed record ResolveAssignmentQuery(Guid CustomerId, ProcedurePurpose Purpose) : IQuery<AssignmentResponse>;

internal sealed class ResolveAssignmentHandler(ProceduresDbContext db, AssignmentResolver resolver) : IRequestHandler<ResolveAssignmentQuery, AssignmentResponse>
{
    public async Task<AssignmentResponse> Handle(ResolveAssignmentQuery query, CancellationToken cancellationToken)
    {
        var customer = await resolver.CustomerAsync(query.CustomerId, cancellationToken) ?? throw new NotFoundException("Customer", query.CustomerId);
        var assignment = await resolver.ResolveAsync(customer, query.Purpose, cancellationToken);
        if (assignment is null)
        {
            return new AssignmentResponse(customer.CustomerId, query.Purpose, null, null, null, null, null);
        }

        var procedure = await db.Procedures.AsNoTracking().SingleAsync(p => p.Id == assignment.ProcedureId, cancellationToken);
        return new AssignmentResponse(customer.CustomerId, query.Purpose, procedure.Id, procedure.Name, assignment.RuleId, assignment.RuleName, procedure.PublishedVersion);
    }
}

internal static class ResolveAssignmentEndpoint
{
    public static void MapResolveAssignment(this RouteGroupBuilder procedures) =>
        procedures.MapGet("assignment/customers/{customerId:guid}", (Guid customerId, ProcedurePurpose? purpose, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ResolveAssignmentQuery(customerId, purpose ?? ProcedurePurpose.CollectionCase), cancellationToken))
            .WithName("ResolveAssignment")
            .WithSummary("Which procedure (and version) a customer gets for a purpose (CollectionCase by default), and the rule that decided it.");
}
