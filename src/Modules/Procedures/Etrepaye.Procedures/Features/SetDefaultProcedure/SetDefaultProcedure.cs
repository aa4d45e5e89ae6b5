using Etrepaye.Procedures.Assignment;
using Etrepaye.Procedures.Contracts;
using Etrepaye.Procedures.Data;
using Etrepaye.Procedures.Domain;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Procedures.Features.SetDefaultProcedure;

/// <param name="ProcedureId">The procedure that runs when no rule matches; null removes the default.</param>
public sealed record SetDefaultProcedureRequest(Guid? ProcedureId);

/// <param name="ProcedureId">Null when the purpose has no default (a start with no matching rule is then refused).</param>
public sealed record DefaultProcedureResponse(ProcedurePurpose Purpose, Guid? ProcedureId);

internal sealed record SetDefaultProcedureCommand(ProcedurePurpose Purpose, Guid? ProcedureId) : ICommand<DefaultProcedureResponse>;

internal sealed class SetDefaultProcedureHandler(ProceduresDbContext db, RequestContext requestContext) : IRequestHandler<SetDefaultProcedureCommand, DefaultProcedureResponse>
{
    public async Task<DefaultProcedureResponse> Handle(SetDefaultProcedureCommand command, CancellationToken cancellationToken)
    {
        var current = await db.DefaultProcedures.SingleOrDefaultAsync(d => d.Purpose == command.Purpose, cancellationToken);
        if (command.ProcedureId is not { } procedureId)
        {
            if (current is not null)
            {
                db.DefaultProcedures.Remove(current);
            }

            return new DefaultProcedureResponse(command.Purpose, null);
        }

        await AssignmentRuleShape.EnsureProcedureAsync(db, procedureId, cancellationToken);
        if (current is null)
        {
            db.DefaultProcedures.Add(new DefaultProcedure { CompanyId = requestContext.CompanyId, Purpose = command.Purpose, ProcedureId = procedureId });
        }
        else
        {
            current.ProcedureId = procedureId;
        }

        return new DefaultProcedureResponse(command.Purpose, procedureId);
    }
}

internal static class SetDefaultProcedureEndpoint
{
    public static void MapSetDefaultProcedure(this RouteGroupBuilder procedures) =>
        procedures.MapPut("assignment/defaults/{purpose}", (ProcedurePurpose purpose, SetDefaultProcedureRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new SetDefaultProcedureCommand(purpose, r.ProcedureId), cancellationToken))
            .WithName("SetDefaultProcedure")
            .WithSummary("Sets (or, with a null procedureId, removes) the company's default procedure for a purpose: CollectionCase, Dispute, CreditLimitRequest or Guarantee.")
            .RequireCompanyRoles(ProceduresModule.PublisherRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
