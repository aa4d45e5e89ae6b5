using Etrepaye.Shared.Auditing;
using Etrepaye.Shared.Persistence;
using Etrepaye.Shared.Tenancy;

namespace Etrepaye.Procedures.Domain;

/// <summary>
/// A company's credit procedure: at most one draft and numbered, immutable published versions. Its id is the engine's
/// definition id, so that instances of every company's procedures live side by side without collisions.
/// </summary>
internal sealed class Procedure : ICompanyOwned, IAudited, IVersioned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>Where it came from: "template:invoice-dunning@1", "import", "clone:{id}", "library:{id}", "copy:{company}/{id}".</summary>
    public required string Origin { get; init; }

    /// <summary>The draft definition (JSON), null when there is no draft.</summary>
    public string? Draft { get; set; }

    /// <summary>The number of problems the validator found in the draft when it was saved.</summary>
    public int DraftProblemCount { get; set; }

    public string? DraftComment { get; set; }

    public DateTimeOffset? DraftSavedAt { get; set; }

    public string? DraftSavedBy { get; set; }

    /// <summary>The highest version number published so far (0 before the first publication).</summary>
    public int LatestVersion { get; set; }

    /// <summary>The version new instances start on; null when none is published or it was retracted.</summary>
    public int? PublishedVersion { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public long Version { get; set; }
}

/// <summary>A published version: its definition never changes; a retracted version keeps running its instances.</summary>
internal sealed class ProcedureVersion : ICompanyOwned
{
    public Guid Id { get; init; }

    public Guid CompanyId { get; init; }

    public Guid ProcedureId { get; init; }

    public int Number { get; init; }

    public required string Definition { get; init; }

    public DateTimeOffset PublishedAt { get; init; }

    public required string PublishedBy { get; init; }

    public string? Comment { get; init; }

    public DateTimeOffset? RetractedAt { get; set; }

    public string? RetractedBy { get; set; }
}

/// <summary>A procedure a user keeps for themself, to create procedures from in any company they work for.</summary>
internal sealed class PersonalTemplate
{
    public Guid Id { get; init; }

    public Guid OwnerId { get; init; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public required string Definition { get; init; }

    public DateTimeOffset SavedAt { get; init; }
}
