using Etrepaye.Procedures.Contracts;
using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;

namespace Etrepaye.Procedures.Domain;

/// <summary>Which procedure runs for which customer accounts; the rules of a company are tried in position order, the first match wins.</summary>
internal sealed class AssignmentRule : ICompanyOwned, IAudited, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public int Position { get; set; }

    public required string Name { get; set; }

    public Guid ProcedureId { get; set; }

    /// <summary>The purposes it applies to; empty for every purpose.</summary>
    public ProcedurePurpose[] Purposes { get; set; } = [];

    /// <summary>The criteria as JSON (an AssignmentCriteria).</summary>
    public required string Criteria { get; set; }

    public long Version { get; set; }
}

/// <summary>The procedure that runs for a purpose when no rule matches.</summary>
internal sealed class DefaultProcedure : ICompanyOwned, IAudited
{
    public Guid CompanyId { get; init; }

    public ProcedurePurpose Purpose { get; init; }

    public Guid ProcedureId { get; set; }
}
