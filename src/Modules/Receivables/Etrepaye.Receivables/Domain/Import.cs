using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;

namespace Etrepaye.Receivables.Domain;

/// <summary>A named column mapping saved per company; the mapping itself is a JSON document (see ImportMappingDefinition).</summary>
internal sealed class ImportMapping : ICompanyOwned, IAudited, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public required string Name { get; set; }

    public required string Definition { get; set; }

    public long Version { get; set; }
}

internal enum ImportMode
{
    Full,
    Delta,
}

internal enum ImportErrorPolicy
{
    RejectFile,
    SkipBadRows,
}

internal enum ImportStatus
{
    Validating,
    Applying,
    Completed,
    CompletedWithErrors,
    Rejected,
    Failed,
}

/// <summary>One import of a file: its options, progress and outcome; its bad rows are <see cref="ImportRowError"/>s.</summary>
internal sealed class ImportRun : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public required string FileName { get; init; }

    public Guid? MappingId { get; init; }

    public required string Mapping { get; init; }

    public ImportMode Mode { get; init; }

    public ImportErrorPolicy Policy { get; init; }

    /// <summary>The business date of the import: full imports settle absent open items on this date.</summary>
    public DateOnly ImportDate { get; init; }

    public ImportStatus Status { get; set; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; set; }

    public required string StartedBy { get; init; }

    /// <summary>Progress: data rows read so far.</summary>
    public long RowsRead { get; set; }

    public long RowsRejected { get; set; }

    /// <summary>Progress of the write pass: rows applied so far.</summary>
    public long RowsApplied { get; set; }

    /// <summary>Settled items the file showed open again.</summary>
    public long ItemsReopened { get; set; }

    public long ItemsCreated { get; set; }

    public long ItemsUpdated { get; set; }

    public long ItemsUnchanged { get; set; }

    public long ItemsSettledByAbsence { get; set; }

    public long CustomersCreated { get; set; }

    public string? Message { get; set; }
}

/// <summary>A bad row of an import: its line in the file (header is line 1), the column at fault and why.</summary>
internal sealed class ImportRowError : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid ImportId { get; init; }

    public long Line { get; init; }

    public string? Column { get; init; }

    public required string Reason { get; init; }
}

/// <summary>What one import did to one customer's items: a row per customer the import touched, written in the import's transaction.</summary>
internal sealed class ImportCustomerSummary : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid ImportId { get; init; }

    public Guid CustomerId { get; init; }

    public long ItemsCreated { get; init; }

    /// <summary>Existing items whose values the file changed (a settlement or a reopening included).</summary>
    public long ItemsChanged { get; init; }

    /// <summary>Items the import settled: in the file, or by their absence from a full import.</summary>
    public long ItemsSettled { get; init; }
}
