using Microsoft.AspNetCore.Identity;

namespace Etrepaye.Access.Domain;

/// <summary>A person who signs in. What they may do is given per company by their memberships.</summary>
internal sealed class User : IdentityUser<Guid>
{
    public required string DisplayName { get; set; }

    public string Language { get; set; } = "fr";

    public DateTimeOffset CreatedAt { get; init; }
}
