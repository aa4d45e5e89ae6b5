namespace Etrepaye.Access.Contracts;

/// <summary>A member of a company as other modules name it (mentions, owners).</summary>
/// <param name="UserId">The user.</param>
/// <param name="Email">The e-mail the user signs in with.</param>
/// <param name="DisplayName">The name shown.</param>
public sealed record CompanyMemberInfo(Guid UserId, string Email, string DisplayName);

/// <summary>Read-only access to the members of the company in the current request context.</summary>
public interface ICompanyMembers
{
    /// <summary>The members among these e-mails (compared without case); e-mails of non-members are left out.</summary>
    /// <param name="emails">The e-mails asked about.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<IReadOnlyList<CompanyMemberInfo>> FindByEmailsAsync(IReadOnlyCollection<string> emails, CancellationToken cancellationToken);
}
