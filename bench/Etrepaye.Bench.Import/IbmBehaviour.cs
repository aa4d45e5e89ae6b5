using System.Globalization;

namespace Etrepaye.Bench.Import;

/// <summary>
/// Payment behaviour drawn from the public IBM accounts-receivable sample (../shared/data): each generated invoice takes the
/// amount, the days to settle after its due date and the disputed flag of one sample invoice picked at random (a bootstrap),
/// so days late, the dispute rate and late payment of disputed invoices follow the sample's distributions.
/// </summary>
internal sealed class IbmBehaviour
{
    private readonly (decimal Amount, int DaysAfterDue, bool Disputed)[] _invoices;

    private IbmBehaviour((decimal, int, bool)[] invoices) => _invoices = invoices;

    public int Count => _invoices.Length;

    public double DisputeRate => _invoices.Count(i => i.Disputed) / (double)_invoices.Length;

    public double LateRate => _invoices.Count(i => i.DaysAfterDue > 0) / (double)_invoices.Length;

    /// <summary>The sample beside the repository, or null when it is not there (the generator then draws uniformly).</summary>
    public static IbmBehaviour? TryLoad(string? path = null)
    {
        path ??= FindSample();
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        var culture = CultureInfo.InvariantCulture;
        var rows = File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var c = line.Split(',');
            var due = DateOnly.ParseExact(c[5], "M/d/yyyy", culture);
            var settled = DateOnly.ParseExact(c[8], "M/d/yyyy", culture);
            return (decimal.Parse(c[6], culture), settled.DayNumber - due.DayNumber, c[7] == "Yes");
        }).ToArray();
        return new IbmBehaviour(rows);
    }

    public (decimal Amount, int DaysAfterDue, bool Disputed) Draw(Random random) => _invoices[random.Next(_invoices.Length)];

    private static string? FindSample()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "data", "ibm-accounts-receivable.csv");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
