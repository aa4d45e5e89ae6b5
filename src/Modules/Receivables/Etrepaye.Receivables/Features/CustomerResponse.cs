using Etrepaye.Receivables.Domain;
using FluentValidation;

namespace Etrepaye.Receivables.Features;

/// <param name="Role">Billing, Accounting or Purchasing.</param>
/// <param name="PreferredChannel">Email, Phone, Letter or Sms.</param>
public sealed record ContactDto(string Name, string Role, string? Email, string? Phone, string PreferredChannel);

public sealed record CustomerResponse(
    Guid Id, string Reference, string Name, string? Siren, string? Siret, string? VatNumber, string? Country, string? Language, string Currency,
    int PaymentTermsDays, string? Segment, string? RiskClass, Guid? ParentCustomerId, string? LegalEntityCode, string? AccountManager,
    IReadOnlyList<ContactDto> Contacts, long Version)
{
    internal static CustomerResponse From(Customer c, IEnumerable<CustomerContact> contacts) => new(
        c.Id, c.Reference, c.Name, c.Siren, c.Siret, c.VatNumber, c.Country, c.Language, c.Currency, c.PaymentTermsDays, c.Segment, c.RiskClass,
        c.ParentCustomerId, c.LegalEntityCode, c.AccountManager,
        contacts.OrderBy(x => x.Role).ThenBy(x => x.Name).Select(x => new ContactDto(x.Name, x.Role.ToString(), x.Email, x.Phone, x.PreferredChannel.ToString())).ToList(),
        c.Version);
}

/// <summary>The fields a customer is created and updated with.</summary>
internal sealed record CustomerFields(
    string Name, string? Siren, string? Siret, string? VatNumber, string? Country, string? Language, string Currency, int PaymentTermsDays,
    string? Segment, string? RiskClass, Guid? ParentCustomerId, string? LegalEntityCode, string? AccountManager, IReadOnlyList<ContactDto>? Contacts)
{
    public void ApplyTo(Customer customer)
    {
        customer.Name = Name.Trim();
        customer.Siren = Siren;
        customer.Siret = Siret;
        customer.VatNumber = VatNumber;
        customer.Country = Country;
        customer.Language = Language;
        customer.Currency = Currency;
        customer.PaymentTermsDays = PaymentTermsDays;
        customer.Segment = Segment;
        customer.RiskClass = RiskClass;
        customer.ParentCustomerId = ParentCustomerId;
        customer.LegalEntityCode = LegalEntityCode;
        customer.AccountManager = AccountManager;
    }

    public List<CustomerContact> ContactsOf(Customer customer, Func<Guid> newId) =>
        (Contacts ?? []).Select(c => new CustomerContact
        {
            Id = newId(),
            CompanyId = customer.CompanyId,
            CustomerId = customer.Id,
            Name = c.Name.Trim(),
            Role = Enum.Parse<ContactRole>(c.Role, ignoreCase: true),
            Email = c.Email,
            Phone = c.Phone,
            PreferredChannel = Enum.Parse<ContactChannel>(c.PreferredChannel, ignoreCase: true),
        }).ToList();
}

internal static class CustomerRules
{
    public static void AddCustomerFieldRules<T>(this AbstractValidator<T> validator, Func<T, CustomerFields> fields)
    {
        validator.RuleFor(c => fields(c).Name).NotEmpty().MaximumLength(200).OverridePropertyName("Name");
        validator.RuleFor(c => fields(c).Siren).Matches("^[0-9]{9}$").When(c => fields(c).Siren is not null).WithMessage("A SIREN has 9 digits.").OverridePropertyName("Siren");
        validator.RuleFor(c => fields(c).Siret).Matches("^[0-9]{14}$").When(c => fields(c).Siret is not null).WithMessage("A SIRET has 14 digits.").OverridePropertyName("Siret");
        validator.RuleFor(c => fields(c).VatNumber).Matches("^[A-Z]{2}[0-9A-Z]{2,18}$").When(c => fields(c).VatNumber is not null)
            .WithMessage("A VAT number starts with its country code, e.g. FR40303265045.").OverridePropertyName("VatNumber");
        validator.RuleFor(c => fields(c).Country).Matches("^[A-Z]{2}$").When(c => fields(c).Country is not null).OverridePropertyName("Country");
        validator.RuleFor(c => fields(c).Language).MaximumLength(8).OverridePropertyName("Language");
        validator.RuleFor(c => fields(c).Currency).Must(Etrepaye.Shared.Contracts.Currency.IsKnown)
            .WithMessage("'{PropertyValue}' is not an ISO 4217 currency code (e.g. EUR, USD).").OverridePropertyName("Currency");
        validator.RuleFor(c => fields(c).PaymentTermsDays).InclusiveBetween(0, 365).OverridePropertyName("PaymentTermsDays");
        validator.RuleFor(c => fields(c).Segment).MaximumLength(40).OverridePropertyName("Segment");
        validator.RuleFor(c => fields(c).RiskClass).MaximumLength(40).OverridePropertyName("RiskClass");
        validator.RuleFor(c => fields(c).LegalEntityCode).MaximumLength(40).OverridePropertyName("LegalEntityCode");
        validator.RuleFor(c => fields(c).AccountManager).MaximumLength(200).OverridePropertyName("AccountManager");
        validator.RuleForEach(c => fields(c).Contacts).ChildRules(contact =>
        {
            contact.RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
            contact.RuleFor(x => x.Role).Must(r => Enum.TryParse<ContactRole>(r, true, out _)).WithMessage("The role is Billing, Accounting or Purchasing.");
            contact.RuleFor(x => x.PreferredChannel).Must(r => Enum.TryParse<ContactChannel>(r, true, out _)).WithMessage("The channel is Email, Phone, Letter or Sms.");
            contact.RuleFor(x => x.Email).MaximumLength(256).EmailAddress().When(x => x.Email is not null);
            contact.RuleFor(x => x.Phone).MaximumLength(32);
        }).OverridePropertyName("Contacts");
    }
}
