using System.Security.Claims;
using System.Text.Encodings.Web;
using Etrepaye.Collection.Data;
using Etrepaye.Shared.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Etrepaye.Collection.Agencies;

/// <summary>
/// Authenticates the <c>X-Agency-Key</c> header on the agency API only (its own scheme and policy, never the default): a key
/// not revoked, of an active agency. The principal carries the key's company and agency.
/// </summary>
internal sealed class AgencyKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, CollectionDbContext db, TimeProvider timeProvider)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AgencyKey";
    public const string PolicyName = "AgencyKey";
    public const string HeaderName = "X-Agency-Key";
    public const string CompanyClaim = "etrepaye:agency_company_id";
    public const string AgencyClaim = "etrepaye:agency_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return AuthenticateResult.NoResult();
        }

        if (!AgencyKeySecrets.TryParse(values[0]!, out var keyId, out var secret))
        {
            return AuthenticateResult.Fail("The agency key is malformed.");
        }

        // Not filtered by company yet: the key is what tells which company and agency the caller acts for.
        var key = await db.AgencyApiKeys.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(k => k.Id == keyId, Context.RequestAborted);
        if (key is null || key.RevokedAt is not null || !AgencyKeySecrets.Matches(secret, key.SecretHash)
            || !await db.Agencies.IgnoreQueryFilters().AnyAsync(a => a.Id == key.AgencyId && a.CompanyId == key.CompanyId && a.IsActive, Context.RequestAborted))
        {
            return AuthenticateResult.Fail("The agency key is unknown or revoked.");
        }

        var now = timeProvider.GetUtcNow();
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            await db.AgencyApiKeys.IgnoreQueryFilters().Where(k => k.Id == key.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, $"agency-key:{key.Id}"),
                new Claim(ClaimTypes.Name, $"agency-key:{key.Name}"),
                new Claim(CompanyClaim, key.CompanyId.ToString()),
                new Claim(AgencyClaim, key.AgencyId.ToString()),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Authentication required",
                Detail = $"Send a valid, unrevoked agency key in the {HeaderName} header.",
            },
        });
    }
}

/// <summary>The agency the current agency-API request acts for.</summary>
internal sealed class AgencyCaller
{
    public Guid AgencyId { get; private set; }

    public void Enter(Guid agencyId) => AgencyId = agencyId;
}

/// <summary>Puts the key's company and agency into the request scope, so the company filter and the agency checks apply.</summary>
internal sealed class AgencyContextFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var user = context.HttpContext.User;
        var services = context.HttpContext.RequestServices;
        services.GetRequiredService<RequestContext>().EnterCompany(
            Guid.Parse(user.FindFirstValue(AgencyKeyAuthenticationHandler.CompanyClaim)!), new HashSet<CompanyRole>());
        services.GetRequiredService<AgencyCaller>().Enter(Guid.Parse(user.FindFirstValue(AgencyKeyAuthenticationHandler.AgencyClaim)!));
        return next(context);
    }
}
