using System.Text.Json;

namespace Etrepaye.Collection.Contracts;

/// <summary>
/// Renders the message a procedure's effect asks for (a reminder, a formal notice) with the company's templates for a sample case that
/// exists nowhere: the simulation shows the letter's text without a customer, a case or a message being read or written.
/// </summary>
public interface IMessagePreview
{
    /// <summary>The rendered message, or null when the effect does not send a message.</summary>
    /// <param name="effectType">The effect's type (collection.send-message).</param>
    /// <param name="payload">The effect's payload as the activity asked for it (kind, channel, level, language…).</param>
    /// <param name="sample">The customer and invoices the message is about.</param>
    /// <param name="cancellationToken">Cancels the rendering.</param>
    Task<MessagePreviewDto?> PreviewEffectAsync(string effectType, JsonElement payload, SampleCaseDto sample, CancellationToken cancellationToken);
}

/// <summary>A customer and its open invoices, as a simulation scenario describes them.</summary>
/// <param name="CustomerReference">The customer's reference.</param>
/// <param name="CustomerName">The customer's name.</param>
/// <param name="Language">The customer's language (fr or en); the message's when the effect names none.</param>
/// <param name="Email">The customer's e-mail address; a reminder by e-mail goes by letter without one.</param>
/// <param name="AsOf">The day the message is written.</param>
/// <param name="Invoices">The customer's open invoices; those due before <paramref name="AsOf"/> are listed.</param>
public sealed record SampleCaseDto(string CustomerReference, string CustomerName, string? Language, string? Email, DateOnly AsOf, IReadOnlyList<SampleInvoiceDto> Invoices);

/// <summary>An open invoice of a sample case.</summary>
/// <param name="Reference">The invoice's number.</param>
/// <param name="IssueDate">The day it was issued.</param>
/// <param name="DueDate">The day it fell due.</param>
/// <param name="Amount">What is still open on it.</param>
/// <param name="Currency">ISO 4217 code.</param>
public sealed record SampleInvoiceDto(string Reference, DateOnly IssueDate, DateOnly DueDate, decimal Amount, string Currency);

/// <summary>A rendered message.</summary>
/// <param name="Kind">reminder, formal-notice or escalation.</param>
/// <param name="Channel">Email, Letter or Sms (a reminder by e-mail to a customer without an address goes by letter).</param>
/// <param name="Language">The language it is written in.</param>
/// <param name="Recipient">To whom it goes.</param>
/// <param name="Subject">Its subject.</param>
/// <param name="Text">Its text.</param>
/// <param name="WouldBeCancelledBecause">Why it would not be sent (nothing overdue, no contact), else null.</param>
public sealed record MessagePreviewDto(
    string Kind, string Channel, string Language, string Recipient, string Subject, string Text, string? WouldBeCancelledBecause);
