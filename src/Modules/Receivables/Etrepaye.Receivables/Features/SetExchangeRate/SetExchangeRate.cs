using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
using Etrepaye.Shared;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.SetExchangeRate;

/// <param name="Rate">Units of <paramref name="ToCurrency"/> for one unit of <paramref name="FromCurrency"/>, valid from <paramref name="Date"/>.</param>
public sealed record SetExchangeRateRequest(DateOnly Date, string FromCurrency, string ToCurrency, decimal Rate);

public sealed record ExchangeRateResponse(Guid Id, DateOnly Date, string FromCurrency, string ToCurrency, decimal Rate);

internal sealed record SetExchangeRateCommand(DateOnly Date, string FromCurrency, string ToCurrency, decimal Rate) : ICommand<ExchangeRateResponse>;

internal sealed class SetExchangeRateValidator : AbstractValidator<SetExchangeRateCommand>
{
    public SetExchangeRateValidator()
    {
        RuleFor(c => c.Date).NotEqual(default(DateOnly));
        RuleFor(c => c.FromCurrency).Must(Currency.IsKnown).WithMessage("'{PropertyValue}' is not an ISO 4217 currency code.");
        RuleFor(c => c.ToCurrency).Must(Currency.IsKnown).WithMessage("'{PropertyValue}' is not an ISO 4217 currency code.")
            .NotEqual(c => c.FromCurrency).WithMessage("The two currencies differ.");
        RuleFor(c => c.Rate).GreaterThan(0m).LessThan(100_000_000m);
    }
}

internal sealed class SetExchangeRateHandler(ReceivablesDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<SetExchangeRateCommand, ExchangeRateResponse>
{
    public async Task<ExchangeRateResponse> Handle(SetExchangeRateCommand command, CancellationToken cancellationToken)
    {
        var rate = await db.ExchangeRates.SingleOrDefaultAsync(
            r => r.Date == command.Date && r.FromCurrency == command.FromCurrency && r.ToCurrency == command.ToCurrency, cancellationToken);
        if (rate is null)
        {
            rate = new ExchangeRate
            {
                Id = Ids.New(timeProvider),
                CompanyId = requestContext.CompanyId,
                Date = command.Date,
                FromCurrency = command.FromCurrency,
                ToCurrency = command.ToCurrency,
            };
            db.ExchangeRates.Add(rate);
        }

        rate.Rate = command.Rate;
        return new ExchangeRateResponse(rate.Id, rate.Date, rate.FromCurrency, rate.ToCurrency, rate.Rate);
    }
}

internal static class SetExchangeRateEndpoint
{
    public static void MapSetExchangeRate(this RouteGroupBuilder receivables) =>
        receivables.MapPut("exchange-rates", (SetExchangeRateRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new SetExchangeRateCommand(r.Date, r.FromCurrency ?? "", r.ToCurrency ?? "", r.Rate), cancellationToken))
            .WithName("SetExchangeRate")
            .WithSummary("Sets the rate of a currency pair from a date (replaces the rate of that date if any).")
            .RequireCompanyRoles(ReceivablesModule.WriterRoles)
            .ProducesValidationProblem();
}
