using System.Text.Json;
using Etrepaye.Receivables.Contracts;

namespace Etrepaye.Procedures.Assignment;

/// <summary>
/// What a rule matches; every criterion given must hold (an empty or missing list matches anything). Texts compare
/// without regard to case.
/// </summary>
/// <param name="Segments">The customer's segment is one of these.</param>
/// <param name="Countries">Its country (ISO 3166-1 alpha-2) is one of these.</param>
/// <param name="LegalEntities">The company's legal entity holding the account is one of these codes.</param>
/// <param name="RiskClasses">Its risk class is one of these.</param>
/// <param name="MinOutstanding">The outstanding balance in Currency is at least this (inclusive).</param>
/// <param name="MaxOutstanding">The outstanding balance in Currency is at most this (inclusive).</param>
/// <param name="Currency">The currency of the outstanding range (required with a bound): the balance in that currency, never converted.</param>
/// <param name="CustomerIds">The customer is one of these accounts.</param>
public sealed record AssignmentCriteria(
    IReadOnlyList<string>? Segments = null,
    IReadOnlyList<string>? Countries = null,
    IReadOnlyList<string>? LegalEntities = null,
    IReadOnlyList<string>? RiskClasses = null,
    decimal? MinOutstanding = null,
    decimal? MaxOutstanding = null,
    string? Currency = null,
    IReadOnlyList<Guid>? CustomerIds = null)
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    internal string ToJson() => JsonSerializer.Serialize(this, _json);

    internal static AssignmentCriteria FromJson(string json) => JsonSerializer.Deserialize<AssignmentCriteria>(json, _json)!;

    internal bool Matches(CustomerAccountDto customer)
    {
        if (!OneOf(Segments, customer.Segment) || !OneOf(Countries, customer.Country) || !OneOf(LegalEntities, customer.LegalEntityCode)
            || !OneOf(RiskClasses, customer.RiskClass))
        {
            return false;
        }

        if (CustomerIds is { Count: > 0 } && !CustomerIds.Contains(customer.CustomerId))
        {
            return false;
        }

        if (MinOutstanding is null && MaxOutstanding is null)
        {
            return true;
        }

        var outstanding = customer.Balances.FirstOrDefault(b => string.Equals(b.Currency, Currency, StringComparison.OrdinalIgnoreCase))?.Balance ?? 0m;
        return (MinOutstanding is not { } min || outstanding >= min) && (MaxOutstanding is not { } max || outstanding <= max);
    }

    private static bool OneOf(IReadOnlyList<string>? values, string? value) =>
        values is not { Count: > 0 } || (value is not null && values.Any(v => string.Equals(v.Trim(), value.Trim(), StringComparison.OrdinalIgnoreCase)));
}
