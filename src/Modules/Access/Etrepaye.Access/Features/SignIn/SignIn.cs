using Etrepaye.Access.Domain;
using Etrepaye.Access.Features.GetCurrentUser;
using Etrepaye.Shared.Errors;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Access.Features.SignIn;

public sealed record SignInRequest(string Email, string Password);

/// <summary>Checks a person's credentials (with Identity's lockout) and returns their claims principal.</summary>
internal sealed class CredentialsChecker(UserManager<User> users, SignInManager<User> signIn)
{
    public async Task<(User User, System.Security.Claims.ClaimsPrincipal Principal)> CheckAsync(SignInRequest request)
    {
        var failures = new List<ValidationFailure>();
        if (string.IsNullOrWhiteSpace(request.Email))
        {
            failures.Add(new ValidationFailure(nameof(request.Email), "The e-mail is required."));
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            failures.Add(new ValidationFailure(nameof(request.Password), "The password is required."));
        }

        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }

        var user = await users.FindByEmailAsync(request.Email);
        var result = user is null ? Microsoft.AspNetCore.Identity.SignInResult.Failed : await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            throw new AuthenticationFailedException("Too many failed attempts: this account is locked for a few minutes.");
        }

        if (!result.Succeeded || user is null)
        {
            throw new AuthenticationFailedException("The e-mail or the password is wrong.");
        }

        return (user, await signIn.CreateUserPrincipalAsync(user));
    }
}

internal static class SignInEndpoint
{
    public static void MapSignIn(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/auth/sign-in", HandleAsync)
            .WithTags("Authentication")
            .WithName("SignIn")
            .WithSummary("Signs in with e-mail and password and sets the Studio's session cookie.")
            .AllowAnonymous()
            .RequireRateLimiting(AccessModule.SignInRateLimitPolicy)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<Ok<CurrentUserResponse>> HandleAsync(SignInRequest request, CredentialsChecker credentials, HttpContext httpContext)
    {
        var (user, principal) = await credentials.CheckAsync(request);
        await httpContext.SignInAsync(AccessModule.CookieScheme, principal, new AuthenticationProperties { IsPersistent = false });
        return TypedResults.Ok(CurrentUserResponse.From(user));
    }
}
