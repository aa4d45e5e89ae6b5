using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;

namespace Etrepaye.Access.Domain;

/// <summary>A user's place in one company, with the roles held there. A consultant has one per client company.</summary>
internal sealed class Membership : ICompanyOwned, IAudited, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid UserId { get; init; }

    public HashSet<CompanyRole> Roles { get; set; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public long Version { get; set; }
}

/// <summary>A key an integration (an ERP, a collection agency) uses instead of a user's credentials.</summary>
internal sealed class ApiKey : ICompanyOwned, IAudited
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public required string Name { get; init; }

    public CompanyRole Role { get; init; }

    /// <summary>SHA-256 of the secret part; the secret itself is shown once, at creation.</summary>
    public required string SecretHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}
