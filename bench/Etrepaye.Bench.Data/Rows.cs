namespace Etrepaye.Bench.Data;

/// <summary>What to generate. Every row is a function of the seed and its index, so any stream can be read again.</summary>
/// <param name="AsOf">The company's "today": invoices are issued over the two years before it, settled up to it.</param>
/// <param name="OpenTasks">Open collection tasks (workflow instances waiting on a human task).</param>
/// <param name="IbmSample">The IBM sample's path; default ../shared/data found above the program, else a built-in approximation.</param>
public sealed record GeneratorOptions(
    Guid CompanyId, DateOnly AsOf, int Customers = 100_000, int Invoices = 1_000_000, int OpenTasks = 100_000, int Seed = 42, string? IbmSample = null)
{
    /// <summary>The demo company of a host in demo mode (its credit manager signs in with the demo password).</summary>
    public static readonly Guid DemoCompanyId = Guid.Parse("01937a5e-0000-7000-8000-00000000de01");
}

public sealed record CustomerRow(int Index, Guid Id, string Reference, string Name, string Currency, int PaymentTermsDays, Guid? ParentId, string Segment);

/// <param name="Type">Invoice or Payment.</param>
/// <param name="Status">Open or Settled.</param>
public sealed record ItemRow(
    Guid Id, Guid CustomerId, string Type, string Reference, string Currency, DateOnly IssueDate, DateOnly? DueDate, decimal Amount, decimal OpenAmount,
    string Status, bool Disputed, DateOnly? SettledDate);

public sealed record AllocationRow(Guid Id, Guid SourceItemId, Guid TargetItemId, decimal Amount, DateOnly Date);

/// <summary>
/// One invoice and what happened to it: paid in full or in part by a payment allocated to it (the rest of a part payment
/// paid later by a second one, when that date has come), or still open (then <paramref name="Payment"/> may be a payment on
/// account, unallocated).
/// </summary>
/// <param name="SettledAmount">What was paid on it up to the as-of date (0 when open and unpaid).</param>
public sealed record InvoiceHistory(
    long Index, CustomerRow Customer, ItemRow Invoice, ItemRow? Payment, AllocationRow? Allocation, decimal SettledAmount,
    ItemRow? RemainderPayment = null, AllocationRow? RemainderAllocation = null)
{
    /// <summary>The invoice and its payments, as ledger items.</summary>
    public IEnumerable<ItemRow> Items()
    {
        yield return Invoice;
        if (Payment is not null)
        {
            yield return Payment;
        }

        if (RemainderPayment is not null)
        {
            yield return RemainderPayment;
        }
    }

    public IEnumerable<AllocationRow> Allocations()
    {
        if (Allocation is not null)
        {
            yield return Allocation;
        }

        if (RemainderAllocation is not null)
        {
            yield return RemainderAllocation;
        }
    }
}

public sealed record LimitRow(Guid Id, Guid CustomerId, decimal Amount, string Currency, DateOnly ValidUntil, DateOnly ReviewDate);

public sealed record GuaranteeRow(Guid Id, Guid CustomerId, string Type, string IssuerName, decimal Amount, string Currency, DateOnly StartDate, DateOnly ExpiryDate);

/// <summary>An open dispute over one open disputed invoice.</summary>
public sealed record DisputeRow(Guid Id, int Number, Guid LineId, ItemRow Invoice, string ReasonCode, DateOnly OpenedOn, DateOnly DueDate);

/// <summary>An open collection task and the workflow instance waiting on it.</summary>
/// <param name="Score">The inbox's stored priority on <paramref name="ScoreDay"/> (the as-of date): amount at risk × days overdue, as the product writes it.</param>
public sealed record TaskRow(
    Guid Id, Guid InstanceId, CustomerRow Customer, string ActivityId, string Title, string Role, DateOnly DueDate, string Priority, decimal AmountAtRisk,
    DateTimeOffset CreatedAt, double Score, DateOnly ScoreDay);
