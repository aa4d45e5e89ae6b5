using Etrepaye.Collection.Data;
using Etrepaye.Collection.Domain;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Interest;

public sealed record ReferenceRateResponse(Guid Id, string Kind, DateOnly EffectiveFrom, decimal Rate, string? Source, bool Shipped);

internal sealed record ListReferenceRatesQuery(string? Kind) : IQuery<IReadOnlyList<ReferenceRateResponse>>;

internal sealed class ListReferenceRatesValidator : AbstractValidator<ListReferenceRatesQuery>
{
    public ListReferenceRatesValidator() =>
        RuleFor(q => q.Kind).Must(k => Enum.TryParse<ReferenceRateKind>(k, true, out _)).When(q => q.Kind is not null)
            .WithMessage("kind is EcbMainRefinancing or FrenchLegalRateProfessional.");
}

internal sealed class ListReferenceRatesHandler(CollectionDbContext db) : IRequestHandler<ListReferenceRatesQuery, IReadOnlyList<ReferenceRateResponse>>
{
    public async Task<IReadOnlyList<ReferenceRateResponse>> Handle(ListReferenceRatesQuery query, CancellationToken cancellationToken)
    {
        var companyId = db.CurrentCompanyId;
        var rates = db.ReferenceRates.AsNoTracking().Where(r => r.CompanyId == null || r.CompanyId == companyId);
        if (query.Kind is not null)
        {
            var kind = Enum.Parse<ReferenceRateKind>(query.Kind, true);
            rates = rates.Where(r => r.Kind == kind);
        }

        var rows = await rates.ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.Kind).ThenBy(r => r.EffectiveFrom).Select(r => new ReferenceRateResponse(r.Id, r.Kind.ToString(), r.EffectiveFrom, r.Rate, r.Source, r.CompanyId is null))];
    }
}

public sealed record AddReferenceRateRequest(string Kind, DateOnly EffectiveFrom, decimal Rate, string? Source);

internal sealed record AddReferenceRateCommand(string Kind, DateOnly EffectiveFrom, decimal Rate, string? Source) : ICommand<ReferenceRateResponse>;

internal sealed class AddReferenceRateValidator : AbstractValidator<AddReferenceRateCommand>
{
    public AddReferenceRateValidator()
    {
        RuleFor(c => c.Kind).Must(k => Enum.TryParse<ReferenceRateKind>(k, true, out _)).WithName("kind")
            .WithMessage("kind is EcbMainRefinancing or FrenchLegalRateProfessional.");
        RuleFor(c => c.EffectiveFrom).NotEqual(default(DateOnly)).WithName("effectiveFrom").WithMessage("effectiveFrom is required.");
        RuleFor(c => c.EffectiveFrom).Must(d => d.Day == 1 && d.Month is 1 or 7).WithName("effectiveFrom")
            .When(c => string.Equals(c.Kind, nameof(ReferenceRateKind.FrenchLegalRateProfessional), StringComparison.OrdinalIgnoreCase))
            .WithMessage("The legal rate is set per half-year: effectiveFrom is 1 January or 1 July.");
        RuleFor(c => c.Rate).InclusiveBetween(-5m, 50m).WithName("rate").WithMessage("rate is a percentage between -5 and 50.");
        RuleFor(c => c.Source).MaximumLength(200).WithName("source");
    }
}

/// <summary>Extends the company's rate history (a new ECB decision, the next half-year's legal rate); it replaces a shipped rate of the same date.</summary>
internal sealed class AddReferenceRateHandler(CollectionDbContext db, TimeProvider timeProvider) : IRequestHandler<AddReferenceRateCommand, ReferenceRateResponse>
{
    public async Task<ReferenceRateResponse> Handle(AddReferenceRateCommand command, CancellationToken cancellationToken)
    {
        var kind = Enum.Parse<ReferenceRateKind>(command.Kind, true);
        var companyId = db.CurrentCompanyId;
        if (await db.ReferenceRates.AnyAsync(r => r.CompanyId == companyId && r.Kind == kind && r.EffectiveFrom == command.EffectiveFrom, cancellationToken))
        {
            throw new ConflictException($"The company already has a {kind} rate from {command.EffectiveFrom:yyyy-MM-dd}.");
        }

        var rate = new ReferenceRate
        {
            Id = Etrepaye.Shared.Ids.New(timeProvider),
            CompanyId = companyId,
            Kind = kind,
            EffectiveFrom = command.EffectiveFrom,
            Rate = command.Rate,
            Source = command.Source,
        };
        db.ReferenceRates.Add(rate);
        await db.SaveChangesAsync(cancellationToken);
        return new ReferenceRateResponse(rate.Id, kind.ToString(), rate.EffectiveFrom, rate.Rate, rate.Source, Shipped: false);
    }
}

internal static class ReferenceRateEndpoints
{
    public static void MapReferenceRates(this RouteGroupBuilder collection)
    {
        collection.MapGet("reference-rates", (string? kind, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ListReferenceRatesQuery(kind), cancellationToken))
            .WithName("ListReferenceRates")
            .WithSummary("The ECB main refinancing rate and French legal rate histories the interest is computed with (shipped, plus the company's own).")
            .ProducesValidationProblem();
        collection.MapPost("reference-rates", (AddReferenceRateRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new AddReferenceRateCommand(r.Kind, r.EffectiveFrom, r.Rate, r.Source), cancellationToken))
            .WithName("AddReferenceRate")
            .WithSummary("Adds a rate from a date to the company's history (administrators and credit managers).")
            .RequireCompanyRoles(CollectionModule.ManagerRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
