namespace Etrepaye.Shared.Errors;

/// <summary>The resource does not exist, or belongs to a company the caller cannot see (answered 404).</summary>
public sealed class NotFoundException(string resource, object id)
    : Exception($"{resource} '{id}' was not found.")
{
    public string Resource { get; } = resource;
}

/// <summary>A business rule refuses the request (answered 422 with the rule's code).</summary>
public sealed class BusinessRuleException(string code, string message, string? field = null, IReadOnlyDictionary<string, object?>? details = null)
    : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>The request field the rule is about, when there is one.</summary>
    public string? Field { get; } = field;

    /// <summary>More members of the problem document (e.g. the validation problems that block a publication).</summary>
    public IReadOnlyDictionary<string, object?> Details { get; } = details ?? new Dictionary<string, object?>();
}

/// <summary>The request conflicts with the current state (answered 409): a duplicate, a task already claimed.</summary>
public sealed class ConflictException(string message) : Exception(message);

/// <summary>The caller is a member of the company but its roles do not allow this (answered 403).</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>Credentials were refused (answered 401 without saying which part was wrong).</summary>
public sealed class AuthenticationFailedException(string message) : Exception(message);
