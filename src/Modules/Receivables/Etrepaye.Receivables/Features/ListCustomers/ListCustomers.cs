using Etrepaye.Receivables.Data;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.ListCustomers;

public sealed record CustomerSummaryResponse(Guid Id, string Reference, string Name, string Currency, string? Segment, string? RiskClass, Guid? ParentCustomerId, string? LegalEntityCode);

internal sealed record ListCustomersQuery(string? Search, PageQuery Page) : IQuery<PagedResult<CustomerSummaryResponse>>;

internal sealed class ListCustomersHandler(ReceivablesDbContext db) : IRequestHandler<ListCustomersQuery, PagedResult<CustomerSummaryResponse>>
{
    public Task<PagedResult<CustomerSummaryResponse>> Handle(ListCustomersQuery query, CancellationToken cancellationToken)
    {
        var customers = db.Customers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = $"%{query.Search.Trim().ToLowerInvariant()}%";
            customers = customers.Where(c => EF.Functions.Like(c.Name.ToLower(), pattern) || EF.Functions.Like(c.Reference.ToLower(), pattern));
        }

        return customers.OrderBy(c => c.Reference).ThenBy(c => c.Id)
            .Select(c => new CustomerSummaryResponse(c.Id, c.Reference, c.Name, c.Currency, c.Segment, c.RiskClass, c.ParentCustomerId, c.LegalEntityCode))
            .ToPageAsync(query.Page, cancellationToken);
    }
}

internal static class ListCustomersEndpoint
{
    public static void MapListCustomers(this RouteGroupBuilder receivables) =>
        receivables.MapGet("customers", (string? search, [AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListCustomersQuery(search, page), cancellationToken))
            .WithName("ListCustomers")
            .WithSummary("Lists the company's customers by reference; search matches name or reference.");
}
