using Etrepaye.CreditLimits.Domain;
using Etrepaye.CreditLimits.Features;
using Etrepaye.Guarantees.Contracts;

namespace Etrepaye.CreditLimits.Exposure;

/// <summary>
/// Exposure under a limit, from rows already read: the lines of the customers of the limit's subtree, converted into the
/// limit's currency, with the company's options applied; cover is that of every customer of the subtree.
/// </summary>
internal sealed class ExposureCalculator(IGuaranteeCover cover)
{
    public async Task<ExposureResponse> ComputeAsync(
        Guid companyId, Guid customerId, IReadOnlyList<Guid> members, IEnumerable<ExposureLine> lines, string currency, CreditSettings settings, RateBook rates,
        CancellationToken cancellationToken)
    {
        decimal receivables = 0m, overdue = 0m, orders = 0m, drafts = 0m;
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var customers = new SortedSet<Guid>(members) { customerId };
        foreach (var line in lines)
        {
            customers.Add(line.CustomerId);
            var rate = await rates.RateAsync(line.Currency, currency, cancellationToken);
            if (rate is not { } r)
            {
                missing.Add($"{line.Currency}/{currency}");
                continue;
            }

            receivables += line.OpenReceivables * r;
            overdue += line.Overdue * r;
            orders += line.OpenOrders * r;
            drafts += line.DraftInvoices * r;
        }

        var covered = 0m;
        if (settings.DeductCover)
        {
            var found = await cover.GetGroupCoverAsync(companyId, customerId, [.. customers], rates.AsOf, currency, cancellationToken);
            covered = found.Total;
            missing.UnionWith(found.MissingRates);
        }

        var total = receivables + orders + (settings.IncludeDraftInvoices ? drafts : 0m) - (settings.DeductCover ? covered : 0m);
        return new ExposureResponse(
            currency, Round(receivables), Round(overdue), Round(receivables - overdue), Round(orders), Round(drafts), Round(covered), Round(Math.Max(0m, total)),
            [.. missing], [.. customers]);
    }

    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    public static LimitExposureResponse ForLimit(CreditLimit limit, ExposureResponse exposure, bool group, DateOnly today) => new(
        group ? "Group" : "Customer", limit.CustomerId, limit.Amount, limit.Currency, limit.ValidUntil, limit.ReviewDate, limit.ValidUntil < today, exposure,
        Round(limit.Amount - exposure.Total), limit.Amount == 0m ? null : Round(exposure.Total / limit.Amount * 100m));
}
