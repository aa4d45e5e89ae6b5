using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Shared.Http;

public static class ModuleRoutes
{
    /// <summary>The route group of a module under /api/companies/{companyId}/…, checked by the company access middleware.</summary>
    public static RouteGroupBuilder MapCompanyGroup(this IEndpointRouteBuilder endpoints, string prefix, string tag)
    {
        var path = string.IsNullOrEmpty(prefix) ? "/api/companies/{companyId:guid}" : $"/api/companies/{{companyId:guid}}/{prefix}";
        var group = endpoints.MapGroup(path).WithTags(tag);
        group.WithMetadata(new CompanyScopedMetadata());
        group.ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }
}
