using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Etrepaye.Host.Hosting;

/// <summary>The OpenAPI document's title, description and the three ways to authenticate.</summary>
internal sealed class OpenApiDescription : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Etrepaye API",
            Version = "v1",
            Description =
                "Credit management: receivables, credit limits, collection, disputes, guarantees and company procedures. " +
                "Company data lives under /api/companies/{companyId}/…; a caller who is not a member of that company gets 404. " +
                "Authenticate with the Studio's session cookie (POST /api/auth/sign-in), a bearer token (POST /api/auth/token) " +
                "or an API key in the X-Api-Key header. Errors are RFC 9457 problem details; validation errors name the fields at fault. " +
                "Every list is paged with page (from 1) and pageSize (1 to 200, default 50).",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An access token from POST /api/auth/token.",
        };
        document.Components.SecuritySchemes["apiKey"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "A company API key (created by an Administrator), scoped to one company and one role.",
        };
        document.Components.SecuritySchemes["session"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = "etrepaye.session",
            Description = "The Studio's session cookie, set by POST /api/auth/sign-in.",
        };
        return Task.CompletedTask;
    }
}
