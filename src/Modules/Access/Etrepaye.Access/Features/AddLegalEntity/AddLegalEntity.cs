using Etrepaye.Access.Data;
using Etrepaye.Access.Domain;
using Etrepaye.Shared;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Shared.Validation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Access.Features.AddLegalEntity;

public sealed record AddLegalEntityRequest(string Code, string Name, string? Siren, string? VatNumber, Money? ShareCapital, string? Address);

public sealed record LegalEntityResponse(Guid Id, string Code, string Name, string? Siren, string? VatNumber, Money? ShareCapital, string? Address)
{
    internal static LegalEntityResponse From(LegalEntity entity) => new(
        entity.Id, entity.Code, entity.Name, entity.Siren, entity.VatNumber,
        entity.ShareCapitalAmount is { } amount ? new Money(amount, entity.ShareCapitalCurrency!) : null,
        entity.Address);
}

internal sealed record AddLegalEntityCommand(string Code, string Name, string? Siren, string? VatNumber, Money? ShareCapital, string? Address)
    : ICommand<LegalEntityResponse>;

internal sealed class AddLegalEntityValidator : AbstractValidator<AddLegalEntityCommand>
{
    public AddLegalEntityValidator()
    {
        RuleFor(c => c.Code).NotEmpty().MaximumLength(40).Matches("^[A-Za-z0-9_-]+$").WithMessage("The code may hold letters, digits, '-' and '_' only.");
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
        RuleFor(c => c.Siren).Matches("^[0-9]{9}$").When(c => c.Siren is not null).WithMessage("A SIREN has 9 digits.");
        RuleFor(c => c.VatNumber).Matches("^[A-Z]{2}[0-9A-Z]{2,18}$").When(c => c.VatNumber is not null)
            .WithMessage("A VAT number starts with its country code, e.g. FR40303265045.");
        RuleFor(c => c.ShareCapital!.Value).IsValidMoney().OverridePropertyName("ShareCapital").When(c => c.ShareCapital is not null);
        RuleFor(c => c.Address).MaximumLength(500);
    }
}

internal sealed class AddLegalEntityHandler(AccessDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<AddLegalEntityCommand, LegalEntityResponse>
{
    public async Task<LegalEntityResponse> Handle(AddLegalEntityCommand command, CancellationToken cancellationToken)
    {
        if (await db.LegalEntities.AnyAsync(e => e.Code == command.Code, cancellationToken))
        {
            throw new ConflictException($"A legal entity with code '{command.Code}' already exists.");
        }

        var entity = new LegalEntity
        {
            Id = Ids.New(timeProvider),
            CompanyId = requestContext.CompanyId,
            Code = command.Code,
            Name = command.Name.Trim(),
            Siren = command.Siren,
            VatNumber = command.VatNumber,
            ShareCapitalAmount = command.ShareCapital?.Amount,
            ShareCapitalCurrency = command.ShareCapital?.Currency,
            Address = command.Address,
        };
        db.LegalEntities.Add(entity);
        return LegalEntityResponse.From(entity);
    }
}

internal static class AddLegalEntityEndpoint
{
    public static void MapAddLegalEntity(this RouteGroupBuilder company) =>
        company.MapPost("legal-entities", HandleAsync)
            .WithName("AddLegalEntity")
            .WithSummary("Adds a legal entity of the group (the creditor named on invoices and letters).")
            .RequireCompanyRoles(CompanyRole.Administrator)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Created<LegalEntityResponse>> HandleAsync(
        Guid companyId, AddLegalEntityRequest request, IMediator mediator, CancellationToken cancellationToken)
    {
        var entity = await mediator.Send(
            new AddLegalEntityCommand(request.Code, request.Name, request.Siren, request.VatNumber, request.ShareCapital, request.Address), cancellationToken);
        return TypedResults.Created($"/api/companies/{companyId}/legal-entities/{entity.Id}", entity);
    }
}
