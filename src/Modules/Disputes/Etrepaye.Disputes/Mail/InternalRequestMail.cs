using System.Globalization;
using Etrepaye.Collection.Contracts;
using Etrepaye.Disputes.Domain;

namespace Etrepaye.Disputes.Mail;

/// <summary>
/// The e-mail of an internal request, in the company's language: what the dispute is about, the question, and the link
/// (the token after '#') with its expiry. Handed to the Collection mailer as an <see cref="InternalEmailRequested"/>.
/// </summary>
internal static class InternalRequestMail
{
    public const string KeyPrefix = "disputes:request:";

    public static string Key(Guid requestId) => KeyPrefix + requestId;

    public static InternalEmailRequested Render(
        InternalRequest request, Dispute dispute, string customerName, string reasonName, string language, string timeZone)
    {
        var french = !string.Equals(language, "en", StringComparison.OrdinalIgnoreCase);
        var culture = CultureInfo.GetCultureInfo(french ? "fr-FR" : "en-GB");
        var amount = dispute.Amount.ToString("N2", culture) + " " + dispute.Currency;
        var expires = TimeZoneInfo.ConvertTime(request.ExpiresAt, Zone(timeZone)).ToString("dd/MM/yyyy HH:mm", culture);
        var customer = string.IsNullOrWhiteSpace(customerName) ? "—" : customerName;
        var (subject, body) = french
            ? ($"Litige {dispute.Reference} ({customer}) : votre réponse est attendue",
               $"""
                Bonjour,

                {request.CreatedBy} demande au service {request.Department} son avis sur le litige {dispute.Reference} du client {customer} ({amount}, motif : {reasonName}).

                Question :
                {request.Message}

                Lisez le litige et répondez, sans compte, en ouvrant ce lien :
                {request.Link}

                Le lien sert à une seule réponse et expire le {expires}. Ne le transférez pas : il ouvre ce litige à quiconque le possède.
                """)
            : ($"Dispute {dispute.Reference} ({customer}): your answer is needed",
               $"""
                Hello,

                {request.CreatedBy} asks the {request.Department} department about dispute {dispute.Reference} of customer {customer} ({amount}, reason: {reasonName}).

                Question:
                {request.Message}

                Read the dispute and answer, without an account, by opening this link:
                {request.Link}

                The link takes one answer and expires on {expires}. Do not forward it: it opens this dispute to anyone who has it.
                """);
        return new InternalEmailRequested(
            dispute.CompanyId, Key(request.Id), $"disputes/request/{request.Id}", [request.RecipientEmail], subject, body, dispute.CustomerId);
    }

    private static TimeZoneInfo Zone(string timeZone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) ? zone : TimeZoneInfo.Utc;
}
