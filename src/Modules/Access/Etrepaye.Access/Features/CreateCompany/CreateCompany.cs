using Etrepaye.Access.Contracts;
using Etrepaye.Access.Data;
using Etrepaye.Access.Domain;
using Etrepaye.Shared;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Access.Features.CreateCompany;

public sealed record CreateCompanyRequest(string Name, string Country, string Currency, string TimeZone, string? Language);

internal sealed record CreateCompanyCommand(string Name, string Country, string Currency, string TimeZone, string? Language)
    : ICommand<CompanyResponse>
{
    /// <summary>Set only by demo seeding, whose companies keep the same id on every machine.</summary>
    public Guid? FixedId { get; init; }
}

internal sealed class CreateCompanyValidator : AbstractValidator<CreateCompanyCommand>
{
    public CreateCompanyValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
        RuleFor(c => c.Country).IsCountryCode();
        RuleFor(c => c.Currency).Must(Shared.Contracts.Currency.IsKnown).WithMessage("'{PropertyValue}' is not an ISO 4217 currency code (e.g. EUR, USD).");
        RuleFor(c => c.TimeZone).IsTimeZone();
        RuleFor(c => c.Language).IsLanguage();
    }
}

/// <summary>Any signed-in person may create a company; they become its first Administrator.</summary>
internal sealed class CreateCompanyHandler(AccessDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<CreateCompanyCommand, CompanyResponse>
{
    public Task<CompanyResponse> Handle(CreateCompanyCommand command, CancellationToken cancellationToken)
    {
        var userId = requestContext.UserId ?? throw new ForbiddenException("Only a signed-in person can create a company.");
        var now = timeProvider.GetUtcNow();
        var company = new Company
        {
            Id = command.FixedId ?? Ids.New(timeProvider),
            Name = command.Name.Trim(),
            Country = command.Country,
            Currency = command.Currency,
            TimeZone = command.TimeZone,
            Language = command.Language ?? (command.Country == "FR" ? "fr" : "en"),
            CreatedAt = now,
        };
        requestContext.EnterCompany(company.Id, new HashSet<CompanyRole> { CompanyRole.Administrator });
        db.Companies.Add(company);
        db.LegalEntities.Add(new LegalEntity { Id = Ids.New(timeProvider), CompanyId = company.Id, Code = "MAIN", Name = company.Name });
        db.Memberships.Add(new Membership
        {
            Id = Ids.New(timeProvider),
            CompanyId = company.Id,
            UserId = userId,
            Roles = [CompanyRole.Administrator],
            CreatedAt = now,
        });
        db.Publish(new CompanyCreated(company.Id, company.Name, company.Country, company.Currency, company.TimeZone));
        return Task.FromResult(CompanyResponse.From(company));
    }
}

internal static class CreateCompanyEndpoint
{
    public static void MapCreateCompany(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/companies", HandleAsync)
            .WithTags("Companies")
            .WithName("CreateCompany")
            .WithSummary("Creates a company (a tenant); the caller becomes its Administrator.")
            .RequireAuthorization(AccessModule.SignedInUserPolicy)
            .ProducesValidationProblem();

    private static async Task<Created<CompanyResponse>> HandleAsync(CreateCompanyRequest request, IMediator mediator, CancellationToken cancellationToken)
    {
        var company = await mediator.Send(
            new CreateCompanyCommand(request.Name, request.Country, request.Currency, request.TimeZone, request.Language), cancellationToken);
        return TypedResults.Created($"/api/companies/{company.Id}", company);
    }
}
