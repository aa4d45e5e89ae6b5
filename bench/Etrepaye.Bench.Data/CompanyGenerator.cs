using System.Globalization;

namespace Etrepaye.Bench.Data;

/// <summary>
/// A realistic company at scale from a seed: customers in groups (one in twenty a group head, a quarter of the others its
/// subsidiaries), invoices over the two years before the as-of date with the IBM sample's payment behaviour (amount, days
/// late, disputed), paid in full (nine in ten) or in part by a payment allocated to the invoice (the rest paid 15 to 90 days
/// later), a few payments on account
/// left unapplied, a credit limit per group head or stand-alone customer, guarantees for some, open disputes over the open
/// disputed invoices, and open collection tasks. Every stream is computed row by row from the seed (nothing is held in
/// memory), so it can be enumerated again and the loader and the CSV writer see the same rows.
/// </summary>
public sealed class CompanyGenerator
{
    private const int KindCustomer = 1, KindInvoice = 2, KindLimit = 3, KindPayment = 4, KindAllocation = 5, KindGuarantee = 6,
        KindDispute = 7, KindDisputeLine = 8, KindTask = 9, KindInstance = 10, KindRemainder = 11, KindRemainderAllocation = 12;

    private static readonly string[] _segments = ["Industry", "Retail", "Services", "Public sector", "Wholesale"];
    private static readonly int[] _terms = [30, 30, 45, 60];
    private static readonly string[] _reasons = ["price", "quantity", "quality", "delivery"];

    private readonly IbmBehaviour _behaviour;

    private CompanyGenerator(GeneratorOptions options)
    {
        Options = options;
        _behaviour = IbmBehaviour.Load(options.IbmSample);
        GroupHeads = Math.Max(1, options.Customers / 20);
    }

    public GeneratorOptions Options { get; }

    public string BehaviourSource => _behaviour.Source;

    /// <summary>Customers below this index are group heads.</summary>
    public int GroupHeads { get; }

    public static CompanyGenerator Generate(GeneratorOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Customers, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Invoices);
        ArgumentOutOfRangeException.ThrowIfNegative(options.OpenTasks);
        return new CompanyGenerator(options);
    }

    public static Guid DeterministicGuid(int seed, int kind, long index)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, index);
        BitConverter.TryWriteBytes(bytes[8..], seed);
        BitConverter.TryWriteBytes(bytes[12..], kind);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    public CustomerRow Customer(int index)
    {
        var random = SplitMix.For(Options.Seed, KindCustomer, index);
        Guid? parent = index >= GroupHeads && random.Next(4) == 0 ? CustomerId(random.Next(GroupHeads)) : null;
        return new CustomerRow(
            index, CustomerId(index), $"C{index:D7}", $"Customer {index} {(parent is null ? "SA" : "SAS")}", "EUR", _terms[random.Next(_terms.Length)], parent,
            _segments[random.Next(_segments.Length)]);
    }

    public Guid CustomerId(int index) => DeterministicGuid(Options.Seed, KindCustomer, index);

    public IEnumerable<CustomerRow> Customers()
    {
        for (var i = 0; i < Options.Customers; i++)
        {
            yield return Customer(i);
        }
    }

    /// <summary>The invoices in reference order, each with its payment and allocation when paid.</summary>
    public IEnumerable<InvoiceHistory> Invoices()
    {
        for (long i = 0; i < Options.Invoices; i++)
        {
            yield return Invoice(i);
        }
    }

    public InvoiceHistory Invoice(long index)
    {
        var random = SplitMix.For(Options.Seed, KindInvoice, index);
        var asOf = Options.AsOf;

        // Bigger customers first: P(index < k) = sqrt(k / N), so a few customers hold many invoices and most a handful.
        var u = random.NextDouble();
        var customer = Customer(Math.Min(Options.Customers - 1, (int)(u * u * Options.Customers)));
        var issue = asOf.AddDays(-1 - random.Next(730));
        var due = issue.AddDays(customer.PaymentTermsDays);
        var (sampleAmount, daysAfterDue, disputed) = _behaviour.Draw(ref random);

        // The sample's amounts are small (tens): scaled to a business-to-business invoice.
        var amount = Math.Round(sampleAmount * 20m, 2);
        var paidOn = due.AddDays(daysAfterDue);
        if (paidOn <= issue)
        {
            paidOn = issue.AddDays(1);
        }

        var invoiceId = DeterministicGuid(Options.Seed, KindInvoice, index);
        var reference = $"F{index:D9}";
        var unappliedOnAccount = random.Next(200) == 0;
        if (paidOn > asOf)
        {
            var open = new ItemRow(invoiceId, customer.Id, "Invoice", reference, customer.Currency, issue, due, amount, amount, "Open", disputed, null);
            if (!unappliedOnAccount)
            {
                return new InvoiceHistory(index, customer, open, null, null, 0m);
            }

            // Cash received without a remittance advice: on the customer's account, not yet allocated.
            var onAccountDate = asOf.AddDays(-random.Next(30));
            var onAccount = Math.Round(amount * (decimal)(0.2 + (random.NextDouble() * 0.8)), 2);
            var unapplied = new ItemRow(
                DeterministicGuid(Options.Seed, KindPayment, index), customer.Id, "Payment", $"R{index:D9}", customer.Currency,
                onAccountDate < issue ? issue : onAccountDate, null, onAccount, onAccount, "Open", false, null);
            return new InvoiceHistory(index, customer, open, unapplied, null, 0m);
        }

        // Settlement: in full nine times in ten, else in part; the rest is paid 15 to 90 days later (still open until then).
        var partial = random.Next(10) == 0;
        var paid = partial ? Math.Round(amount * (decimal)(0.3 + (random.NextDouble() * 0.6)), 2) : amount;
        var paymentId = DeterministicGuid(Options.Seed, KindPayment, index);
        var payment = new ItemRow(paymentId, customer.Id, "Payment", $"R{index:D9}", customer.Currency, paidOn, null, paid, 0m, "Settled", false, paidOn);
        var allocation = new AllocationRow(DeterministicGuid(Options.Seed, KindAllocation, index), paymentId, invoiceId, paid, paidOn);
        if (!partial)
        {
            var settled = new ItemRow(invoiceId, customer.Id, "Invoice", reference, customer.Currency, issue, due, amount, 0m, "Settled", disputed, paidOn);
            return new InvoiceHistory(index, customer, settled, payment, allocation, paid);
        }

        var restOn = paidOn.AddDays(random.Next(15, 91));
        if (restOn > asOf)
        {
            var open = new ItemRow(invoiceId, customer.Id, "Invoice", reference, customer.Currency, issue, due, amount, amount - paid, "Open", disputed, null);
            return new InvoiceHistory(index, customer, open, payment, allocation, paid);
        }

        var restId = DeterministicGuid(Options.Seed, KindRemainder, index);
        var rest = new ItemRow(restId, customer.Id, "Payment", $"S{index:D9}", customer.Currency, restOn, null, amount - paid, 0m, "Settled", false, restOn);
        var invoice = new ItemRow(invoiceId, customer.Id, "Invoice", reference, customer.Currency, issue, due, amount, 0m, "Settled", disputed, restOn);
        return new InvoiceHistory(
            index, customer, invoice, payment, allocation, amount, rest,
            new AllocationRow(DeterministicGuid(Options.Seed, KindRemainderAllocation, index), restId, invoiceId, amount - paid, restOn));
    }

    /// <summary>One limit per group head or stand-alone customer (a subsidiary draws on its head's).</summary>
    public IEnumerable<LimitRow> Limits()
    {
        foreach (var customer in Customers())
        {
            if (customer.ParentId is not null)
            {
                continue;
            }

            var random = SplitMix.For(Options.Seed, KindLimit, customer.Index);
            var amount = customer.Index < GroupHeads ? random.Next(100, 1_000) * 1_000m : random.Next(20, 200) * 1_000m;
            yield return new LimitRow(
                DeterministicGuid(Options.Seed, KindLimit, customer.Index), customer.Id, amount, customer.Currency, Options.AsOf.AddYears(1), Options.AsOf.AddMonths(6));
        }
    }

    /// <summary>A bank guarantee or a parent-company guarantee for one group head in five, active over the as-of date.</summary>
    public IEnumerable<GuaranteeRow> Guarantees()
    {
        for (var i = 0; i < GroupHeads; i++)
        {
            var random = SplitMix.For(Options.Seed, KindGuarantee, i);
            if (random.Next(5) != 0)
            {
                continue;
            }

            var bank = random.Next(2) == 0;
            var start = Options.AsOf.AddDays(-random.Next(365));
            yield return new GuaranteeRow(
                DeterministicGuid(Options.Seed, KindGuarantee, i), CustomerId(i), bank ? "BankGuarantee" : "ParentCompanyGuarantee",
                bank ? "Banque Exemple" : $"Holding of customer {i}", random.Next(10, 200) * 1_000m, "EUR", start, start.AddYears(2));
        }
    }

    /// <summary>An open dispute over each invoice that is disputed and still open on the as-of date.</summary>
    public IEnumerable<DisputeRow> Disputes()
    {
        var number = 0;
        foreach (var history in Invoices())
        {
            if (!history.Invoice.Disputed || history.Invoice.Status != "Open")
            {
                continue;
            }

            number++;
            var random = SplitMix.For(Options.Seed, KindDispute, history.Index);
            var openedOn = history.Invoice.DueDate!.Value.AddDays(random.Next(-10, 20));
            openedOn = openedOn > Options.AsOf ? Options.AsOf : openedOn < history.Invoice.IssueDate ? history.Invoice.IssueDate : openedOn;
            yield return new DisputeRow(
                DeterministicGuid(Options.Seed, KindDispute, history.Index), number, DeterministicGuid(Options.Seed, KindDisputeLine, history.Index), history.Invoice,
                _reasons[random.Next(_reasons.Length)], openedOn, openedOn.AddDays(14));
        }
    }

    /// <summary>Open collection tasks spread over the customers, due around the as-of date, with the amount at risk of the case.</summary>
    public IEnumerable<TaskRow> Tasks()
    {
        for (var t = 0; t < Options.OpenTasks; t++)
        {
            var random = SplitMix.For(Options.Seed, KindTask, t);
            var customer = Customer((int)((t * 7919L) % Options.Customers));
            var call = random.Next(3) != 0;
            var due = Options.AsOf.AddDays(random.Next(-30, 10));
            var createdAt = new DateTimeOffset(due.AddDays(-random.Next(1, 10)).ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero).AddSeconds(random.Next(36_000));
            var priority = random.Next(5) == 0 ? "High" : "Normal";
            var amount = Math.Round(100m + (decimal)(random.NextDouble() * random.NextDouble() * 50_000), 2);
            yield return new TaskRow(
                DeterministicGuid(Options.Seed, KindTask, t), DeterministicGuid(Options.Seed, KindInstance, t), customer,
                call ? "call-customer" : "review-case",
                call ? $"Call {customer.Name} about its overdue invoices" : $"Review the collection case of {customer.Name}",
                call ? "Operator" : "CreditManager", due, priority, amount, createdAt, Score(amount, due, Options.AsOf), Options.AsOf);
        }
    }

    /// <summary>The product's stored inbox priority (Etrepaye.Workflows' TaskScores.On): a double, so both compute the same bits.</summary>
    private static double Score(decimal amountAtRisk, DateOnly due, DateOnly day) =>
        due < day ? (double)amountAtRisk * (day.DayNumber - due.DayNumber) : 0d;

    public static string Describe(long count) => count.ToString("N0", CultureInfo.InvariantCulture);
}
