using Etrepaye.Guarantees.Cover;
using Etrepaye.Guarantees.Data;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Guarantees.Features.Reports;

public sealed record CoverReportResponse(DateOnly AsOf, PagedResult<CustomerCoverResponse> Customers);

/// <param name="ByType">Cover per guarantee type (and InsuredLimit), in the customer's currency.</param>
public sealed record CustomerCoverResponse(
    Guid CustomerId, string Reference, string Name, string Currency, decimal Total, IReadOnlyList<CoverByTypeResponse> ByType, IReadOnlyList<string> MissingRates);

public sealed record CoverByTypeResponse(string Type, decimal Amount, int Count);

internal sealed record GetCoverReportQuery(DateOnly AsOf, PageQuery Page) : IQuery<CoverReportResponse>;

internal sealed class GetCoverReportValidator : AbstractValidator<GetCoverReportQuery>
{
    public GetCoverReportValidator() => RuleFor(q => q.AsOf).NotEqual(default(DateOnly)).WithMessage("asOf is required.");
}

/// <summary>The cover of every customer that holds a guarantee or an insured limit, per type, in the customer's currency.</summary>
internal sealed class GetCoverReportHandler(GuaranteesDbContext db, IReceivablesQueries receivables, CoverCalculator calculator)
    : IRequestHandler<GetCoverReportQuery, CoverReportResponse>
{
    public async Task<CoverReportResponse> Handle(GetCoverReportQuery query, CancellationToken cancellationToken)
    {
        query.Page.Validate();
        var ids = await db.Guarantees.Select(g => g.CustomerId).Union(db.InsuredLimits.Select(l => l.CustomerId)).Distinct().ToListAsync(cancellationToken);
        var customers = await receivables.GetCustomersAsync(ids, cancellationToken);
        var rows = new List<CustomerCoverResponse>();
        foreach (var customer in customers.Skip((query.Page.Number - 1) * query.Page.Size).Take(query.Page.Size))
        {
            var cover = await calculator.ComputeAsync(customer, query.AsOf, customer.Currency, cancellationToken);
            rows.Add(new CustomerCoverResponse(
                customer.Id, customer.Reference, customer.Name, customer.Currency, cover.Total,
                cover.Lines.GroupBy(l => l.Type).OrderBy(g => g.Key).Select(g => new CoverByTypeResponse(g.Key, g.Sum(l => l.Amount ?? 0m), g.Count())).ToList(),
                cover.MissingRates));
        }

        return new CoverReportResponse(query.AsOf, new PagedResult<CustomerCoverResponse>(rows, query.Page.Number, query.Page.Size, customers.Count));
    }
}

internal static class GetCoverReportEndpoint
{
    public static void MapGetCoverReport(this RouteGroupBuilder guarantees) =>
        guarantees.MapGet("reports/cover", (DateOnly asOf, [AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetCoverReportQuery(asOf, page), cancellationToken))
            .WithName("GetCoverReport")
            .WithSummary("Cover by customer and type on a date, in each customer's currency (customers holding a guarantee or an insured limit).")
            .ProducesValidationProblem();
}
