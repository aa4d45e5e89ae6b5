namespace Etrepaye.Disputes.Support;

/// <summary>Settings of the disputes module (section <c>Disputes</c>).</summary>
internal sealed class DisputesOptions
{
    public const string SectionName = "Disputes";

    /// <summary>The address the Studio is reached at, for the links in internal requests (e.g. https://etrepaye.example.com).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>How long a link in an internal request stays valid.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>The mailbox of each owner department (Sales, Logistics, Billing…), used when a request names no recipient.</summary>
    public Dictionary<string, string> Departments { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
