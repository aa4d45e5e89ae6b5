using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Domain;
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
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Guarantees.Features.CreatePolicy;

/// <param name="CoveragePercent">The share of a loss the insurer pays, e.g. 90.</param>
/// <param name="MaxExtensionDays">Days past due an invoice may stay unpaid before the overdue must be declared.</param>
/// <param name="DeclarationDelayDays">Days allowed after the maximum extension period to declare it.</param>
/// <param name="PaymentPlanNotificationDays">Days allowed to notify a payment plan granted to a buyer.</param>
/// <param name="ClaimFilingDays">Days allowed after a declaration to file the claim.</param>
public sealed record CreatePolicyRequest(
    string InsurerName, string PolicyNumber, string Currency, decimal CoveragePercent, int MaxExtensionDays, int DeclarationDelayDays,
    int PaymentPlanNotificationDays, int ClaimFilingDays, DateOnly StartDate, DateOnly? EndDate);

internal sealed record CreatePolicyCommand(
    string InsurerName, string PolicyNumber, string Currency, decimal CoveragePercent, int MaxExtensionDays, int DeclarationDelayDays,
    int PaymentPlanNotificationDays, int ClaimFilingDays, DateOnly StartDate, DateOnly? EndDate) : ICommand<PolicyResponse>;

internal sealed class CreatePolicyValidator : AbstractValidator<CreatePolicyCommand>
{
    public CreatePolicyValidator()
    {
        RuleFor(c => c.InsurerName).NotEmpty().MaximumLength(200);
        RuleFor(c => c.PolicyNumber).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Currency).IsCurrencyCode();
        RuleFor(c => c.CoveragePercent).GreaterThan(0m).LessThanOrEqualTo(100m);
        RuleFor(c => c.MaxExtensionDays).InclusiveBetween(0, 365);
        RuleFor(c => c.DeclarationDelayDays).InclusiveBetween(0, 365);
        RuleFor(c => c.PaymentPlanNotificationDays).InclusiveBetween(0, 365);
        RuleFor(c => c.ClaimFilingDays).InclusiveBetween(0, 730);
        RuleFor(c => c.StartDate).NotEqual(default(DateOnly)).WithMessage("The start date is required.");
        RuleFor(c => c.EndDate).GreaterThanOrEqualTo(c => c.StartDate).When(c => c.EndDate is not null).WithMessage("The end date cannot be before the start date.");
    }
}

internal sealed class CreatePolicyHandler(GuaranteesDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<CreatePolicyCommand, PolicyResponse>
{
    public async Task<PolicyResponse> Handle(CreatePolicyCommand command, CancellationToken cancellationToken)
    {
        var number = command.PolicyNumber.Trim();
        if (await db.Policies.AnyAsync(p => p.PolicyNumber == number, cancellationToken))
        {
            throw new ConflictException($"A policy numbered '{number}' already exists.");
        }

        var policy = new InsurancePolicy
        {
            Id = Ids.New(timeProvider),
            CompanyId = requestContext.CompanyId,
            InsurerName = command.InsurerName.Trim(),
            PolicyNumber = number,
            Currency = command.Currency,
            CoveragePercent = command.CoveragePercent,
            MaxExtensionDays = command.MaxExtensionDays,
            DeclarationDelayDays = command.DeclarationDelayDays,
            PaymentPlanNotificationDays = command.PaymentPlanNotificationDays,
            ClaimFilingDays = command.ClaimFilingDays,
            StartDate = command.StartDate,
            EndDate = command.EndDate,
        };
        db.Policies.Add(policy);
        return PolicyResponse.From(policy);
    }
}

internal static class CreatePolicyEndpoint
{
    public static void MapCreatePolicy(this RouteGroupBuilder guarantees) =>
        guarantees.MapPost("policies", HandleAsync)
            .WithName("CreateInsurancePolicy")
            .WithSummary("Records a credit-insurance policy: insurer, number, coverage percentage, maximum extension and the insurer's deadlines.")
            .RequireCompanyRoles(GuaranteesModule.ManagerRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Created<PolicyResponse>> HandleAsync(Guid companyId, CreatePolicyRequest r, IMediator mediator, CancellationToken cancellationToken)
    {
        var policy = await mediator.Send(
            new CreatePolicyCommand(
                r.InsurerName ?? "", r.PolicyNumber ?? "", r.Currency ?? "", r.CoveragePercent, r.MaxExtensionDays, r.DeclarationDelayDays,
                r.PaymentPlanNotificationDays, r.ClaimFilingDays, r.StartDate, r.EndDate),
            cancellationToken);
        return TypedResults.Created($"/api/companies/{companyId}/guarantees/policies/{policy.Id}", policy);
    }
}
