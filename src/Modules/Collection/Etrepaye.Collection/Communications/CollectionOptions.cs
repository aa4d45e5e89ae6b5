namespace Etrepaye.Collection.Communications;

/// <summary>Configuration section <c>Collection</c>: how messages leave.</summary>
internal sealed class CollectionOptions
{
    public const string SectionName = "Collection";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Where letters are queued as PDF files for print or the postal service (one folder per company and day).</summary>
    public string LetterDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "etrepaye", "letters");

    /// <summary>Where the file SMS provider writes each SMS.</summary>
    public string SmsDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "etrepaye", "sms");

    public bool DispatcherEnabled { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a dispatcher holds a message it claimed; a crashed one's messages are taken over after it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    public int MaxAttempts { get; set; } = 5;

    /// <summary>The domain of the Message-ID of e-mails (the id part derives from the message's idempotency key).</summary>
    public string MessageIdDomain { get; set; } = "etrepaye.local";

    /// <summary>The address the Studio is reached at, for the signed links of escalation e-mails (e.g. https://etrepaye.example.com).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>How long the link of an escalation e-mail stays valid.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>The pre-due check opens the cases of invoices whose procedure acts before the due date (see docs/collection.md).</summary>
    public bool PreDueCheckEnabled { get; set; } = true;

    public TimeSpan PreDueCheckInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Where internal escalations go when the case names no account manager's e-mail address.</summary>
    public string? CreditManagerEmail { get; set; }
}

internal sealed class SmtpOptions
{
    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 25;

    /// <summary>None, Auto, StartTls, StartTlsWhenAvailable or SslOnConnect (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "StartTlsWhenAvailable";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string FromAddress { get; set; } = "collection@etrepaye.local";

    public string FromName { get; set; } = "Etrepaye";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
