using System.Globalization;
using System.Text;

namespace Etrepaye.Bench.Import;

/// <summary>
/// Writes a realistic ledger CSV from a seed: about twenty items per customer, mostly invoices with some credit notes and payments,
/// mostly in euros, 30 to 90 days of payment terms. With the IBM sample at hand, each invoice's amount, days late and disputed
/// flag are drawn from it (see <see cref="IbmBehaviour"/>) and it is settled when that date is before the import date;
/// without it, about two thirds are settled at a uniform date (a tenth of those partially).
/// </summary>
internal static class LedgerFileGenerator
{
    public const string Header = "customer,customer_name,reference,type,currency,issue_date,due_date,amount,settled_date,settled_amount,disputed";

    public static void Write(string path, int rows, int seed, IbmBehaviour? behaviour, DateOnly importDate)
    {
        var random = new Random(seed);
        var customers = Math.Max(1, rows / 20);
        var start = new DateOnly(2024, 1, 1);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write(Header);
        writer.Write('\n');
        for (var i = 0; i < rows; i++)
        {
            var customer = random.Next(customers);
            var kind = random.Next(100);
            var (type, prefix) = kind < 85 ? ("INV", "F") : kind < 93 ? ("CRN", "A") : ("PAY", "R");
            var currency = random.Next(100) < 90 ? "EUR" : "USD";
            var issued = start.AddDays(random.Next(730));
            var due = type == "INV" ? issued.AddDays(30 * (1 + random.Next(3))) : (DateOnly?)null;
            var amount = Math.Round((decimal)(50 + (random.NextDouble() * random.NextDouble() * 20000)), 2);
            string settled = "", settledAmount = "", disputed = "";
            if (type == "INV" && behaviour is not null)
            {
                // The sample's amounts are small: scaled so that a company's invoices range like the uniform draw's.
                var (sampleAmount, daysAfterDue, isDisputed) = behaviour.Draw(random);
                amount = Math.Round(sampleAmount * 20m, 2);
                disputed = isDisputed ? "yes" : "no";
                var paid = due!.Value.AddDays(daysAfterDue);
                settled = paid < importDate ? Date(paid > issued ? paid : issued.AddDays(1)) : "";
            }
            else if (type == "INV" && random.Next(3) < 2)
            {
                settled = Date(due!.Value.AddDays(random.Next(-20, 60)) is var paid && paid > issued ? paid : issued.AddDays(1));
                if (random.Next(10) == 0)
                {
                    settledAmount = Amount(Math.Round(amount * 0.5m, 2));
                }
            }

            writer.Write(string.Join(',',
                $"C{customer:D7}", $"Customer {customer} SAS", $"{prefix}{i:D9}", type, currency, Date(issued), due is null ? "" : Date(due.Value),
                Amount(amount), settled, settledAmount, disputed));
            writer.Write('\n');
        }
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Amount(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
