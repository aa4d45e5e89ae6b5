using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
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

namespace Etrepaye.Receivables.Features.CreateCustomer;

public sealed record CreateCustomerRequest(
    string Reference, string Name, string? Siren, string? Siret, string? VatNumber, string? Country, string? Language, string Currency,
    int PaymentTermsDays, string? Segment, string? RiskClass, Guid? ParentCustomerId, string? LegalEntityCode, string? AccountManager,
    IReadOnlyList<ContactDto>? Contacts);

internal sealed record CreateCustomerCommand(string Reference, CustomerFields Fields) : ICommand<CustomerResponse>;

internal sealed class CreateCustomerValidator : AbstractValidator<CreateCustomerCommand>
{
    public CreateCustomerValidator()
    {
        RuleFor(c => c.Reference).NotEmpty().MaximumLength(100);
        this.AddCustomerFieldRules(c => c.Fields);
    }
}

internal sealed class CreateCustomerHandler(ReceivablesDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<CreateCustomerCommand, CustomerResponse>
{
    public async Task<CustomerResponse> Handle(CreateCustomerCommand command, CancellationToken cancellationToken)
    {
        var reference = command.Reference.Trim();
        if (await db.Customers.AnyAsync(c => c.Reference == reference, cancellationToken))
        {
            throw new ConflictException($"A customer with reference '{reference}' already exists.");
        }

        if (command.Fields.ParentCustomerId is { } parent && !await db.Customers.AnyAsync(c => c.Id == parent, cancellationToken))
        {
            throw new BusinessRuleException("parent-customer-unknown", "The parent customer does not exist in this company.", "parentCustomerId");
        }

        var customer = new Customer
        {
            Id = Ids.New(timeProvider),
            CompanyId = requestContext.CompanyId,
            Reference = reference,
            Name = command.Fields.Name,
            Currency = command.Fields.Currency,
        };
        command.Fields.ApplyTo(customer);
        var contacts = command.Fields.ContactsOf(customer, () => Ids.New(timeProvider));
        db.Customers.Add(customer);
        db.CustomerContacts.AddRange(contacts);
        return CustomerResponse.From(customer, contacts);
    }
}

internal static class CreateCustomerEndpoint
{
    public static void MapCreateCustomer(this RouteGroupBuilder receivables) =>
        receivables.MapPost("customers", HandleAsync)
            .WithName("CreateCustomer")
            .WithSummary("Opens a debtor account (reference unique in the company) with its contacts.")
            .RequireCompanyRoles(ReceivablesModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Created<CustomerResponse>> HandleAsync(Guid companyId, CreateCustomerRequest r, IMediator mediator, CancellationToken cancellationToken)
    {
        var customer = await mediator.Send(
            new CreateCustomerCommand(r.Reference ?? "", new CustomerFields(
                r.Name ?? "", r.Siren, r.Siret, r.VatNumber, r.Country, r.Language, r.Currency ?? "", r.PaymentTermsDays, r.Segment, r.RiskClass,
                r.ParentCustomerId, r.LegalEntityCode, r.AccountManager, r.Contacts)),
            cancellationToken);
        return TypedResults.Created($"/api/companies/{companyId}/receivables/customers/{customer.Id}", customer);
    }
}
