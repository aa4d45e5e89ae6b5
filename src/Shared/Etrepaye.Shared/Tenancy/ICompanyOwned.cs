namespace Etrepaye.Shared.Tenancy;

/// <summary>A row that belongs to one company. Module DbContexts hide every other company's rows from queries.</summary>
public interface ICompanyOwned
{
    Guid CompanyId { get; }
}
