using Etrepaye.Guarantees.Contracts;
using Etrepaye.Guarantees.Cover;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Validation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Guarantees.Features.GetCover;

public sealed record CoverResponse(
    Guid CustomerId, DateOnly AsOf, string Currency, decimal Total, IReadOnlyList<CoverLineResponse> Lines, IReadOnlyList<string> MissingRates)
{
    internal static CoverResponse From(CoverDto c) => new(
        c.CustomerId, c.AsOf, c.Currency, c.Total,
        c.Lines.Select(l => new CoverLineResponse(l.Source, l.Id, l.Type, l.Issuer, l.OriginalAmount, l.OriginalCurrency, l.Rate, l.Amount, l.ValidUntil)).ToList(),
        c.MissingRates);
}

public sealed record CoverLineResponse(
    string Source, Guid Id, string Type, string Issuer, decimal OriginalAmount, string OriginalCurrency, decimal? Rate, decimal? Amount, DateOnly? ValidUntil);

internal sealed record GetCoverQuery(Guid CustomerId, DateOnly AsOf, string? Currency) : IQuery<CoverResponse>;

internal sealed class GetCoverValidator : AbstractValidator<GetCoverQuery>
{
    public GetCoverValidator()
    {
        RuleFor(q => q.CustomerId).NotEmpty();
        RuleFor(q => q.AsOf).NotEqual(default(DateOnly)).WithMessage("asOf is required.");
        RuleFor(q => q.Currency!).IsCurrencyCode().When(q => q.Currency is not null);
    }
}

internal sealed class GetCoverHandler(CoverCalculator calculator) : IRequestHandler<GetCoverQuery, CoverResponse>
{
    public async Task<CoverResponse> Handle(GetCoverQuery query, CancellationToken cancellationToken) =>
        CoverResponse.From(await calculator.ComputeAsync(query.CustomerId, query.AsOf, query.Currency, cancellationToken)
            ?? throw new NotFoundException("Customer", query.CustomerId));
}

internal static class GetCoverEndpoint
{
    public static void MapGetCover(this RouteGroupBuilder guarantees) =>
        guarantees.MapGet("cover", (Guid customerId, DateOnly asOf, string? currency, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new GetCoverQuery(customerId, asOf, currency), cancellationToken))
            .WithName("GetCover")
            .WithSummary(
                "A customer's valid cover on a date (guarantees in force less their calls, insured limits × coverage %), converted into the customer's " +
                "currency or the one asked with the company's exchange rates.")
            .ProducesValidationProblem();
}
