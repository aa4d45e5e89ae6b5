using Etrepaye.Receivables.Contracts;

namespace Etrepaye.CreditLimits.Features;

/// <summary>The reference and name of the customers of a page of a list, read from the ledger in one query, so that the screens can name them.</summary>
internal static class CustomerNames
{
    public static async Task<IReadOnlyDictionary<Guid, CustomerDto>> ReadAsync(IReceivablesQueries receivables, IEnumerable<Guid> customerIds, CancellationToken cancellationToken)
    {
        var ids = customerIds.Distinct().ToList();
        return ids.Count == 0 ? new Dictionary<Guid, CustomerDto>() : (await receivables.GetCustomersAsync(ids, cancellationToken)).ToDictionary(c => c.Id);
    }
}
