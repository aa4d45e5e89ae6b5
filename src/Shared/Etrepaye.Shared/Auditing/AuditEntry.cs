namespace Etrepaye.Shared.Auditing;

/// <summary>One business action on one record: who, what, when, the values before and after.</summary>
public sealed class AuditEntry : Etrepaye.Shared.Tenancy.ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public DateTimeOffset At { get; init; }

    public Guid? ActorId { get; init; }

    public required string ActorName { get; init; }

    /// <summary>The use case (command name), e.g. "AddMemberCommand".</summary>
    public required string Action { get; init; }

    public required string EntityType { get; init; }

    public required string EntityId { get; init; }

    /// <summary>"Added", "Modified" or "Deleted".</summary>
    public required string Change { get; init; }

    /// <summary>JSON object of the values before the change (changed properties only for a modification).</summary>
    public string? Before { get; init; }

    public string? After { get; init; }

    public string? CorrelationId { get; init; }
}

/// <summary>Marks an entity whose changes are written to its module's audit log in the same transaction.</summary>
public interface IAudited;
