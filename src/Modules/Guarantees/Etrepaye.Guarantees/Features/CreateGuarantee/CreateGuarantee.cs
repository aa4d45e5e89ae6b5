using Etrepaye.Access.Contracts;
using Etrepaye.Guarantees.Cover;
using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Domain;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared;
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

namespace Etrepaye.Guarantees.Features.CreateGuarantee;

/// <param name="Type">BankGuarantee, StandbyLetterOfCredit, DocumentaryLetterOfCredit, ParentCompanyGuarantee, Deposit or CreditInsuranceCover.</param>
/// <param name="CoversGroup">Given for a group head: it also covers the head's subsidiaries.</param>
/// <param name="ClaimDeadline">The last day a call is accepted; the expiry date when not given.</param>
/// <param name="Scope">AllReceivables (default), SpecificInvoices or SpecificContracts.</param>
/// <param name="ScopeReferences">The invoice or contract references covered, when the scope is specific.</param>
public sealed record CreateGuaranteeRequest(
    Guid CustomerId, string Type, string IssuerName, string? IssuerReference, string? BeneficiaryLegalEntityCode, decimal Amount, string Currency,
    DateOnly StartDate, DateOnly ExpiryDate, DateOnly? ClaimDeadline, bool? CoversGroup, string? Scope, IReadOnlyList<string>? ScopeReferences, string? Notes);

internal sealed record CreateGuaranteeCommand(
    Guid CustomerId, string Type, string IssuerName, string? IssuerReference, string? BeneficiaryLegalEntityCode, decimal Amount, string Currency,
    DateOnly StartDate, DateOnly ExpiryDate, DateOnly? ClaimDeadline, bool CoversGroup, string? Scope, IReadOnlyList<string> ScopeReferences, string? Notes)
    : ICommand<GuaranteeResponse>;

internal sealed class CreateGuaranteeValidator : AbstractValidator<CreateGuaranteeCommand>
{
    public CreateGuaranteeValidator()
    {
        RuleFor(c => c.CustomerId).NotEmpty();
        RuleFor(c => c.Type).Must(t => Enum.TryParse<GuaranteeType>(t, true, out _)).WithMessage($"type is one of {GuaranteeTypes.Names}.");
        RuleFor(c => c.IssuerName).NotEmpty().MaximumLength(200);
        RuleFor(c => c.IssuerReference).MaximumLength(100);
        RuleFor(c => c.BeneficiaryLegalEntityCode).MaximumLength(40);
        RuleFor(c => c.Amount).GreaterThan(0m).WithMessage("The amount must be positive.").LessThan(1_000_000_000_000m);
        RuleFor(c => c.Currency).IsCurrencyCode();
        RuleFor(c => c.StartDate).NotEqual(default(DateOnly)).WithMessage("The start date is required.");
        RuleFor(c => c.ExpiryDate).NotEqual(default(DateOnly)).WithMessage("The expiry date is required.")
            .GreaterThanOrEqualTo(c => c.StartDate).WithMessage("The expiry date cannot be before the start date.");
        RuleFor(c => c.ClaimDeadline).GreaterThanOrEqualTo(c => c.ExpiryDate).When(c => c.ClaimDeadline is not null)
            .WithMessage("The claim deadline cannot be before the expiry date.");
        RuleFor(c => c.Scope).Must(s => s is null || Enum.TryParse<CoverageScope>(s, true, out _))
            .WithMessage("scope is AllReceivables, SpecificInvoices or SpecificContracts.");
        RuleFor(c => c.ScopeReferences).NotEmpty().When(c => c.Scope is not null && !c.Scope.Equals(nameof(CoverageScope.AllReceivables), StringComparison.OrdinalIgnoreCase))
            .WithMessage("A specific scope lists the invoice or contract references it covers.");
        RuleFor(c => c.ScopeReferences.Count).LessThanOrEqualTo(500).OverridePropertyName("ScopeReferences");
        RuleForEach(c => c.ScopeReferences).NotEmpty().MaximumLength(100).Must(r => !r.Contains('\n')).WithMessage("A reference is one line.");
        RuleFor(c => c.Notes).MaximumLength(2000);
    }
}

internal sealed class CreateGuaranteeHandler(
    GuaranteesDbContext db, IReceivablesQueries receivables, ICompanyClock companyDay, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<CreateGuaranteeCommand, GuaranteeResponse>
{
    public async Task<GuaranteeResponse> Handle(CreateGuaranteeCommand command, CancellationToken cancellationToken)
    {
        if ((await receivables.GetCustomersAsync([command.CustomerId], cancellationToken)).Count == 0)
        {
            throw new BusinessRuleException("customer-unknown", "The customer does not exist in this company.", "customerId");
        }

        var guarantee = new Guarantee
        {
            Id = Ids.New(timeProvider),
            CompanyId = requestContext.CompanyId,
            CustomerId = command.CustomerId,
            CoversGroup = command.CoversGroup,
            Type = Enum.Parse<GuaranteeType>(command.Type, true),
            IssuerName = command.IssuerName.Trim(),
            IssuerReference = command.IssuerReference?.Trim(),
            BeneficiaryLegalEntityCode = command.BeneficiaryLegalEntityCode?.Trim(),
            Amount = command.Amount,
            Currency = command.Currency,
            StartDate = command.StartDate,
            ExpiryDate = command.ExpiryDate,
            ClaimDeadline = command.ClaimDeadline ?? command.ExpiryDate,
            Scope = command.Scope is null ? CoverageScope.AllReceivables : Enum.Parse<CoverageScope>(command.Scope, true),
            ScopeReferences = [.. command.ScopeReferences.Select(r => r.Trim())],
            Notes = command.Notes,
        };
        db.Guarantees.Add(guarantee);
        GuaranteeReads.AddHistory(
            db, guarantee, GuaranteeStatus.Requested, await companyDay.TodayAsync(requestContext.CompanyId, cancellationToken), requestContext.ActorName, "Recorded.",
            timeProvider.GetUtcNow(), Ids.New(timeProvider));
        return GuaranteeResponse.From(guarantee, 0m);
    }
}

internal static class CreateGuaranteeEndpoint
{
    public static void MapCreateGuarantee(this RouteGroupBuilder guarantees) =>
        guarantees.MapPost("", HandleAsync)
            .WithName("CreateGuarantee")
            .WithSummary("Records a guarantee for a customer (or its group) as Requested: type, issuer, beneficiary entity, amount, validity, scope.")
            .RequireCompanyRoles(GuaranteesModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<Created<GuaranteeResponse>> HandleAsync(Guid companyId, CreateGuaranteeRequest r, IMediator mediator, CancellationToken cancellationToken)
    {
        var guarantee = await mediator.Send(
            new CreateGuaranteeCommand(
                r.CustomerId, r.Type ?? "", r.IssuerName ?? "", r.IssuerReference, r.BeneficiaryLegalEntityCode, r.Amount, r.Currency ?? "", r.StartDate,
                r.ExpiryDate, r.ClaimDeadline, r.CoversGroup ?? false, r.Scope, r.ScopeReferences ?? [], r.Notes),
            cancellationToken);
        return TypedResults.Created($"/api/companies/{companyId}/guarantees/{guarantee.Id}", guarantee);
    }
}
