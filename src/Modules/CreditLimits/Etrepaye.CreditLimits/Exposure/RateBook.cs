using Etrepaye.Receivables.Contracts;

namespace Etrepaye.CreditLimits.Exposure;

/// <summary>The company's exchange rates on a date, asked of the ledger once per currency pair.</summary>
internal sealed class RateBook(IReceivablesQueries receivables, DateOnly asOf)
{
    private readonly Dictionary<(string, string), decimal?> _rates = [];

    public DateOnly AsOf => asOf;

    public async Task<decimal?> RateAsync(string from, string to, CancellationToken cancellationToken)
    {
        if (from == to)
        {
            return 1m;
        }

        if (!_rates.TryGetValue((from, to), out var rate))
        {
            rate = await receivables.GetExchangeRateAsync(from, to, asOf, cancellationToken);
            _rates[(from, to)] = rate;
        }

        return rate;
    }
}
