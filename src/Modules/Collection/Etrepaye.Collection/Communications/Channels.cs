using Etrepaye.Collection.Domain;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Etrepaye.Collection.Communications;

/// <summary>Sends an SMS; the provider is told the idempotency key so that it can refuse a repeat.</summary>
internal interface ISmsProvider
{
    /// <returns>The provider's id for the SMS.</returns>
    Task<string> SendAsync(string phoneNumber, string text, string idempotencyKey, CancellationToken cancellationToken);
}

/// <summary>Writes each SMS to a file named after its key (a repeat overwrites the same file): for tests, demos and a gateway that reads a folder.</summary>
internal sealed class FileSmsProvider(IOptions<CollectionOptions> options) : ISmsProvider
{
    public async Task<string> SendAsync(string phoneNumber, string text, string idempotencyKey, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Value.SmsDirectory);
        var name = FileNames.Safe(idempotencyKey) + ".txt";
        var path = Path.Combine(options.Value.SmsDirectory, name);
        await FileNames.WriteAtomicallyAsync(path, System.Text.Encoding.UTF8.GetBytes($"To: {phoneNumber}\n\n{text}\n"), cancellationToken);
        return path;
    }
}

internal static class FileNames
{
    public static string Safe(string text) => new([.. text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);

    /// <summary>Written beside and renamed, so that a reader of the folder never sees half a file.</summary>
    public static async Task WriteAtomicallyAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var temporary = path + ".part";
        await File.WriteAllBytesAsync(temporary, content, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>Queues letters as PDF files in a folder per company and day, for print or the postal service.</summary>
internal sealed class LetterQueue(IOptions<CollectionOptions> options)
{
    public async Task<string> QueueAsync(Message message, byte[] pdf, DateOnly day, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(options.Value.LetterDirectory, message.CompanyId.ToString("N"), day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{message.Kind}-{message.Id:N}.pdf");
        await FileNames.WriteAtomicallyAsync(path, pdf, cancellationToken);
        return path;
    }
}

/// <summary>A refusal of the mail server that retrying will not change (a 5xx answer): the message is recorded as bounced.</summary>
internal sealed class PermanentDeliveryException(string message, Exception inner) : Exception(message, inner);

/// <summary>Sends e-mails over SMTP with MailKit, with a Message-ID derived from the message's idempotency key.</summary>
internal sealed class SmtpMailSender(IOptions<CollectionOptions> options)
{
    public async Task<string> SendAsync(Message message, IReadOnlyList<MessageAttachment> attachments, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(settings.Smtp.FromName, settings.Smtp.FromAddress));
        mime.To.AddRange(InternetAddressList.Parse(message.Recipient));
        mime.Subject = message.Subject;
        mime.MessageId = $"{message.Id:N}@{settings.MessageIdDomain}";
        mime.Headers.Add("X-Etrepaye-Idempotency-Key", message.IdempotencyKey);
        var body = new BodyBuilder { TextBody = message.Body };
        foreach (var attachment in attachments)
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }

        mime.Body = body.ToMessageBody();
        using var client = new SmtpClient { Timeout = (int)settings.Smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(settings.Smtp.Host, settings.Smtp.Port, Enum.Parse<SecureSocketOptions>(settings.Smtp.Security, ignoreCase: true), cancellationToken);
        if (!string.IsNullOrEmpty(settings.Smtp.UserName))
        {
            await client.AuthenticateAsync(settings.Smtp.UserName, settings.Smtp.Password ?? "", cancellationToken);
        }

        try
        {
            await client.SendAsync(mime, cancellationToken);
        }
        catch (SmtpCommandException exception) when ((int)exception.StatusCode >= 500)
        {
            throw new PermanentDeliveryException($"The mail server refused the message: {(int)exception.StatusCode} {exception.Message}", exception);
        }

        await client.DisconnectAsync(true, cancellationToken);
        return mime.MessageId;
    }
}
