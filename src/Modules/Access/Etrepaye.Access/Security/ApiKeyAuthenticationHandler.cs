using System.Security.Claims;
using System.Text.Encodings.Web;
using Etrepaye.Access.Data;
using Etrepaye.Shared.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Etrepaye.Access.Security;

/// <summary>Authenticates the <c>X-Api-Key</c> header: a key scoped to one company and one role, until revoked.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessDbContext db,
    AccessCache cache,
    TimeProvider timeProvider) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return AuthenticateResult.NoResult();
        }

        if (!ApiKeySecrets.TryParse(values[0]!, out var keyId, out var secret))
        {
            return AuthenticateResult.Fail("The API key is malformed.");
        }

        if (!cache.TryGetApiKey(keyId, out var key))
        {
            // Not filtered by company yet: the key is what tells which company the caller acts for.
            var row = await db.ApiKeys.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(k => k.Id == keyId, Context.RequestAborted);
            if (row is null || row.RevokedAt is not null)
            {
                return AuthenticateResult.Fail("The API key is unknown or revoked.");
            }

            key = new CachedApiKey(row.Id, row.CompanyId, row.Name, row.Role, row.SecretHash, row.LastUsedAt);
            cache.KeepApiKey(key);
        }

        if (!ApiKeySecrets.Matches(secret, key.SecretHash))
        {
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }

        var now = timeProvider.GetUtcNow();
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            key.LastUsedAt = now;
            await db.ApiKeys.IgnoreQueryFilters().Where(k => k.Id == key.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, $"api-key:{key.Id}"),
                new Claim(ClaimTypes.Name, $"api-key:{key.Name}"),
                new Claim(EtrepayeClaims.ApiKeyIdClaim, key.Id.ToString()),
                new Claim(EtrepayeClaims.ApiKeyCompanyClaim, key.CompanyId.ToString()),
                new Claim(EtrepayeClaims.ApiKeyRoleClaim, key.Role.ToString()),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
