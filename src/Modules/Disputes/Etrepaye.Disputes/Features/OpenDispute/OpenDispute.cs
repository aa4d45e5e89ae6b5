using Etrepaye.Access.Contracts;
using Etrepaye.Disputes.Contracts;
using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Domain;
using Etrepaye.Disputes.Support;
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

namespace Etrepaye.Disputes.Features.OpenDispute;

/// <param name="Amount">The part of the invoice disputed; the whole amount still available when left out.</param>
public sealed record DisputedInvoiceRequest(Guid InvoiceId, decimal? Amount);

/// <param name="Reason">A reason code of the company's list (price, quantity, quality, delivery, billing-error, duplicate, other…).</param>
/// <param name="OwnerDepartment">Who answers it; the reason's department when left out.</param>
/// <param name="OwnerEmail">A member who owns it personally, if any.</param>
/// <param name="PublicNote">What the customer may read about it in reminders.</param>
public sealed record OpenDisputeRequest(
    Guid CustomerId, string? Reason, string? Description, IReadOnlyList<DisputedInvoiceRequest>? Invoices, string? OwnerDepartment, string? OwnerEmail,
    string? PublicNote);

/// <param name="DisputeId">Given by a procedure's effect, so that a repeated effect finds the dispute it opened.</param>
internal sealed record OpenDisputeCommand(
    Guid CustomerId, string Reason, string Description, IReadOnlyList<DisputedInvoiceRequest> Invoices, string? OwnerDepartment, string? OwnerEmail,
    string? PublicNote, string Source = "Manual", Guid? DisputeId = null) : ICommand<DisputeResponse>;

internal sealed class OpenDisputeValidator : AbstractValidator<OpenDisputeCommand>
{
    public OpenDisputeValidator()
    {
        RuleFor(c => c.CustomerId).NotEmpty();
        RuleFor(c => c.Reason).NotEmpty().MaximumLength(40);
        RuleFor(c => c.Description).NotEmpty().MaximumLength(4000);
        RuleFor(c => c.Invoices).NotEmpty().WithMessage("A dispute is about one invoice or more.");
        RuleFor(c => c.Invoices.Count).LessThanOrEqualTo(200).OverridePropertyName("Invoices");
        RuleForEach(c => c.Invoices).ChildRules(invoice =>
        {
            invoice.RuleFor(i => i.InvoiceId).NotEmpty();
            invoice.RuleFor(i => i.Amount).GreaterThan(0m).When(i => i.Amount is not null).WithMessage("The disputed amount must be positive.");
        });
        RuleFor(c => c.Invoices).Must(i => i.Select(x => x.InvoiceId).Distinct().Count() == i.Count).WithMessage("An invoice appears once in a dispute.");
        RuleFor(c => c.OwnerDepartment).MaximumLength(40);
        RuleFor(c => c.OwnerEmail).EmailAddress().MaximumLength(256).When(c => c.OwnerEmail is not null);
        RuleFor(c => c.PublicNote).MaximumLength(2000);
    }
}

internal sealed class OpenDisputeHandler(
    DisputesDbContext db, IReceivablesQueries receivables, ICompanyMembers members, CompanyCalendar calendar, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<OpenDisputeCommand, DisputeResponse>
{
    public async Task<DisputeResponse> Handle(OpenDisputeCommand command, CancellationToken cancellationToken)
    {
        if (command.DisputeId is { } given && await db.Disputes.SingleOrDefaultAsync(d => d.Id == given, cancellationToken) is { } existing)
        {
            return await DisputeRules.ResponseAsync(db, existing, cancellationToken);
        }

        if ((await receivables.GetCustomersAsync([command.CustomerId], cancellationToken)).Count == 0)
        {
            throw new BusinessRuleException("customer-unknown", "The customer does not exist in this company.", "customerId");
        }

        await ReasonCatalog.EnsureAsync(db, requestContext.CompanyId, timeProvider, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var code = command.Reason.Trim().ToLowerInvariant();
        var reason = await db.Reasons.SingleOrDefaultAsync(r => r.Code == code && r.Active, cancellationToken)
            ?? throw new BusinessRuleException("reason-unknown", $"'{command.Reason}' is not an active dispute reason of this company.", "reason");
        if (command.OwnerEmail is not null && (await members.FindByEmailsAsync([command.OwnerEmail], cancellationToken)).Count == 0)
        {
            throw new BusinessRuleException("owner-not-member", $"{command.OwnerEmail} is not a member of this company.", "ownerEmail");
        }

        var (today, businessDays) = await calendar.ForAsync(requestContext.CompanyId, cancellationToken);
        var open = await receivables.GetOpenItemsAsync(command.CustomerId, today, cancellationToken);
        var invoiceIds = command.Invoices.Select(i => i.InvoiceId).ToList();
        var held = await DisputedAmounts.HeldAsync(db, invoiceIds, cancellationToken);
        var id = command.DisputeId ?? Ids.New(timeProvider);
        var lines = new List<DisputeLine>();
        for (var index = 0; index < command.Invoices.Count; index++)
        {
            var requested = command.Invoices[index];
            var invoice = open.SingleOrDefault(i => i.ItemId == requested.InvoiceId && i.Type == "Invoice" && i.OpenAmount.Amount > 0m)
                ?? throw new BusinessRuleException(
                    "invoice-not-open", $"Invoice {requested.InvoiceId} is not an open invoice of this customer.", $"invoices[{index}].invoiceId");
            var alreadyHeld = held.GetValueOrDefault(invoice.ItemId);
            var available = invoice.OpenAmount.Amount - alreadyHeld;
            var amount = requested.Amount ?? available;
            if (amount <= 0m || amount > available)
            {
                throw new BusinessRuleException(
                    "amount-exceeds-open",
                    $"Invoice {invoice.Reference} has {invoice.OpenAmount} open, of which {alreadyHeld} is already held by other disputes: at most {available} can be disputed.",
                    $"invoices[{index}].amount");
            }

            if (lines.Count > 0 && invoice.OpenAmount.Currency != open.Single(i => i.ItemId == lines[0].InvoiceId).OpenAmount.Currency)
            {
                throw new BusinessRuleException("currencies-differ", "The invoices of one dispute share one currency.", $"invoices[{index}].invoiceId");
            }

            lines.Add(new DisputeLine
            {
                Id = Ids.New(timeProvider),
                CompanyId = requestContext.CompanyId,
                DisputeId = id,
                InvoiceId = invoice.ItemId,
                InvoiceReference = invoice.Reference,
                InvoiceDueDate = invoice.DueDate,
                Amount = amount,
            });
        }

        var currency = open.Single(i => i.ItemId == lines[0].InvoiceId).OpenAmount.Currency;
        var counter = await db.Counters.SingleOrDefaultAsync(cancellationToken);
        if (counter is null)
        {
            counter = new DisputeCounter { CompanyId = requestContext.CompanyId };
            db.Counters.Add(counter);
        }

        counter.LastNumber++;
        var dispute = new Dispute
        {
            Id = id,
            CompanyId = requestContext.CompanyId,
            Number = counter.LastNumber,
            CustomerId = command.CustomerId,
            ReasonCode = reason.Code,
            Description = command.Description.Trim(),
            Currency = currency,
            Amount = lines.Sum(l => l.Amount),
            OwnerDepartment = string.IsNullOrWhiteSpace(command.OwnerDepartment) ? reason.OwnerDepartment : command.OwnerDepartment.Trim(),
            OwnerEmail = command.OwnerEmail?.Trim(),
            Status = DisputeStatus.Open,
            OpenedOn = today,
            DueDate = businessDays.AddBusinessDays(today, reason.SlaBusinessDays),
            OpenedBy = requestContext.ActorName,
            Source = command.Source,
            PublicNote = command.PublicNote,
        };
        db.Disputes.Add(dispute);
        db.Lines.AddRange(lines);
        DisputeRules.AddNote(db, dispute, DisputeNoteKind.StatusChange, requestContext.ActorName, $"Opened for {dispute.Amount} {currency} ({reason.Name}).", timeProvider);
        db.Publish(new DisputeOpened(
            dispute.CompanyId, dispute.CustomerId, dispute.Id, dispute.ReasonCode, [.. lines.Select(l => new DisputedInvoice(l.InvoiceId, new Money(l.Amount, currency)))],
            today));
        await db.SaveChangesAsync(cancellationToken);
        return DisputeResponse.From(dispute, lines);
    }
}

internal static class OpenDisputeEndpoint
{
    public static void MapOpenDispute(this RouteGroupBuilder disputes) =>
        disputes.MapPost("", HandleAsync)
            .WithName("OpenDispute")
            .WithSummary(
                "Opens a dispute on one or several open invoices of a customer, for their full or a partial amount: the amount leaves collection " +
                "(reminders, interest) until the dispute is closed. Its due date is the reason's SLA in business days.")
            .RequireCompanyRoles(DisputesModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<Created<DisputeResponse>> HandleAsync(Guid companyId, OpenDisputeRequest r, IMediator mediator, CancellationToken cancellationToken)
    {
        var dispute = await mediator.Send(
            new OpenDisputeCommand(r.CustomerId, r.Reason ?? "", r.Description ?? "", r.Invoices ?? [], r.OwnerDepartment, r.OwnerEmail, r.PublicNote),
            cancellationToken);
        return TypedResults.Created($"/api/companies/{companyId}/disputes/{dispute.Id}", dispute);
    }
}
