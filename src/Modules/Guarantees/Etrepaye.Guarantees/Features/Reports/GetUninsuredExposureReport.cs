using Etrepaye.Guarantees.Cover;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Guarantees.Features.Reports;

public sealed record UninsuredExposureReportResponse(DateOnly AsOf, PagedResult<CustomerExposureResponse> Customers);

/// <param name="Exposure">Open receivables less unapplied credits, in the customer's currency (other currencies converted).</param>
/// <param name="Uninsured">Exposure less cover, never below zero.</param>
/// <param name="MissingRates">Pairs without a rate on the date: those amounts are left out.</param>
public sealed record CustomerExposureResponse(
    Guid CustomerId, string Reference, string Name, string Currency, decimal Exposure, decimal Cover, decimal Uninsured, IReadOnlyList<string> MissingRates);

internal sealed record GetUninsuredExposureReportQuery(DateOnly AsOf, PageQuery Page) : IQuery<UninsuredExposureReportResponse>;

internal sealed class GetUninsuredExposureReportValidator : AbstractValidator<GetUninsuredExposureReportQuery>
{
    public GetUninsuredExposureReportValidator() => RuleFor(q => q.AsOf).NotEqual(default(DateOnly)).WithMessage("asOf is required.");
}

/// <summary>For every customer with open items on the date: its exposure, its cover and the part left uninsured, largest first.</summary>
internal sealed class GetUninsuredExposureReportHandler(IReceivablesQueries receivables, CoverCalculator calculator)
    : IRequestHandler<GetUninsuredExposureReportQuery, UninsuredExposureReportResponse>
{
    public async Task<UninsuredExposureReportResponse> Handle(GetUninsuredExposureReportQuery query, CancellationToken cancellationToken)
    {
        query.Page.Validate();
        var balances = await receivables.GetBalancesAsync(query.AsOf, cancellationToken);
        var customers = (await receivables.GetCustomersAsync(balances.Select(b => b.CustomerId).ToList(), cancellationToken)).ToDictionary(c => c.Id);
        var rows = new List<CustomerExposureResponse>();
        foreach (var balance in balances.Where(b => customers.ContainsKey(b.CustomerId)))
        {
            var customer = customers[balance.CustomerId];
            var missing = new SortedSet<string>(StringComparer.Ordinal);
            var exposure = 0m;
            foreach (var line in balance.Currencies)
            {
                var rate = await receivables.GetExchangeRateAsync(line.Currency, customer.Currency, query.AsOf, cancellationToken);
                if (rate is null)
                {
                    missing.Add($"{line.Currency}/{customer.Currency}");
                    continue;
                }

                exposure += new Money(line.Balance * rate.Value, customer.Currency).Round().Amount;
            }

            var cover = await calculator.ComputeAsync(customer, query.AsOf, customer.Currency, cancellationToken);
            missing.UnionWith(cover.MissingRates);
            rows.Add(new CustomerExposureResponse(
                customer.Id, customer.Reference, customer.Name, customer.Currency, exposure, cover.Total, Math.Max(0m, exposure - cover.Total), [.. missing]));
        }

        var page = rows.OrderByDescending(r => r.Uninsured).ThenBy(r => r.Reference, StringComparer.Ordinal)
            .Skip((query.Page.Number - 1) * query.Page.Size).Take(query.Page.Size).ToList();
        return new UninsuredExposureReportResponse(query.AsOf, new PagedResult<CustomerExposureResponse>(page, query.Page.Number, query.Page.Size, rows.Count));
    }
}

internal static class GetUninsuredExposureReportEndpoint
{
    public static void MapGetUninsuredExposureReport(this RouteGroupBuilder guarantees) =>
        guarantees.MapGet("reports/uninsured-exposure", (DateOnly asOf, [AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetUninsuredExposureReportQuery(asOf, page), cancellationToken))
            .WithName("GetUninsuredExposureReport")
            .WithSummary("Per customer with open items on a date: exposure (open receivables less unapplied credits), cover, and the uninsured rest, largest first.")
            .ProducesValidationProblem();
}
