using Etrepaye.Access.Contracts;
using Etrepaye.Guarantees.Contracts;
using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Domain;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared;
using Etrepaye.Shared.Contracts;
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

namespace Etrepaye.Guarantees.Features.CallGuarantee;

/// <param name="Amount">The amount claimed, in the guarantee's currency; at most what is left of it.</param>
/// <param name="InvoiceIds">The customer's invoices the call is for (open on the call date).</param>
/// <param name="CalledOn">The date of the call (today when not given), within the validity and before the claim deadline.</param>
public sealed record CallGuaranteeRequest(decimal Amount, IReadOnlyList<Guid>? InvoiceIds, DateOnly? CalledOn, string? Reason);

/// <param name="CallId">A chosen id (a procedure's effect derives it from its idempotency key): a call that exists already is answered as is.</param>
internal sealed record CallGuaranteeCommand(Guid GuaranteeId, decimal Amount, IReadOnlyList<Guid> InvoiceIds, DateOnly? CalledOn, string? Reason, Guid? CallId = null)
    : ICommand<GuaranteeCallResponse>;

internal sealed class CallGuaranteeValidator : AbstractValidator<CallGuaranteeCommand>
{
    public CallGuaranteeValidator()
    {
        RuleFor(c => c.Amount).GreaterThan(0m).WithMessage("The amount must be positive.");
        RuleFor(c => c.InvoiceIds.Count).LessThanOrEqualTo(500).OverridePropertyName("InvoiceIds");
        RuleFor(c => c.Reason).MaximumLength(500);
    }
}

internal sealed class CallGuaranteeHandler(
    GuaranteesDbContext db, IReceivablesQueries receivables, ICompanyClock companyDay, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<CallGuaranteeCommand, GuaranteeCallResponse>
{
    public async Task<GuaranteeCallResponse> Handle(CallGuaranteeCommand command, CancellationToken cancellationToken)
    {
        if (command.CallId is { } chosen && await db.Calls.AsNoTracking().SingleOrDefaultAsync(c => c.Id == chosen, cancellationToken) is { } existing)
        {
            return await GuaranteeReads.CallResponseAsync(db, existing, cancellationToken);
        }

        var guarantee = await GuaranteeReads.FindAsync(db, command.GuaranteeId, cancellationToken);
        var calledOn = command.CalledOn ?? await companyDay.TodayAsync(requestContext.CompanyId, cancellationToken);
        if (guarantee.Status is not (GuaranteeStatus.Active or GuaranteeStatus.Called or GuaranteeStatus.Expired) || guarantee.ActivatedOn is null)
        {
            throw new BusinessRuleException("guarantee-not-callable", $"A {guarantee.Status} guarantee cannot be called.");
        }

        if (calledOn < guarantee.StartDate || calledOn > guarantee.ClaimDeadline || (guarantee.ReleasedOn is { } released && calledOn >= released))
        {
            throw new BusinessRuleException(
                "call-out-of-time", $"The guarantee can be called from {guarantee.StartDate:yyyy-MM-dd} to its claim deadline {guarantee.ClaimDeadline:yyyy-MM-dd}.", "calledOn");
        }

        var left = guarantee.Amount - await GuaranteeReads.AmountCalledAsync(db, guarantee.Id, cancellationToken);
        if (command.Amount > left)
        {
            throw new BusinessRuleException("call-exceeds-guarantee", $"Only {left} {guarantee.Currency} is left to call on this guarantee.", "amount");
        }

        var invoiceIds = command.InvoiceIds.Distinct().ToArray();
        if (invoiceIds.Length > 0)
        {
            var open = (await receivables.GetOpenItemsAsync(guarantee.CustomerId, calledOn, cancellationToken)).Where(i => i.Type == "Invoice").Select(i => i.ItemId).ToHashSet();
            if (invoiceIds.FirstOrDefault(id => !open.Contains(id)) is var unknown && unknown != Guid.Empty)
            {
                throw new BusinessRuleException("invoice-not-open", $"Invoice {unknown} is not an open invoice of the customer on {calledOn:yyyy-MM-dd}.", "invoiceIds");
            }
        }

        var call = new GuaranteeCall
        {
            Id = command.CallId ?? Ids.New(timeProvider),
            CompanyId = guarantee.CompanyId,
            GuaranteeId = guarantee.Id,
            CustomerId = guarantee.CustomerId,
            Amount = command.Amount,
            Currency = guarantee.Currency,
            CalledOn = calledOn,
            InvoiceIds = invoiceIds,
            Reason = command.Reason,
            Status = CallStatus.Open,
            CalledBy = requestContext.ActorName,
        };
        db.Calls.Add(call);
        if (guarantee.Status != GuaranteeStatus.Called && guarantee.Status != GuaranteeStatus.Expired)
        {
            GuaranteeReads.AddHistory(db, guarantee, GuaranteeStatus.Called, calledOn, requestContext.ActorName, command.Reason, timeProvider.GetUtcNow(), Ids.New(timeProvider));
        }

        db.Publish(new GuaranteeCalled(call.CompanyId, guarantee.Id, call.Id, call.CustomerId, new Money(call.Amount, call.Currency), invoiceIds, calledOn));
        return GuaranteeReads.CallResponse(call, []);
    }
}

internal static class CallGuaranteeEndpoint
{
    public static void MapCallGuarantee(this RouteGroupBuilder guarantees) =>
        guarantees.MapPost("{guaranteeId:guid}/calls", HandleAsync)
            .WithName("CallGuarantee")
            .WithSummary("Calls (draws on) a guarantee for an amount and the invoices concerned; publishes GuaranteeCalled.")
            .RequireCompanyRoles(GuaranteesModule.ManagerRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<Created<GuaranteeCallResponse>> HandleAsync(
        Guid companyId, Guid guaranteeId, CallGuaranteeRequest r, IMediator mediator, CancellationToken cancellationToken)
    {
        var call = await mediator.Send(new CallGuaranteeCommand(guaranteeId, r.Amount, r.InvoiceIds ?? [], r.CalledOn, r.Reason), cancellationToken);
        return TypedResults.Created($"/api/companies/{companyId}/guarantees/calls/{call.Id}", call);
    }
}
