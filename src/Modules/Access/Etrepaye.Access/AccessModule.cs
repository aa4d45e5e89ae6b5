using System.Threading.RateLimiting;
using Etrepaye.Access.Contracts;
using Etrepaye.Access.Data;
using Etrepaye.Access.Domain;
using Etrepaye.Access.Features.AddClosedDay;
using Etrepaye.Access.Features.AddLegalEntity;
using Etrepaye.Access.Features.AddMember;
using Etrepaye.Access.Features.ChangeMemberRoles;
using Etrepaye.Access.Features.CreateApiKey;
using Etrepaye.Access.Features.CreateCompany;
using Etrepaye.Access.Features.GetCompany;
using Etrepaye.Access.Features.GetCompanyCalendar;
using Etrepaye.Access.Features.GetCurrentUser;
using Etrepaye.Access.Features.IssueToken;
using Etrepaye.Access.Features.ListApiKeys;
using Etrepaye.Access.Features.ListLegalEntities;
using Etrepaye.Access.Features.ListMembers;
using Etrepaye.Access.Features.ListMyCompanies;
using Etrepaye.Access.Features.RemoveClosedDay;
using Etrepaye.Access.Features.RemoveMember;
using Etrepaye.Access.Features.RevokeApiKey;
using Etrepaye.Access.Features.SetBaseCalendar;
using Etrepaye.Access.Features.SignIn;
using Etrepaye.Access.Features.SignOut;
using Etrepaye.Access.Features.UpdateCompany;
using Etrepaye.Access.Security;
using Etrepaye.Access.Setup;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.Access;

/// <summary>Companies, users, memberships and roles, API keys, and how callers authenticate.</summary>
public static class AccessModule
{
    public const string SignedInUserPolicy = "SignedInUser";
    public const string CookieScheme = "Etrepaye.Session";
    public const string SignInRateLimitPolicy = "sign-in";
    private const string SelectorScheme = "Etrepaye";

    /// <summary>The demo company's fixed id (demo mode).</summary>
    public static Guid DemoCompanyId => AccessSetup.DemoCompanyId;

    public static IServiceCollection AddAccessModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<AccessDbContext>(AccessDbContext.SchemaName);
        services.AddMediationFrom(typeof(AccessModule).Assembly);
        services.AddIntegrationEventsFrom(typeof(CompanyCreated).Assembly);
        services.AddSingleton<AccessCache>();
        services.AddScoped<ICompanyMembershipResolver, CompanyMembershipResolver>();
        services.AddScoped<ICompanyDirectory, CompanyDirectory>();
        services.AddSingleton<CompanyClock>();
        services.AddSingleton<ICompanyClock>(sp => sp.GetRequiredService<CompanyClock>());
        services.AddScoped<ICompanyMembers, CompanyMembers>();
        services.AddScoped<CredentialsChecker>();
        services.AddScoped<AccessSetup>();

        // Keys in the database: a cookie or token issued by one host process is valid on the others and after a restart.
        services.AddDataProtection()
            .SetApplicationName("Etrepaye")
            .PersistKeysToDbContext<AccessDbContext>();

        services.AddIdentityCore<User>(options =>
            {
                // Identity's defaults, with a longer minimum length (ANSSI recommends 12 characters or more).
                options.Password.RequiredLength = 12;
                options.User.RequireUniqueEmail = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddSignInManager()
            .AddUserStore<UserOnlyStore<User, AccessDbContext, Guid>>();

        services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "Cookie, bearer token or API key", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) ? ApiKeyAuthenticationHandler.SchemeName
                    : context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? IdentityConstants.BearerScheme
                    : CookieScheme)
            .AddCookie(CookieScheme, options =>
            {
                options.Cookie.Name = "etrepaye.session";
                options.Cookie.HttpOnly = true;
                // Strict same-site cookies keep other sites from riding the session (CSRF).
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.Events.OnRedirectToLogin = context => WriteStatusAsync(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => WriteStatusAsync(context, StatusCodes.Status403Forbidden);
            })
            .AddBearerToken(IdentityConstants.BearerScheme, options => options.BearerTokenExpiration = TimeSpan.FromHours(1))
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        services.AddAuthorizationBuilder()
            .AddPolicy(SignedInUserPolicy, policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => context.User.FindFirst(EtrepayeClaims.ApiKeyIdClaim) is null));

        var signInPermits = configuration.GetValue("Security:SignInAttemptsPerMinute", 10);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(SignInRateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = signInPermits, Window = TimeSpan.FromMinutes(1) }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many attempts",
                        Detail = "Too many sign-in attempts from this address. Wait a minute and try again.",
                    },
                });
            };
        });
        return services;
    }

    public static IEndpointRouteBuilder MapAccessEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapSignIn();
        endpoints.MapIssueToken();
        endpoints.MapSignOut();
        endpoints.MapGetCurrentUser();
        endpoints.MapCreateCompany();
        endpoints.MapListMyCompanies();

        var company = endpoints.MapCompanyGroup("", "Companies");
        company.MapGetCompany();
        company.MapUpdateCompany();
        company.MapListLegalEntities();
        company.MapAddLegalEntity();
        company.MapListMembers();
        company.MapAddMember();
        company.MapChangeMemberRoles();
        company.MapRemoveMember();
        company.MapListApiKeys();
        company.MapCreateApiKey();
        company.MapRevokeApiKey();
        company.MapGetCompanyCalendar();
        company.MapSetBaseCalendar();
        company.MapAddClosedDay();
        company.MapRemoveClosedDay();
        return endpoints;
    }

    /// <summary>Whether any company has an Administrator (a production start refuses to run without one).</summary>
    public static async Task<bool> AdministratorExistsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AccessSetup>().AdministratorExistsAsync(cancellationToken);
    }

    /// <summary>The create-admin verb: the user becomes Administrator of the company (created when missing).</summary>
    public static async Task<Guid> CreateAdministratorAsync(
        IServiceProvider services, string email, string companyName, string country, string currency, string timeZone, string password, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AccessSetup>()
            .CreateAdministratorAsync(email, companyName, country, currency, timeZone, password, cancellationToken);
    }

    /// <summary>The seed-demo verb and the demo mode: the demo companies and one account per role.</summary>
    public static async Task<(IReadOnlyList<(string Email, string Role)> Accounts, string Password)> SeedDemoAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var accounts = await scope.ServiceProvider.GetRequiredService<AccessSetup>().SeedDemoAsync(cancellationToken);
        return (accounts, AccessSetup.DemoPassword);
    }

    private static Task WriteStatusAsync(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
