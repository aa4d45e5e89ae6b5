using Etrepaye.Access.Data;
using Etrepaye.Access.Domain;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Access.Features.GetCurrentUser;

public sealed record CurrentUserResponse(Guid Id, string Email, string DisplayName, string Language)
{
    internal static CurrentUserResponse From(User user) => new(user.Id, user.Email!, user.DisplayName, user.Language);
}

internal sealed record GetCurrentUserQuery(Guid UserId) : IQuery<CurrentUserResponse>;

internal sealed class GetCurrentUserHandler(AccessDbContext db) : IRequestHandler<GetCurrentUserQuery, CurrentUserResponse>
{
    public async Task<CurrentUserResponse> Handle(GetCurrentUserQuery query, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == query.UserId, cancellationToken)
            ?? throw new NotFoundException("User", query.UserId);
        return CurrentUserResponse.From(user);
    }
}

internal static class GetCurrentUserEndpoint
{
    public static void MapGetCurrentUser(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/me", (RequestContext requestContext, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetCurrentUserQuery(requestContext.UserId!.Value), cancellationToken))
            .WithTags("Authentication")
            .WithName("GetCurrentUser")
            .WithSummary("The signed-in person.")
            .RequireAuthorization(AccessModule.SignedInUserPolicy);
}
