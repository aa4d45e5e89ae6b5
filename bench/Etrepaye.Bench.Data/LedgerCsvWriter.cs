using System.Globalization;
using System.Text;

namespace Etrepaye.Bench.Data;

/// <summary>
/// The generated ledger as a CSV in the import format the import bench uses (the module's default column names): one row per
/// invoice and one per payment left on account; a paid invoice carries its (last) settlement date, and the amount paid so far
/// when paid in part only.
/// </summary>
public static class LedgerCsvWriter
{
    public const string Header = "customer,customer_name,reference,type,currency,issue_date,due_date,amount,settled_date,settled_amount,disputed";

    public static long Write(string path, CompanyGenerator company)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write(Header);
        writer.Write('\n');
        long rows = 0;
        foreach (var history in company.Invoices())
        {
            var invoice = history.Invoice;
            var settledDate = history.Allocations().LastOrDefault()?.Date;
            var partial = settledDate is not null && invoice.Status == "Open";
            Line(writer, history.Customer, invoice.Reference, "INV", invoice, settledDate, partial ? history.SettledAmount : null, invoice.Disputed ? "yes" : "no");
            rows++;
            if (history.Payment is { Status: "Open" } onAccount)
            {
                Line(writer, history.Customer, onAccount.Reference, "PAY", onAccount, null, null, "");
                rows++;
            }
        }

        return rows;
    }

    private static void Line(StreamWriter writer, CustomerRow customer, string reference, string type, ItemRow item, DateOnly? settled, decimal? settledAmount, string disputed)
    {
        writer.Write(string.Join(',',
            customer.Reference, customer.Name, reference, type, item.Currency, Date(item.IssueDate), item.DueDate is { } due ? Date(due) : "",
            Amount(item.Amount), settled is { } s ? Date(s) : "", settledAmount is { } a ? Amount(a) : "", disputed));
        writer.Write('\n');
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Amount(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
