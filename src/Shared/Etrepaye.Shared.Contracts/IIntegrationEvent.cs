namespace Etrepaye.Shared.Contracts;

/// <summary>
/// A fact one module publishes for others (past tense: <c>InvoicePaid</c>). It is written to the
/// publishing module's outbox in the same transaction as the change and delivered after commit,
/// at least once; handlers are made idempotent by the receiving module's inbox.
/// </summary>
public interface IIntegrationEvent
{
    /// <summary>The company (tenant) the fact belongs to.</summary>
    Guid CompanyId { get; }
}
