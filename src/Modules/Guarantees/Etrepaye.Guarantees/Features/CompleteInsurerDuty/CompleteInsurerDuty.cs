using Etrepaye.Access.Contracts;
using Etrepaye.Guarantees.Checks;
using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Domain;
using Etrepaye.Shared;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Guarantees.Features.CompleteInsurerDuty;

/// <param name="Outcome">Completed (default: the duty was fulfilled) or Cancelled (it is no longer owed).</param>
/// <param name="CompletedOn">The day it was fulfilled (today when not given).</param>
/// <param name="InsurerReference">The insurer's acknowledgement.</param>
public sealed record CompleteInsurerDutyRequest(string? Outcome, DateOnly? CompletedOn, string? InsurerReference, string? Note);

/// <param name="CompletedBy">Who fulfilled it, when not the caller (a procedure's task).</param>
internal sealed record CompleteInsurerDutyCommand(
    Guid DutyId, string? Outcome, DateOnly? CompletedOn, string? InsurerReference, string? Note, string? CompletedBy = null, bool IgnoreIfClosed = false)
    : ICommand<InsurerDutyResponse>;

internal sealed class CompleteInsurerDutyValidator : AbstractValidator<CompleteInsurerDutyCommand>
{
    public CompleteInsurerDutyValidator()
    {
        RuleFor(c => c.Outcome).Must(o => o is null || (Enum.TryParse<InsurerDutyStatus>(o, true, out var status) && status != InsurerDutyStatus.Open))
            .WithMessage("outcome is Completed or Cancelled.");
        RuleFor(c => c.InsurerReference).MaximumLength(100);
        RuleFor(c => c.Note).MaximumLength(500);
    }
}

/// <summary>Closes a duty; a declaration that was made starts the clock of the claim to file.</summary>
internal sealed class CompleteInsurerDutyHandler(GuaranteesDbContext db, ICompanyClock companyDay, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<CompleteInsurerDutyCommand, InsurerDutyResponse>
{
    public async Task<InsurerDutyResponse> Handle(CompleteInsurerDutyCommand command, CancellationToken cancellationToken)
    {
        var duty = await db.Duties.SingleOrDefaultAsync(d => d.Id == command.DutyId, cancellationToken) ?? throw new NotFoundException("Duty", command.DutyId);
        var today = command.CompletedOn ?? await companyDay.TodayAsync(requestContext.CompanyId, cancellationToken);
        if (duty.Status != InsurerDutyStatus.Open)
        {
            return command.IgnoreIfClosed
                ? InsurerDutyResponse.From(duty, today)
                : throw new BusinessRuleException("duty-closed", $"The duty is already {duty.Status}.");
        }

        duty.Status = command.Outcome is null ? InsurerDutyStatus.Completed : Enum.Parse<InsurerDutyStatus>(command.Outcome, true);
        duty.CompletedOn = today;
        duty.CompletedBy = command.CompletedBy ?? requestContext.ActorName;
        duty.InsurerReference = command.InsurerReference;
        duty.Note = command.Note ?? duty.Note;
        var policy = await db.Policies.AsNoTracking().SingleAsync(p => p.Id == duty.PolicyId, cancellationToken);
        if (duty is { Type: InsurerDutyType.DeclareOverdue, Status: InsurerDutyStatus.Completed } && policy.ClaimFilingDays > 0
            && !await db.Duties.AnyAsync(d => d.PolicyId == duty.PolicyId && d.Type == InsurerDutyType.FileClaim && d.InvoiceId == duty.InvoiceId, cancellationToken))
        {
            InsurerDuties.Add(db, timeProvider, new InsurerDuty
            {
                Id = Ids.New(timeProvider),
                CompanyId = duty.CompanyId,
                PolicyId = duty.PolicyId,
                CustomerId = duty.CustomerId,
                Type = InsurerDutyType.FileClaim,
                InvoiceId = duty.InvoiceId,
                InvoiceReference = duty.InvoiceReference,
                Amount = duty.Amount,
                Currency = duty.Currency,
                ArisenOn = today,
                Deadline = today.AddDays(policy.ClaimFilingDays),
                Status = InsurerDutyStatus.Open,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        return InsurerDutyResponse.From(duty, today);
    }
}

internal static class CompleteInsurerDutyEndpoint
{
    public static void MapCompleteInsurerDuty(this RouteGroupBuilder guarantees) =>
        guarantees.MapPost("duties/{dutyId:guid}/complete", (Guid dutyId, CompleteInsurerDutyRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new CompleteInsurerDutyCommand(dutyId, r.Outcome, r.CompletedOn, r.InsurerReference, r.Note), cancellationToken))
            .WithName("CompleteInsurerDuty")
            .WithSummary("Closes a duty as Completed (with the insurer's reference) or Cancelled; a completed declaration opens the claim-filing duty.")
            .RequireCompanyRoles(GuaranteesModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
