using Etrepaye.Access.Contracts;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
using Etrepaye.Receivables.Ledger;
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

namespace Etrepaye.Receivables.Features.AllocateItem;

/// <param name="SourceItemId">A payment or a credit note.</param>
/// <param name="TargetItemId">An invoice or a positive adjustment of the same customer; in another currency, the company's rate of the source's date converts.</param>
/// <param name="Amount">In the source's currency. Defaults to the most the two open amounts allow; what is left of a payment stays unapplied cash.</param>
/// <param name="Date">Defaults to today in the company's time zone.</param>
public sealed record AllocateItemRequest(Guid SourceItemId, Guid TargetItemId, decimal? Amount, DateOnly? Date);

/// <param name="TargetAmount">What was taken off the target, in its currency.</param>
/// <param name="Rate">The rate used (one unit of the source's currency in the target's), with its date; null in one currency.</param>
public sealed record AllocateItemResponse(Guid AllocationId, decimal Amount, decimal TargetAmount, decimal? Rate, DateOnly? RateDate, ItemResponse Source, ItemResponse Target);

internal sealed record AllocateItemCommand(Guid SourceItemId, Guid TargetItemId, decimal? Amount, DateOnly? Date) : ICommand<AllocateItemResponse>;

internal sealed class AllocateItemValidator : AbstractValidator<AllocateItemCommand>
{
    public AllocateItemValidator()
    {
        RuleFor(c => c.SourceItemId).NotEmpty();
        RuleFor(c => c.TargetItemId).NotEmpty();
        RuleFor(c => c.Amount).GreaterThan(0m).When(c => c.Amount is not null);
    }
}

internal sealed class AllocateItemHandler(
    ReceivablesDbContext db, LedgerReader ledger, RequestContext requestContext, ICompanyClock clock, TimeProvider timeProvider)
    : IRequestHandler<AllocateItemCommand, AllocateItemResponse>
{
    public async Task<AllocateItemResponse> Handle(AllocateItemCommand command, CancellationToken cancellationToken)
    {
        var source = await db.Items.SingleOrDefaultAsync(i => i.Id == command.SourceItemId, cancellationToken)
            ?? throw new NotFoundException("Item", command.SourceItemId);
        var target = await db.Items.SingleOrDefaultAsync(i => i.Id == command.TargetItemId, cancellationToken)
            ?? throw new NotFoundException("Item", command.TargetItemId);
        if (source.Type is not (ItemType.Payment or ItemType.CreditNote))
        {
            throw new BusinessRuleException("allocation-source", "Only a payment or a credit note can be allocated.", "sourceItemId");
        }

        if (target.Type is not (ItemType.Invoice or ItemType.Adjustment) || target.OpenAmount <= 0m)
        {
            throw new BusinessRuleException("allocation-target", "The target must be an invoice or adjustment with an open amount.", "targetItemId");
        }

        if (source.CustomerId != target.CustomerId)
        {
            throw new BusinessRuleException("allocation-customer", "A payment or credit note is allocated to an item of the same customer.", "targetItemId");
        }

        var today = await clock.TodayAsync(db.CurrentCompanyId, cancellationToken);
        var date = command.Date ?? today;
        if (date < source.IssueDate || date < target.IssueDate)
        {
            throw new BusinessRuleException("allocation-date", "An allocation is dated on or after both items' issue dates.", "date");
        }

        // Across currencies, the company's rate of the payment's (or credit note's) date converts the source's amount into the target's currency.
        ExchangeRateUsed? conversion = null;
        if (source.Currency != target.Currency)
        {
            conversion = (await ledger.ConverterAsync(cancellationToken)).RateWithDate(source.Currency, target.Currency, source.IssueDate)
                ?? throw new BusinessRuleException(
                    "allocation-rate-missing",
                    $"No {source.Currency}→{target.Currency} exchange rate on or before {source.IssueDate:yyyy-MM-dd} (the date of the {source.Type}): set one first.",
                    "targetItemId");
        }

        var minorUnits = Etrepaye.Shared.Contracts.Currency.Parse(target.Currency).MinorUnits;
        decimal OnTarget(decimal amount) => conversion is null ? amount : Math.Round(amount * conversion.Rate, minorUnits, MidpointRounding.ToEven);
        var coverable = conversion is null ? target.OpenAmount : Math.Round(target.OpenAmount / conversion.Rate, 4, MidpointRounding.ToPositiveInfinity);
        var amount = command.Amount ?? Math.Min(source.OpenAmount, coverable);
        var targetAmount = Math.Min(OnTarget(amount), target.OpenAmount);
        if (amount <= 0m || amount > source.OpenAmount || amount > coverable || targetAmount <= 0m)
        {
            throw new BusinessRuleException(
                "allocation-amount",
                $"The amount must be positive and at most {Math.Min(source.OpenAmount, coverable)} {source.Currency} (the open amounts).", "amount");
        }

        var allocation = new Allocation
        {
            Id = Ids.New(timeProvider),
            CompanyId = requestContext.CompanyId,
            SourceItemId = source.Id,
            TargetItemId = target.Id,
            Amount = amount,
            TargetAmount = conversion is null ? null : targetAmount,
            Rate = conversion?.Rate,
            RateDate = conversion?.Date,
            Date = date,
        };
        db.Allocations.Add(allocation);
        source.Reduce(amount, date);
        target.Reduce(targetAmount, date);
        if (target.Status == ItemStatus.Settled && target.Type == ItemType.Invoice)
        {
            db.Publish(new InvoiceSettled(target.CompanyId, target.CustomerId, target.Id, target.Reference, date));
            var wasOverdue = target.DueDate < today;
            var overdueLeft = await db.Items.AnyAsync(
                i => i.CustomerId == target.CustomerId && i.Id != target.Id && i.Status == ItemStatus.Open
                    && (i.Type == ItemType.Invoice || i.Type == ItemType.Adjustment) && i.DueDate < today,
                cancellationToken);
            if (wasOverdue && !overdueLeft)
            {
                db.Publish(new CustomerAccountSettled(target.CompanyId, target.CustomerId, date));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return new AllocateItemResponse(allocation.Id, amount, targetAmount, allocation.Rate, allocation.RateDate, ItemResponse.From(source), ItemResponse.From(target));
    }
}

internal static class AllocateItemEndpoint
{
    public static void MapAllocateItem(this RouteGroupBuilder receivables) =>
        receivables.MapPost("allocations", (AllocateItemRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new AllocateItemCommand(r.SourceItemId, r.TargetItemId, r.Amount, r.Date), cancellationToken))
            .WithName("AllocateItem")
            .WithSummary("Applies (part of) a payment or credit note to an invoice of the same customer, converting at the company's rate of the payment's date across currencies.")
            .RequireCompanyRoles(ReceivablesModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
