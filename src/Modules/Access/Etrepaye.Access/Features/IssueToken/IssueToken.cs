using Etrepaye.Access.Domain;
using Etrepaye.Access.Features.SignIn;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Etrepaye.Access.Features.IssueToken;

public sealed record RefreshTokenRequest(string RefreshToken);

/// <summary>Bearer tokens for integrations acting as a person (scripts, the ERP connector during set-up).</summary>
internal static class IssueTokenEndpoint
{
    public static void MapIssueToken(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/auth/token", IssueAsync)
            .WithTags("Authentication")
            .WithName("IssueToken")
            .WithSummary("Exchanges e-mail and password for a bearer access token (and a refresh token).")
            .AllowAnonymous()
            .RequireRateLimiting(AccessModule.SignInRateLimitPolicy)
            .Produces<AccessTokenResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        endpoints.MapPost("/api/auth/token/refresh", RefreshAsync)
            .WithTags("Authentication")
            .WithName("RefreshToken")
            .WithSummary("Exchanges a refresh token for a new access token, unless the person's security stamp changed.")
            .AllowAnonymous()
            .RequireRateLimiting(AccessModule.SignInRateLimitPolicy)
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    private static async Task<SignInHttpResult> IssueAsync(SignInRequest request, CredentialsChecker credentials)
    {
        var (_, principal) = await credentials.CheckAsync(request);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static async Task<Results<SignInHttpResult, ChallengeHttpResult>> RefreshAsync(
        RefreshTokenRequest request, IOptionsMonitor<BearerTokenOptions> bearerOptions, TimeProvider timeProvider, SignInManager<User> signIn)
    {
        var protector = bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = protector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || timeProvider.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
        {
            return TypedResults.Challenge();
        }

        return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
    }
}
