using Etrepaye.Receivables.Data;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.ListImports;

public sealed record ImportSummaryResponse(Guid Id, string FileName, string Mode, string Policy, string Status, DateTimeOffset StartedAt, long RowsRead, long RowsRejected);

internal sealed record ListImportsQuery(PageQuery Page) : IQuery<PagedResult<ImportSummaryResponse>>;

internal sealed class ListImportsHandler(ReceivablesDbContext db) : IRequestHandler<ListImportsQuery, PagedResult<ImportSummaryResponse>>
{
    public async Task<PagedResult<ImportSummaryResponse>> Handle(ListImportsQuery query, CancellationToken cancellationToken)
    {
        var page = await db.Imports.AsNoTracking().OrderByDescending(i => i.Id).ToPageAsync(query.Page, cancellationToken);
        return new PagedResult<ImportSummaryResponse>(
            page.Items.Select(i => new ImportSummaryResponse(i.Id, i.FileName, i.Mode.ToString(), i.Policy.ToString(), i.Status.ToString(), i.StartedAt, i.RowsRead, i.RowsRejected)).ToList(),
            page.Page, page.PageSize, page.TotalCount);
    }
}

internal static class ListImportsEndpoint
{
    public static void MapListImports(this RouteGroupBuilder receivables) =>
        receivables.MapGet("imports", ([AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListImportsQuery(page), cancellationToken))
            .WithName("ListImports")
            .WithSummary("The company's imports, newest first.");
}
