using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Features.SaveImportMapping;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.ListImportMappings;

internal sealed record ListImportMappingsQuery(PageQuery Page) : IQuery<PagedResult<ImportMappingResponse>>;

internal sealed class ListImportMappingsHandler(ReceivablesDbContext db) : IRequestHandler<ListImportMappingsQuery, PagedResult<ImportMappingResponse>>
{
    public async Task<PagedResult<ImportMappingResponse>> Handle(ListImportMappingsQuery query, CancellationToken cancellationToken)
    {
        var page = await db.ImportMappings.AsNoTracking().OrderBy(m => m.Name).ThenBy(m => m.Id).ToPageAsync(query.Page, cancellationToken);
        return new PagedResult<ImportMappingResponse>(page.Items.Select(ImportMappingResponse.From).ToList(), page.Page, page.PageSize, page.TotalCount);
    }
}

internal static class ListImportMappingsEndpoint
{
    public static void MapListImportMappings(this RouteGroupBuilder receivables) =>
        receivables.MapGet("import-mappings", ([AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListImportMappingsQuery(page), cancellationToken))
            .WithName("ListImportMappings")
            .WithSummary("The company's saved import mappings by name.");
}
