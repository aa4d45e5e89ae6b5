using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Domain;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Persistence;

namespace Etrepaye.Receivables.Importing;

/// <summary>
/// A batch of parsed rows with what <see cref="StagedWritePass"/> stages for each besides the file's values, drawn on the parsing
/// thread: the ids a row may need (in file order, as the row-by-row path draws them) and the payloads of the events it may raise,
/// serialized by System.Text.Json as <see cref="ModuleDbContext.Publish"/> does, cut around the ids only SQL knows: the customer's (the
/// second property of every Receivables event, after the company's) and a settled invoice's (an existing item's, maybe).
/// SQL writes <see cref="PayloadHead"/> + customer id + <see cref="IssuedPayloads"/>[i], or for a settlement <see cref="PayloadHead"/> +
/// customer id + <see cref="SettledPayloadMiddle"/> + invoice id + <see cref="SettledPayloads"/>[i].
/// </summary>
internal sealed class StagedBatch
{
    // Stand-ins for the ids SQL puts in; System.Text.Json writes a Guid as its 36 characters, as PostgreSQL's uuid::text does.
    private static readonly string _customerText = $"\"{Guid.Empty}\"";
    private static readonly string _invoiceText = $"\"{Guid.AllBitsSet}\"";

    private StagedBatch(IReadOnlyList<ImportRow> rows, string payloadHead, string settledPayloadMiddle)
    {
        Rows = rows;
        PayloadHead = payloadHead;
        SettledPayloadMiddle = settledPayloadMiddle;
        Ids = new RowIds[rows.Count];
        IssuedPayloads = new string[rows.Count];
        SettledPayloads = new string?[rows.Count];
    }

    public IReadOnlyList<ImportRow> Rows { get; }

    /// <summary>The JSON up to the customer id, the same for every event of the company.</summary>
    public string PayloadHead { get; }

    public string SettledPayloadMiddle { get; }

    public RowIds[] Ids { get; }

    /// <summary>The row's issued event (invoice, credit note or payment) after the customer id, should its item be new.</summary>
    public string[] IssuedPayloads { get; }

    /// <summary>An invoice's settled event after the invoice id, when the row has a settled date.</summary>
    public string?[] SettledPayloads { get; }

    public static StagedBatch Prepare(IReadOnlyList<ImportRow> rows, Guid companyId, TimeProvider timeProvider)
    {
        var sample = ModuleDbContext.EventPayload(new InvoiceSettled(companyId, Guid.Empty, Guid.AllBitsSet, "", default));
        var customerAt = sample.IndexOf(_customerText, StringComparison.Ordinal);
        var middleAt = customerAt + _customerText.Length - 1;
        var batch = new StagedBatch(
            rows, sample[..(customerAt + 1)], sample[middleAt..(sample.IndexOf(_invoiceText, StringComparison.Ordinal) + 1)]);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var itemId = Shared.Ids.New(timeProvider);
            batch.Ids[i] = new RowIds(itemId, Shared.Ids.New(timeProvider), Shared.Ids.New(timeProvider), Shared.Ids.New(timeProvider));
            var money = new Money(row.Amount, row.Currency);
            batch.IssuedPayloads[i] = After(_customerText, row.Type switch
            {
                ItemType.Invoice => ModuleDbContext.EventPayload(
                    new InvoiceIssued(companyId, Guid.Empty, itemId, row.Reference, money, row.IssueDate, row.DueDate ?? row.IssueDate)),
                ItemType.CreditNote => ModuleDbContext.EventPayload(new CreditNoteIssued(companyId, Guid.Empty, itemId, row.Reference, money, row.IssueDate)),
                _ => ModuleDbContext.EventPayload(new PaymentReceived(companyId, Guid.Empty, itemId, row.Reference, money, row.IssueDate)),
            });
            if (row is { Type: ItemType.Invoice, SettledDate: { } settledOn })
            {
                batch.SettledPayloads[i] = After(
                    _invoiceText, ModuleDbContext.EventPayload(new InvoiceSettled(companyId, Guid.Empty, Guid.AllBitsSet, row.Reference, settledOn)));
            }
        }

        return batch;
    }

    /// <summary>The JSON after the stand-in id, from its closing quote.</summary>
    private static string After(string idText, string json) => json[(json.IndexOf(idText, StringComparison.Ordinal) + idText.Length - 1)..];

    internal readonly record struct RowIds(Guid Item, Guid Event, Guid Allocation, Guid SettledEvent);
}
