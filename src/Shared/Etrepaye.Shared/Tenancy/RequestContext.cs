namespace Etrepaye.Shared.Tenancy;

/// <summary>
/// Who acts, for which company, in the current scope (an HTTP request, an event handler, a command-line verb).
/// Filled by the company access middleware from the route and the membership, or by background work for itself.
/// Every module DbContext filters its company-owned rows on <see cref="CompanyId"/>.
/// </summary>
public sealed class RequestContext
{
    private static readonly IReadOnlySet<CompanyRole> _noRoles = new HashSet<CompanyRole>();

    /// <summary>The company in scope; <see cref="Guid.Empty"/> when none (queries then see no company rows).</summary>
    public Guid CompanyId { get; private set; }

    public bool HasCompany => CompanyId != Guid.Empty;

    /// <summary>The signed-in user, or null for an API key or the system.</summary>
    public Guid? UserId { get; private set; }

    /// <summary>Readable name of the actor for the audit log: an e-mail, "api-key:name", "system:…".</summary>
    public string ActorName { get; private set; } = "anonymous";

    public IReadOnlySet<CompanyRole> Roles { get; private set; } = _noRoles;

    public string? CorrelationId { get; set; }

    public bool IsInRole(CompanyRole role) => Roles.Contains(role);

    public void SetActor(Guid? userId, string actorName)
    {
        UserId = userId;
        ActorName = actorName;
    }

    public void EnterCompany(Guid companyId, IReadOnlySet<CompanyRole> roles)
    {
        CompanyId = companyId;
        Roles = roles;
    }

    /// <summary>For work the system does on its own for a company (event handlers, timers, seeding).</summary>
    public void EnterCompanyAsSystem(Guid companyId, string what)
    {
        CompanyId = companyId;
        UserId = null;
        ActorName = $"system:{what}";
        Roles = _noRoles;
    }
}
