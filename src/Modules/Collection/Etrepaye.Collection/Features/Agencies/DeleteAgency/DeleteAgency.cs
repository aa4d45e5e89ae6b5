using Etrepaye.Collection.Agencies;
using Etrepaye.Collection.Data;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Agencies.DeleteAgency;

internal sealed record DeleteAgencyCommand(Guid AgencyId) : ICommand<Unit>;

internal sealed class DeleteAgencyHandler(CollectionDbContext db) : IRequestHandler<DeleteAgencyCommand, Unit>
{
    public async Task<Unit> Handle(DeleteAgencyCommand command, CancellationToken cancellationToken)
    {
        var agency = await db.Agencies.SingleOrDefaultAsync(a => a.Id == command.AgencyId, cancellationToken)
            ?? throw new NotFoundException("Agency", command.AgencyId);
        if (await db.AgencyCases.AnyAsync(c => c.AgencyId == agency.Id, cancellationToken))
        {
            throw new ConflictException("The agency was handed cases over: deactivate it instead, its history stays.");
        }

        db.AgencyApiKeys.RemoveRange(await db.AgencyApiKeys.Where(k => k.AgencyId == agency.Id).ToListAsync(cancellationToken));
        db.Agencies.Remove(agency);
        return Unit.Value;
    }
}

internal static class DeleteAgencyEndpoint
{
    public static void MapDeleteAgency(this RouteGroupBuilder collection) =>
        collection.MapDelete("agencies/{agencyId:guid}", async Task<NoContent> (Guid agencyId, IMediator mediator, CancellationToken cancellationToken) =>
            {
                await mediator.Send(new DeleteAgencyCommand(agencyId), cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("DeleteAgency")
            .WithSummary("Deletes an agency that was never handed a case (with its keys); one with cases can only be deactivated (409).")
            .RequireCompanyRoles(AgenciesRegistration.ManagerRoles)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
