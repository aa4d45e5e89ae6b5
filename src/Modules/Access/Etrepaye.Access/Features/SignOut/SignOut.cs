using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Access.Features.SignOut;

internal static class SignOutEndpoint
{
    public static void MapSignOut(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/auth/sign-out", async (HttpContext httpContext) =>
            {
                await httpContext.SignOutAsync(AccessModule.CookieScheme);
                return TypedResults.NoContent();
            })
            .WithTags("Authentication")
            .WithName("SignOut")
            .WithSummary("Ends the Studio session (clears the cookie).");
}
