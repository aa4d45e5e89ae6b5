using System.Globalization;

namespace Etrepaye.Bench.Data;

/// <summary>
/// Payment behaviour drawn from the public IBM accounts-receivable sample (../shared/data): each generated invoice takes the
/// amount, the days to settle after its due date and the disputed flag of one sample invoice picked at random (a bootstrap), so
/// days late, the dispute rate and the late payment of disputed invoices follow the sample's distributions. Without the sample
/// (it is not part of the repository) a fixed approximation of it is used, so the generator still runs.
/// </summary>
public sealed class IbmBehaviour
{
    private readonly (decimal Amount, int DaysAfterDue, bool Disputed)[] _invoices;

    private IbmBehaviour((decimal, int, bool)[] invoices, string source)
    {
        _invoices = invoices;
        Source = source;
    }

    public string Source { get; }

    public int Count => _invoices.Length;

    public double DisputeRate => _invoices.Count(i => i.Disputed) / (double)_invoices.Length;

    public double LateRate => _invoices.Count(i => i.DaysAfterDue > 0) / (double)_invoices.Length;

    /// <summary>The sample at <paramref name="path"/>, else the one found beside the repository, else the approximation.</summary>
    public static IbmBehaviour Load(string? path = null)
    {
        path ??= FindSample();
        if (path is null || !File.Exists(path))
        {
            return Approximation();
        }

        var culture = CultureInfo.InvariantCulture;
        var rows = File.ReadLines(path).Skip(1).Where(l => l.Trim().Length > 0).Select(line =>
        {
            var c = line.TrimEnd('\r').Split(',');
            var due = DateOnly.ParseExact(c[5], "M/d/yyyy", culture);
            var settled = DateOnly.ParseExact(c[8], "M/d/yyyy", culture);
            return (decimal.Parse(c[6], culture), settled.DayNumber - due.DayNumber, c[7] == "Yes");
        }).ToArray();
        return new IbmBehaviour(rows, path);
    }

    public (decimal Amount, int DaysAfterDue, bool Disputed) Draw(ref SplitMix random) => _invoices[random.Next(_invoices.Length)];

    // Roughly the sample's shape: a third paid late, mostly within 2 weeks; about one in four disputed, disputed ones later.
    private static IbmBehaviour Approximation()
    {
        var random = new SplitMix(2466);
        var rows = new (decimal, int, bool)[2466];
        for (var i = 0; i < rows.Length; i++)
        {
            var disputed = random.Next(100) < 22;
            var late = random.Next(100) < (disputed ? 70 : 30);
            var days = late ? 1 + random.Next(disputed ? 30 : 15) : -random.Next(25);
            rows[i] = (Math.Round(5m + (decimal)(random.NextDouble() * 120), 2), days, disputed);
        }

        return new IbmBehaviour(rows, "built-in approximation (../shared/data/ibm-accounts-receivable.csv not found)");
    }

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

/// <summary>SplitMix64: a tiny seeded generator, the same sequence on every .NET version, cheap to create one per row.</summary>
public struct SplitMix(ulong seed)
{
    private ulong _state = seed;

    public static SplitMix For(int seed, int kind, long index) =>
        new(unchecked(((ulong)(uint)seed << 40) ^ ((ulong)(uint)kind << 32) ^ (ulong)index * 0x9E3779B97F4A7C15UL));

    public ulong NextULong()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>In [0, max).</summary>
    public int Next(int max) => (int)(NextULong() % (ulong)max);

    /// <summary>In [min, max).</summary>
    public int Next(int min, int max) => min + Next(max - min);

    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));
}
