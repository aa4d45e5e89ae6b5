using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Features.SetExchangeRate;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.ListExchangeRates;

internal sealed record ListExchangeRatesQuery(PageQuery Page) : IQuery<PagedResult<ExchangeRateResponse>>;

internal sealed class ListExchangeRatesHandler(ReceivablesDbContext db) : IRequestHandler<ListExchangeRatesQuery, PagedResult<ExchangeRateResponse>>
{
    public Task<PagedResult<ExchangeRateResponse>> Handle(ListExchangeRatesQuery query, CancellationToken cancellationToken) =>
        db.ExchangeRates.AsNoTracking()
            .OrderByDescending(r => r.Date).ThenBy(r => r.FromCurrency).ThenBy(r => r.ToCurrency)
            .Select(r => new ExchangeRateResponse(r.Id, r.Date, r.FromCurrency, r.ToCurrency, r.Rate))
            .ToPageAsync(query.Page, cancellationToken);
}

internal static class ListExchangeRatesEndpoint
{
    public static void MapListExchangeRates(this RouteGroupBuilder receivables) =>
        receivables.MapGet("exchange-rates", ([AsParameters] PageQuery page, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListExchangeRatesQuery(page), cancellationToken))
            .WithName("ListExchangeRates")
            .WithSummary("The company's exchange rates, newest first.");
}
