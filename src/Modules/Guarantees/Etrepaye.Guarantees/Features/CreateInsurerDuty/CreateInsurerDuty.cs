using Etrepaye.Guarantees.Checks;
using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Domain;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Guarantees.Features.CreateInsurerDuty;

/// <param name="Type">NotifyPaymentPlan, FileClaim or DeclareOverdue.</param>
/// <param name="EventDate">What starts the clock: the day the payment plan was agreed, the day the overdue was declared, or the invoice's due date.</param>
/// <param name="Deadline">Overrides the deadline the policy gives.</param>
public sealed record CreateInsurerDutyRequest(
    Guid PolicyId, Guid CustomerId, string Type, DateOnly EventDate, Guid? InvoiceId, string? InvoiceReference, DateOnly? Deadline, string? Note);

internal sealed record CreateInsurerDutyCommand(
    Guid PolicyId, Guid CustomerId, string Type, DateOnly EventDate, Guid? InvoiceId, string? InvoiceReference, DateOnly? Deadline, string? Note)
    : ICommand<InsurerDutyResponse>;

internal sealed class CreateInsurerDutyValidator : AbstractValidator<CreateInsurerDutyCommand>
{
    public CreateInsurerDutyValidator()
    {
        RuleFor(c => c.PolicyId).NotEmpty();
        RuleFor(c => c.CustomerId).NotEmpty();
        RuleFor(c => c.Type).Must(t => Enum.TryParse<InsurerDutyType>(t, true, out _)).WithMessage("type is DeclareOverdue, NotifyPaymentPlan or FileClaim.");
        RuleFor(c => c.EventDate).NotEqual(default(DateOnly)).WithMessage("The event date is required.");
        RuleFor(c => c.Deadline).GreaterThanOrEqualTo(c => c.EventDate).When(c => c.Deadline is not null).WithMessage("The deadline cannot be before the event date.");
        RuleFor(c => c.InvoiceReference).MaximumLength(100);
        RuleFor(c => c.Note).MaximumLength(500);
    }
}

internal sealed class CreateInsurerDutyHandler(GuaranteesDbContext db, IReceivablesQueries receivables, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<CreateInsurerDutyCommand, InsurerDutyResponse>
{
    public async Task<InsurerDutyResponse> Handle(CreateInsurerDutyCommand command, CancellationToken cancellationToken)
    {
        var policy = await db.Policies.AsNoTracking().SingleOrDefaultAsync(p => p.Id == command.PolicyId, cancellationToken)
            ?? throw new BusinessRuleException("policy-unknown", "The policy does not exist in this company.", "policyId");
        if ((await receivables.GetCustomersAsync([command.CustomerId], cancellationToken)).Count == 0)
        {
            throw new BusinessRuleException("customer-unknown", "The customer does not exist in this company.", "customerId");
        }

        var type = Enum.Parse<InsurerDutyType>(command.Type, true);
        if (command.InvoiceId is { } invoice && await db.Duties.AnyAsync(d => d.PolicyId == policy.Id && d.Type == type && d.InvoiceId == invoice, cancellationToken))
        {
            throw new ConflictException($"A {type} duty already exists for this invoice under this policy.");
        }

        var deadline = command.Deadline ?? type switch
        {
            InsurerDutyType.DeclareOverdue => policy.DeclarationDeadline(command.EventDate),
            InsurerDutyType.NotifyPaymentPlan => command.EventDate.AddDays(policy.PaymentPlanNotificationDays),
            _ => command.EventDate.AddDays(policy.ClaimFilingDays),
        };
        var duty = InsurerDuties.Add(db, timeProvider, new InsurerDuty
        {
            Id = Ids.New(timeProvider),
            CompanyId = requestContext.CompanyId,
            PolicyId = policy.Id,
            CustomerId = command.CustomerId,
            Type = type,
            InvoiceId = command.InvoiceId,
            InvoiceReference = command.InvoiceReference,
            ArisenOn = command.EventDate,
            Deadline = deadline,
            Status = InsurerDutyStatus.Open,
            Note = command.Note,
        });
        return InsurerDutyResponse.From(duty, command.EventDate);
    }
}

internal static class CreateInsurerDutyEndpoint
{
    public static void MapCreateInsurerDuty(this RouteGroupBuilder guarantees) =>
        guarantees.MapPost("duties", HandleAsync)
            .WithName("CreateInsurerDuty")
            .WithSummary("Records a duty owed to the insurer (e.g. notify a payment plan); its deadline comes from the policy unless given.")
            .RequireCompanyRoles(GuaranteesModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<Created<InsurerDutyResponse>> HandleAsync(Guid companyId, CreateInsurerDutyRequest r, IMediator mediator, CancellationToken cancellationToken)
    {
        var duty = await mediator.Send(
            new CreateInsurerDutyCommand(r.PolicyId, r.CustomerId, r.Type ?? "", r.EventDate, r.InvoiceId, r.InvoiceReference, r.Deadline, r.Note), cancellationToken);
        return TypedResults.Created($"/api/companies/{companyId}/guarantees/duties/{duty.Id}", duty);
    }
}
