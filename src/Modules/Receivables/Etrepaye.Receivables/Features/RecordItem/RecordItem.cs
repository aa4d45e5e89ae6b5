using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
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

namespace Etrepaye.Receivables.Features.RecordItem;

/// <param name="Currency">Defaults to the customer's currency.</param>
/// <param name="DueDate">Invoices: defaults to the issue date plus the customer's payment terms.</param>
/// <param name="Amount">Positive; only an adjustment may be negative (it then lowers what the customer owes).</param>
public sealed record RecordItemRequest(Guid CustomerId, string Reference, string? Currency, DateOnly IssueDate, DateOnly? DueDate, decimal Amount, bool Disputed);

internal sealed record RecordItemCommand(ItemType Type, Guid CustomerId, string Reference, string? Currency, DateOnly IssueDate, DateOnly? DueDate, decimal Amount, bool Disputed)
    : ICommand<ItemResponse>;

internal sealed class RecordItemValidator : AbstractValidator<RecordItemCommand>
{
    public RecordItemValidator()
    {
        RuleFor(c => c.CustomerId).NotEmpty();
        RuleFor(c => c.Reference).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Currency!).Must(Currency.IsKnown).When(c => c.Currency is not null).WithMessage("'{PropertyValue}' is not an ISO 4217 currency code.");
        RuleFor(c => c.Amount).NotEqual(0m).GreaterThan(0m).When(c => c.Type != ItemType.Adjustment).WithMessage("The amount must be positive.");
        RuleFor(c => c.Amount).NotEqual(0m).When(c => c.Type == ItemType.Adjustment).WithMessage("An adjustment is not zero.");
        RuleFor(c => c.DueDate).GreaterThanOrEqualTo(c => c.IssueDate).When(c => c.DueDate is not null).WithMessage("The due date is on or after the issue date.");
        RuleFor(c => c.IssueDate).NotEqual(default(DateOnly));
    }
}

internal sealed class RecordItemHandler(ReceivablesDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<RecordItemCommand, ItemResponse>
{
    public async Task<ItemResponse> Handle(RecordItemCommand command, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.Id == command.CustomerId, cancellationToken)
            ?? throw new BusinessRuleException("customer-unknown", "The customer does not exist in this company.", "customerId");
        var reference = command.Reference.Trim();
        if (await db.Items.AnyAsync(i => i.Type == command.Type && i.Reference == reference, cancellationToken))
        {
            throw new ConflictException($"A {command.Type} with reference '{reference}' already exists.");
        }

        var currency = command.Currency ?? customer.Currency;
        var item = new Item
        {
            Id = Ids.New(timeProvider),
            CompanyId = requestContext.CompanyId,
            CustomerId = customer.Id,
            Type = command.Type,
            Reference = reference,
            Currency = currency,
            IssueDate = command.IssueDate,
            DueDate = command.Type == ItemType.Invoice ? command.DueDate ?? command.IssueDate.AddDays(customer.PaymentTermsDays) : command.DueDate,
            Amount = command.Amount,
            OpenAmount = command.Amount,
            Status = ItemStatus.Open,
            Disputed = command.Disputed,
        };
        db.Items.Add(item);
        var money = new Money(item.Amount, currency);
        switch (item.Type)
        {
            case ItemType.Invoice:
                db.Publish(new InvoiceIssued(item.CompanyId, customer.Id, item.Id, reference, money, item.IssueDate, item.DueDate!.Value));
                break;
            case ItemType.CreditNote:
                db.Publish(new CreditNoteIssued(item.CompanyId, customer.Id, item.Id, reference, money, item.IssueDate));
                break;
            case ItemType.Payment:
                db.Publish(new PaymentReceived(item.CompanyId, customer.Id, item.Id, reference, money, item.IssueDate));
                break;
            default:
                break;
        }

        return ItemResponse.From(item);
    }
}

internal static class RecordItemEndpoint
{
    public static void MapRecordItems(this RouteGroupBuilder receivables)
    {
        Map(receivables, "invoices", ItemType.Invoice, "RecordInvoice", "Records an invoice (publishes InvoiceIssued).");
        Map(receivables, "credit-notes", ItemType.CreditNote, "RecordCreditNote", "Records a credit note, unallocated until allocated (publishes CreditNoteIssued).");
        Map(receivables, "payments", ItemType.Payment, "RecordPayment", "Records a payment received, unapplied cash until allocated (publishes PaymentReceived).");
        Map(receivables, "adjustments", ItemType.Adjustment, "RecordAdjustment", "Records a manual adjustment of what a customer owes (positive or negative).");
    }

    private static void Map(RouteGroupBuilder receivables, string path, ItemType type, string name, string summary) =>
        receivables.MapPost(path, async Task<Created<ItemResponse>> (Guid companyId, RecordItemRequest r, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var item = await mediator.Send(
                    new RecordItemCommand(type, r.CustomerId, r.Reference ?? "", r.Currency, r.IssueDate, r.DueDate, r.Amount, r.Disputed), cancellationToken);
                return TypedResults.Created($"/api/companies/{companyId}/receivables/items/{item.Id}", item);
            })
            .WithName(name)
            .WithSummary(summary)
            .RequireCompanyRoles(ReceivablesModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
