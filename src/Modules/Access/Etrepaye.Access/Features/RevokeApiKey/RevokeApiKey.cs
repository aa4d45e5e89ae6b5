using Etrepaye.Access.Data;
using Etrepaye.Access.Security;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Access.Features.RevokeApiKey;

internal sealed record RevokeApiKeyCommand(Guid ApiKeyId) : ICommand<Unit>;

internal sealed class RevokeApiKeyHandler(AccessDbContext db, AccessCache cache, TimeProvider timeProvider) : IRequestHandler<RevokeApiKeyCommand, Unit>
{
    public async Task<Unit> Handle(RevokeApiKeyCommand command, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == command.ApiKeyId, cancellationToken)
            ?? throw new NotFoundException("API key", command.ApiKeyId);
        key.RevokedAt ??= timeProvider.GetUtcNow();
        cache.ForgetApiKey(key.Id);
        return Unit.Value;
    }
}

internal static class RevokeApiKeyEndpoint
{
    public static void MapRevokeApiKey(this RouteGroupBuilder company) =>
        company.MapDelete("api-keys/{apiKeyId:guid}", HandleAsync)
            .WithName("RevokeApiKey")
            .WithSummary("Revokes an API key: it stops working at once.")
            .RequireCompanyRoles(CompanyRole.Administrator);

    private static async Task<NoContent> HandleAsync(Guid apiKeyId, IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new RevokeApiKeyCommand(apiKeyId), cancellationToken);
        return TypedResults.NoContent();
    }
}
