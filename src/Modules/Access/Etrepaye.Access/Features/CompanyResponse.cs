using Etrepaye.Access.Domain;

namespace Etrepaye.Access.Features;

public sealed record CompanyResponse(Guid Id, string Name, string Country, string Currency, string TimeZone, string Language, long Version)
{
    internal static CompanyResponse From(Company company) =>
        new(company.Id, company.Name, company.Country, company.Currency, company.TimeZone, company.Language, company.Version);
}
