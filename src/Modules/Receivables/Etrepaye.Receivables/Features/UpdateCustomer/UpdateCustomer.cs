using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Ledger;
using Etrepaye.Shared;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.UpdateCustomer;

/// <param name="Contacts">The full list of contacts: it replaces the current one.</param>
public sealed record UpdateCustomerRequest(
    string Name, string? Siren, string? Siret, string? VatNumber, string? Country, string? Language, string Currency,
    int PaymentTermsDays, string? Segment, string? RiskClass, Guid? ParentCustomerId, string? LegalEntityCode, string? AccountManager,
    IReadOnlyList<ContactDto>? Contacts, long Version);

internal sealed record UpdateCustomerCommand(Guid CustomerId, CustomerFields Fields, long Version) : ICommand<CustomerResponse>;

internal sealed class UpdateCustomerValidator : AbstractValidator<UpdateCustomerCommand>
{
    public UpdateCustomerValidator() => this.AddCustomerFieldRules(c => c.Fields);
}

internal sealed class UpdateCustomerHandler(ReceivablesDbContext db, TimeProvider timeProvider)
    : IRequestHandler<UpdateCustomerCommand, CustomerResponse>
{
    public async Task<CustomerResponse> Handle(UpdateCustomerCommand command, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.Id == command.CustomerId, cancellationToken)
            ?? throw new NotFoundException("Customer", command.CustomerId);
        if (command.Fields.ParentCustomerId is { } parent
            && (parent == customer.Id || !await db.Customers.AnyAsync(c => c.Id == parent, cancellationToken)))
        {
            throw new BusinessRuleException("parent-customer-unknown", "The parent customer does not exist in this company (or is the customer itself).", "parentCustomerId");
        }

        if (command.Fields.ParentCustomerId is { } newParent && newParent != customer.ParentCustomerId
            && await CustomerGroups.WouldLoopAsync(db, customer.Id, newParent, cancellationToken))
        {
            throw new BusinessRuleException("parent-customer-loop", "That parent is a subsidiary of this customer: a group cannot loop.", "parentCustomerId");
        }

        db.Entry(customer).Property(c => c.Version).OriginalValue = command.Version;
        var previousParent = customer.ParentCustomerId;
        command.Fields.ApplyTo(customer);
        if (customer.ParentCustomerId != previousParent)
        {
            db.Publish(new CustomerParentChanged(customer.CompanyId, customer.Id, previousParent, customer.ParentCustomerId));
        }

        db.CustomerContacts.RemoveRange(await db.CustomerContacts.Where(c => c.CustomerId == customer.Id).ToListAsync(cancellationToken));
        var contacts = command.Fields.ContactsOf(customer, () => Ids.New(timeProvider));
        db.CustomerContacts.AddRange(contacts);
        await db.SaveChangesAsync(cancellationToken);
        return CustomerResponse.From(customer, contacts);
    }
}

internal static class UpdateCustomerEndpoint
{
    public static void MapUpdateCustomer(this RouteGroupBuilder receivables) =>
        receivables.MapPut("customers/{customerId:guid}", (Guid customerId, UpdateCustomerRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new UpdateCustomerCommand(customerId, new CustomerFields(
                    r.Name ?? "", r.Siren, r.Siret, r.VatNumber, r.Country, r.Language, r.Currency ?? "", r.PaymentTermsDays, r.Segment, r.RiskClass,
                    r.ParentCustomerId, r.LegalEntityCode, r.AccountManager, r.Contacts), r.Version), cancellationToken))
            .WithName("UpdateCustomer")
            .WithSummary("Changes a customer's account data and replaces its contacts (optimistic concurrency on version).")
            .RequireCompanyRoles(ReceivablesModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
