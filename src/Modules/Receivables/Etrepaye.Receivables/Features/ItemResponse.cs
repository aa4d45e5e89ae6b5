using Etrepaye.Receivables.Domain;
using Etrepaye.Shared.Contracts;

namespace Etrepaye.Receivables.Features;

/// <param name="Type">Invoice, CreditNote, Payment or Adjustment.</param>
/// <param name="OpenAmount">What is still open today; for a payment or credit note, what is not yet allocated (unapplied).</param>
/// <param name="Status">Open or Settled.</param>
public sealed record ItemResponse(
    Guid Id, Guid CustomerId, string Type, string Reference, Money Amount, Money OpenAmount, DateOnly IssueDate, DateOnly? DueDate,
    string Status, bool Disputed, DateOnly? SettledDate, long Version)
{
    internal static ItemResponse From(Item i) => new(
        i.Id, i.CustomerId, i.Type.ToString(), i.Reference, new Money(i.Amount, i.Currency), new Money(i.OpenAmount, i.Currency), i.IssueDate, i.DueDate,
        i.Status.ToString(), i.Disputed, i.SettledDate, i.Version);
}
