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

namespace Etrepaye.Collection.Features.Agencies.RevokeAgencyKey;

internal sealed record RevokeAgencyKeyCommand(Guid AgencyId, Guid KeyId) : ICommand<Unit>;

internal sealed class RevokeAgencyKeyHandler(CollectionDbContext db, TimeProvider timeProvider) : IRequestHandler<RevokeAgencyKeyCommand, Unit>
{
    public async Task<Unit> Handle(RevokeAgencyKeyCommand command, CancellationToken cancellationToken)
    {
        var key = await db.AgencyApiKeys.SingleOrDefaultAsync(k => k.Id == command.KeyId && k.AgencyId == command.AgencyId, cancellationToken)
            ?? throw new NotFoundException("Agency key", command.KeyId);
        key.RevokedAt ??= timeProvider.GetUtcNow();
        return Unit.Value;
    }
}

internal static class RevokeAgencyKeyEndpoint
{
    public static void MapRevokeAgencyKey(this RouteGroupBuilder collection) =>
        collection.MapDelete("agencies/{agencyId:guid}/api-keys/{keyId:guid}", async Task<NoContent> (Guid agencyId, Guid keyId, IMediator mediator, CancellationToken cancellationToken) =>
            {
                await mediator.Send(new RevokeAgencyKeyCommand(agencyId, keyId), cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("RevokeAgencyKey")
            .WithSummary("Revokes an agency key: it is refused (401) from the next request on.")
            .RequireCompanyRoles(AgenciesRegistration.ManagerRoles);
}
