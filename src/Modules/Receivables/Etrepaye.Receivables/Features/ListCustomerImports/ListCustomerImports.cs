using Etrepaye.Receivables.Data;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.ListCustomerImports;

/// <param name="ItemsChanged">The customer's existing items whose values the file changed.</param>
/// <param name="ItemsSettled">The customer's items the import settled (in the file, or absent from a full import).</param>
public sealed record CustomerImportResponse(
    Guid ImportId, string FileName, string Mode, DateOnly ImportDate, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string StartedBy,
    long ItemsCreated, long ItemsChanged, long ItemsSettled);

internal sealed record ListCustomerImportsQuery(Guid CustomerId, PageQuery Page) : IQuery<PagedResult<CustomerImportResponse>>;

internal sealed class ListCustomerImportsHandler(ReceivablesDbContext db) : IRequestHandler<ListCustomerImportsQuery, PagedResult<CustomerImportResponse>>
{
    public async Task<PagedResult<CustomerImportResponse>> Handle(ListCustomerImportsQuery query, CancellationToken cancellationToken)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == query.CustomerId, cancellationToken))
        {
            throw new NotFoundException("Customer", query.CustomerId);
        }

        var page = await db.ImportCustomerSummaries.AsNoTracking().Where(s => s.CustomerId == query.CustomerId)
            .Join(db.Imports.AsNoTracking(), s => s.ImportId, i => i.Id, (s, i) => new { Summary = s, Import = i })
            .OrderByDescending(x => x.Import.Id)
            .ToPageAsync(query.Page, cancellationToken);
        return new PagedResult<CustomerImportResponse>(
            page.Items.Select(x => new CustomerImportResponse(
                x.Import.Id, x.Import.FileName, x.Import.Mode.ToString(), x.Import.ImportDate, x.Import.StartedAt, x.Import.FinishedAt, x.Import.StartedBy,
                x.Summary.ItemsCreated, x.Summary.ItemsChanged, x.Summary.ItemsSettled)).ToList(),
            page.Page, page.PageSize, page.TotalCount);
    }
}

internal static class ListCustomerImportsEndpoint
{
    public static void MapListCustomerImports(this RouteGroupBuilder receivables) =>
        receivables.MapGet("customers/{customerId:guid}/imports", (Guid customerId, [AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListCustomerImportsQuery(customerId, page), cancellationToken))
            .WithName("ListCustomerImports")
            .WithSummary("The imports that created, changed or settled the customer's items, newest first, with what each did to them.");
}
