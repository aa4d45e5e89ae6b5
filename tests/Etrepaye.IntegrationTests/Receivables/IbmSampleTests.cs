using System.Globalization;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Receivables.Features;
using Etrepaye.Receivables.Features.GetAgedBalance;
using Etrepaye.Receivables.Features.GetImport;
using Etrepaye.Receivables.Features.GetKpis;
using Etrepaye.Receivables.Features.ListCustomers;
using Etrepaye.Shared.Contracts;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Receivables;

/// <summary>
/// The public IBM accounts-receivable sample (../shared/data) imported through the API, then replayed: aged balances and KPIs
/// as of several dates equal figures computed here from the raw file with plain string splitting.
/// </summary>
public sealed class IbmSampleTests(IbmSampleTests.ImportedSample sample) : IClassFixture<IbmSampleTests.ImportedSample>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;

    public static TheoryData<string> AsOfDates => new() { "2012-06-30", "2013-03-31", "2013-12-31", "2014-01-05" };

    [Fact]
    public void Import_WhenTheSampleIsUploaded_CreatesEveryInvoiceAndCustomer()
    {
        sample.Import.Status.ShouldBe("Completed");
        sample.Import.RowsRead.ShouldBe(2466);
        sample.Import.ItemsCreated.ShouldBe(2466);
        sample.Import.CustomersCreated.ShouldBe(100);
        sample.Import.RowsRejected.ShouldBe(0);
    }

    [Fact]
    public async Task Import_WhenInvoiceNumberHasLeadingZeros_KeepsThemInTheReference()
    {
        var customer = (await (await sample.Client.GetAsync($"{Base(_company)}/customers?search=0379-NEVHP")).ReadAsync<PagedResult<CustomerSummaryResponse>>()).Items.Single();
        var items = await (await sample.Client.GetAsync($"{Base(_company)}/customers/{customer.Id}/items?pageSize=200")).ReadAsync<PagedResult<ItemResponse>>();

        var invoice = items.Items.Single(i => i.Reference == "0000611365");
        (invoice.IssueDate, invoice.DueDate, invoice.Amount, invoice.SettledDate).ShouldBe(
            (new DateOnly(2013, 1, 2), new DateOnly(2013, 2, 1), new Money(55.94m, "USD"), new DateOnly(2013, 1, 15)));
    }

    [Fact]
    public async Task Import_WhenTheSameSampleIsImportedAgain_ChangesNothing()
    {
        var again = await ImportAsync(sample.Client, _company, sample.Csv, IbmMapping, importDate: "2014-02-01");

        (again.ItemsCreated, again.ItemsUpdated, again.ItemsUnchanged, again.CustomersCreated).ShouldBe((0, 0, 2466, 0));
    }

    [Theory]
    [MemberData(nameof(AsOfDates))]
    public async Task AgedBalance_AsOfADate_EqualsTheRawFileReplayed(string asOf)
    {
        var date = DateOnly.Parse(asOf, CultureInfo.InvariantCulture);
        var open = sample.Invoices.Where(i => i.InvoiceDate <= date && date < i.SettledDate).ToList();
        int Bucket(Invoice i)
        {
            var days = date.DayNumber - i.DueDate.DayNumber;
            return days <= 0 ? 0 : days <= 30 ? 1 : days <= 60 ? 2 : days <= 90 ? 3 : 4;
        }

        var aged = await (await sample.Client.GetAsync($"{Base(_company)}/aged-balance?asOf={asOf}&currency=USD&pageSize=200")).ReadAsync<AgedBalanceResponse>();

        var total = aged.Totals.Single();
        total.Currency.ShouldBe("USD");
        total.TotalOpen.ShouldBe(new AgedAmount(open.Sum(i => i.Amount), open.Count));
        total.NotDue.ShouldBe(new AgedAmount(open.Where(i => Bucket(i) == 0).Sum(i => i.Amount), open.Count(i => Bucket(i) == 0)));
        for (var k = 1; k <= 4; k++)
        {
            var inBucket = open.Where(i => Bucket(i) == k).ToList();
            total.Buckets[k - 1].ShouldBe(new AgedAmount(inBucket.Sum(i => i.Amount), inBucket.Count), $"bucket {aged.BucketDefinitions[k - 1].Label}");
        }

        var perCustomer = open.GroupBy(i => i.Customer).ToDictionary(g => g.Key, g => g.Sum(i => i.Amount));
        aged.Customers.TotalCount.ShouldBe(perCustomer.Count);
        aged.Customers.Items.ToDictionary(c => c.Reference, c => c.Lines.Single().TotalOpen.Amount).ShouldBe(perCustomer, ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(AsOfDates))]
    public async Task Kpis_AsOfADate_EqualTheFormulasOnTheRawFile(string asOf)
    {
        var date = DateOnly.Parse(asOf, CultureInfo.InvariantCulture);
        var from = new DateOnly(date.Year, date.Month, 1).AddMonths(-2);
        decimal Receivables(DateOnly d, bool notDueOnly) =>
            sample.Invoices.Where(i => i.InvoiceDate <= d && d < i.SettledDate && (!notDueOnly || i.DueDate >= d)).Sum(i => i.Amount);
        decimal Sales(DateOnly first, DateOnly last) => sample.Invoices.Where(i => i.InvoiceDate >= first && i.InvoiceDate <= last).Sum(i => i.Amount);
        decimal? CountBack(decimal receivables)
        {
            if (receivables <= 0)
            {
                return 0m;
            }

            var days = 0m;
            var monthStart = new DateOnly(date.Year, date.Month, 1);
            var monthEnd = date;
            for (var n = 0; n < 37; n++)
            {
                var sales = Sales(monthStart, monthEnd);
                var monthDays = monthEnd.DayNumber - monthStart.DayNumber + 1;
                if (sales > 0 && receivables <= sales)
                {
                    return days + (receivables / sales * monthDays);
                }

                receivables -= sales;
                days += monthDays;
                monthStart = monthStart.AddMonths(-1);
                monthEnd = monthStart.AddMonths(1).AddDays(-1);
            }

            return null;
        }

        var ar = Receivables(date, false);
        var notDue = Receivables(date, true);
        var opening = Receivables(from.AddDays(-1), false);
        var periodSales = Sales(from, date);
        var n = 3m;
        var dso = CountBack(ar);
        var best = CountBack(notDue);
        var expected = new Dictionary<string, decimal?>
        {
            ["dsoSimple"] = ar / periodSales * (date.DayNumber - from.DayNumber + 1),
            ["dsoCountBack"] = dso,
            ["bestPossibleDso"] = best,
            ["averageDaysDelinquent"] = dso - best,
            ["ceiDividedByMonths"] = (opening + (periodSales / n) - ar) / (opening + (periodSales / n) - notDue) * 100m,
            ["ceiWithoutDivision"] = (opening + periodSales - ar) / (opening + periodSales - notDue) * 100m,
            ["overdueRate"] = ar == 0 ? null : (ar - notDue) / ar * 100m,
        };

        var kpis = await (await sample.Client.GetAsync($"{Base(_company)}/kpis?asOf={asOf}&currency=USD")).ReadAsync<KpisResponse>();

        (kpis.From, kpis.To, kpis.Currency).ShouldBe((from, date, "USD"));
        (kpis.Options.IncludeDisputed, kpis.Options.IncludeUnappliedCash).ShouldBe((true, false));
        kpis.Inputs.ReceivablesAtAsOf.ShouldBe(ar);
        kpis.Inputs.NotDueAtAsOf.ShouldBe(notDue);
        kpis.Inputs.SalesOfPeriod.ShouldBe(periodSales);
        foreach (var (name, value) in expected)
        {
            var figure = kpis.Figures.Single(f => f.Name == name);
            figure.Definition.ShouldNotBeNullOrWhiteSpace();
            if (value is null)
            {
                figure.Value.ShouldBeNull(name);
            }
            else
            {
                figure.Value.ShouldNotBeNull(name);
                Math.Abs(figure.Value!.Value - value.Value).ShouldBeLessThanOrEqualTo(0.006m, $"{name} as of {asOf}");
            }
        }
    }

    internal static readonly object IbmMapping = new
    {
        delimiter = ",",
        dateFormats = new[] { "M/d/yyyy" },
        decimalSeparator = ".",
        defaultCurrency = "USD",
        columns = new
        {
            customerReference = "customerID",
            itemReference = "invoiceNumber",
            issueDate = "InvoiceDate",
            dueDate = "DueDate",
            amount = "InvoiceAmount",
            disputed = "Disputed",
            settledDate = "SettledDate",
        },
    };

    public sealed record Invoice(string Customer, string Number, DateOnly InvoiceDate, DateOnly DueDate, decimal Amount, bool Disputed, DateOnly SettledDate);

    /// <summary>One database with the sample imported once through the API, shared by the tests of the class.</summary>
    public sealed class ImportedSample : IAsyncLifetime
    {
        private readonly DemoHostFixture _host = new();

        public HttpClient Client { get; private set; } = null!;

        public string Csv { get; private set; } = "";

        public IReadOnlyList<Invoice> Invoices { get; private set; } = [];

        public ImportResponse Import { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Csv = await File.ReadAllTextAsync(Locate());
            Invoices = Parse(Csv);
            await _host.InitializeAsync();
            Client = await _host.Factory.SignInAsync(DemoUsers.CreditManager);
            Import = await ImportAsync(Client, _company, Csv, IbmMapping, mode: "delta", policy: "rejectFile", importDate: "2014-02-01");
        }

        public Task DisposeAsync() => _host.DisposeAsync();

        /// <summary>Walks up from the test assembly until a directory holds shared/data/ibm-accounts-receivable.csv (the repository's sibling).</summary>
        internal static string Locate()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "shared", "data", "ibm-accounts-receivable.csv");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new FileNotFoundException("shared/data/ibm-accounts-receivable.csv was not found above " + AppContext.BaseDirectory);
        }

        /// <summary>The raw file read with string splitting only (it has no quoted fields).</summary>
        internal static List<Invoice> Parse(string csv)
        {
            static DateOnly Date(string text) => DateOnly.ParseExact(text, "M/d/yyyy", CultureInfo.InvariantCulture);
            return csv.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Skip(1)
                .Select(line => line.TrimEnd('\r').Split(','))
                .Where(f => f.Length >= 12)
                .Select(f => new Invoice(f[1], f[3], Date(f[4]), Date(f[5]), decimal.Parse(f[6], CultureInfo.InvariantCulture), f[7] == "Yes", Date(f[8])))
                .ToList();
        }
    }
}
