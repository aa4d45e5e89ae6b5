using Etrepaye.Guarantees.Contracts;
using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Domain;
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
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Guarantees.Features.RecordCallReceipt;

/// <param name="Amount">What the issuer paid, in the call's currency.</param>
public sealed record RecordCallReceiptRequest(decimal Amount, DateOnly ReceivedOn, string? Reference);

internal sealed record RecordCallReceiptCommand(Guid CallId, decimal Amount, DateOnly ReceivedOn, string? Reference) : ICommand<GuaranteeCallResponse>;

internal sealed class RecordCallReceiptValidator : AbstractValidator<RecordCallReceiptCommand>
{
    public RecordCallReceiptValidator()
    {
        RuleFor(c => c.Amount).GreaterThan(0m).WithMessage("The amount must be positive.");
        RuleFor(c => c.ReceivedOn).NotEqual(default(DateOnly)).WithMessage("The date of receipt is required.");
        RuleFor(c => c.Reference).MaximumLength(100);
    }
}

internal sealed class RecordCallReceiptHandler(GuaranteesDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<RecordCallReceiptCommand, GuaranteeCallResponse>
{
    public async Task<GuaranteeCallResponse> Handle(RecordCallReceiptCommand command, CancellationToken cancellationToken)
    {
        var call = await db.Calls.SingleOrDefaultAsync(c => c.Id == command.CallId, cancellationToken) ?? throw new NotFoundException("Call", command.CallId);
        if (command.Amount > call.Amount - call.AmountReceived)
        {
            throw new BusinessRuleException("receipt-exceeds-call", $"Only {call.Amount - call.AmountReceived} {call.Currency} is outstanding on this call.", "amount");
        }

        if (command.ReceivedOn < call.CalledOn)
        {
            throw new BusinessRuleException("receipt-before-call", "Money cannot be received before the call was made.", "receivedOn");
        }

        call.Receive(command.Amount);
        db.CallReceipts.Add(new GuaranteeCallReceipt
        {
            Id = Ids.New(timeProvider),
            CompanyId = call.CompanyId,
            CallId = call.Id,
            Amount = command.Amount,
            ReceivedOn = command.ReceivedOn,
            Reference = command.Reference,
            RecordedAt = timeProvider.GetUtcNow(),
            RecordedBy = requestContext.ActorName,
        });
        db.Publish(new GuaranteeCallProceedsReceived(
            call.CompanyId, call.GuaranteeId, call.Id, call.CustomerId, new Money(command.Amount, call.Currency), new Money(call.AmountReceived, call.Currency),
            new Money(call.Amount - call.AmountReceived, call.Currency), call.InvoiceIds, command.ReceivedOn));
        await db.SaveChangesAsync(cancellationToken);
        return await GuaranteeReads.CallResponseAsync(db, call, cancellationToken);
    }
}

internal static class RecordCallReceiptEndpoint
{
    public static void MapRecordCallReceipt(this RouteGroupBuilder guarantees) =>
        guarantees.MapPost("calls/{callId:guid}/receipts", (Guid callId, RecordCallReceiptRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new RecordCallReceiptCommand(callId, r.Amount, r.ReceivedOn, r.Reference), cancellationToken))
            .WithName("RecordCallReceipt")
            .WithSummary("Records money received from the issuer on a call; publishes GuaranteeCallProceedsReceived for the customer's collection case.")
            .RequireCompanyRoles(GuaranteesModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
