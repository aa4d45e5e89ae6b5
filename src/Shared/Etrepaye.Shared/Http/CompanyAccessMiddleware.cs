using System.Security.Claims;
using Etrepaye.Shared.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Etrepaye.Shared.Http;

/// <summary>
/// Runs before any company-scoped endpoint (and before its body is read): the caller must be a member of the
/// company in the route, otherwise 404, so a company's existence is not revealed to outsiders; then the
/// endpoint's roles are checked (403). The company and roles go into the request's <see cref="RequestContext"/>,
/// which every module DbContext uses to filter rows.
/// </summary>
public sealed class CompanyAccessMiddleware(RequestDelegate next)
{
    public const string CompanyIdRouteValue = "companyId";

    public async Task InvokeAsync(HttpContext context, RequestContext requestContext, ICompanyMembershipResolver memberships, IProblemDetailsService problems)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            requestContext.SetActor(context.User.GetUserId(), context.User.Identity.Name ?? "unknown");
        }

        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<CompanyScopedMetadata>() is null)
        {
            await next(context);
            return;
        }

        if (context.User.Identity?.IsAuthenticated != true)
        {
            await WriteProblemAsync(context, problems, StatusCodes.Status401Unauthorized, "Authentication required", "Sign in, or send a bearer token or an API key.");
            return;
        }

        if (!Guid.TryParse(context.Request.RouteValues[CompanyIdRouteValue]?.ToString(), out var companyId))
        {
            await WriteProblemAsync(context, problems, StatusCodes.Status404NotFound, "Not found", "No such company.");
            return;
        }

        var roles = await memberships.GetRolesAsync(context.User, companyId, context.RequestAborted);
        if (roles.Count == 0)
        {
            await WriteProblemAsync(context, problems, StatusCodes.Status404NotFound, "Not found", $"Company '{companyId}' was not found.");
            return;
        }

        var allowed = endpoint.Metadata.GetMetadata<CompanyRolesMetadata>()?.Roles
            ?? (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) ? roles : new HashSet<CompanyRole>());
        if (!roles.Overlaps(allowed))
        {
            await WriteProblemAsync(context, problems, StatusCodes.Status403Forbidden, "Forbidden",
                $"Your roles in this company ({string.Join(", ", roles)}) do not allow this action.");
            return;
        }

        requestContext.EnterCompany(companyId, roles);
        await next(context);
    }

    private static async Task WriteProblemAsync(HttpContext context, IProblemDetailsService problems, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}

public static class EtrepayeClaims
{
    public const string ApiKeyIdClaim = "etrepaye:api_key_id";
    public const string ApiKeyCompanyClaim = "etrepaye:company_id";
    public const string ApiKeyRoleClaim = "etrepaye:company_role";

    public static Guid? GetUserId(this ClaimsPrincipal principal) =>
        principal.FindFirst(ApiKeyIdClaim) is null && Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
