using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Etrepaye.Collection.Communications;
using Etrepaye.Collection.Data;
using Etrepaye.Collection.Domain;
using Etrepaye.Collection.Features;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Features;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Collection;

/// <summary>The real host with collection's folders of its own and, when given, a clock the test moves.</summary>
public sealed class CollectionFactory(TestDatabase database, IReadOnlyDictionary<string, string?> settings, TimeProvider? clock = null)
    : EtrepayeFactory(database, settings)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }

    public static Dictionary<string, string?> Settings(string folder, bool dispatcher = true, int? smtpPort = null) => new()
    {
        ["Collection:LetterDirectory"] = Path.Combine(folder, "letters"),
        ["Collection:SmsDirectory"] = Path.Combine(folder, "sms"),
        ["Collection:DispatcherEnabled"] = dispatcher ? "true" : "false",
        ["Collection:PollInterval"] = "00:00:00.200",
        ["Collection:PreDueCheckInterval"] = "00:00:00.200",
        ["Collection:Smtp:Host"] = "127.0.0.1",
        ["Collection:Smtp:Port"] = (smtpPort ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Collection:Smtp:Security"] = "None",
        ["Collection:Smtp:FromName"] = "Service recouvrement",
        ["Collection:CreditManagerEmail"] = "credit.manager@example.com",
        ["Workflows:PollInterval"] = "00:00:00.200",
    };

    public static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "etrepaye-tests", "collection", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}

/// <summary>Small helpers over the collection API and the events it listens to.</summary>
internal static class CollectionApi
{
    public static string Url(Guid companyId) => $"/api/companies/{companyId}/collection";

    public static async Task<CustomerResponse> CreateFrenchCustomerAsync(HttpClient client, Guid companyId, string? email = "compta@client.example", string? phone = "+33600000000")
    {
        var response = await client.PostJsonAsync($"{Base(companyId)}/customers", new
        {
            reference = NewReference("CL"),
            name = "Société Générale d'Électricité",
            currency = "EUR",
            paymentTermsDays = 30,
            language = "fr",
            accountManager = "am@example.com",
            contacts = new[] { new { name = "Anne Dupré", role = "Billing", email, phone, preferredChannel = "Email" } },
        });
        return await response.ReadAsync<CustomerResponse>();
    }

    /// <summary>What the Receivables daily check publishes when the invoice's due date has passed.</summary>
    public static async Task PublishOverdueAsync(IServiceProvider services, Guid companyId, ItemResponse invoice)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(companyId, "test");
        var db = scope.ServiceProvider.GetRequiredService<ReceivablesDbContext>();
        db.Publish(new InvoiceBecameOverdue(companyId, invoice.CustomerId, invoice.Id, invoice.Reference, invoice.OpenAmount, invoice.DueDate!.Value));
        await db.SaveChangesAsync();
        scope.ServiceProvider.GetRequiredService<OutboxSignal>().Notify();
    }

    public static async Task<CaseDetailResponse> WaitForCaseAsync(HttpClient client, Guid companyId, Guid customerId, Func<CaseDetailResponse, bool>? until = null)
    {
        CaseDetailResponse? found = null;
        await Eventually(async () =>
        {
            var page = await (await client.GetAsync($"{Url(companyId)}/cases?customerId={customerId}")).ReadAsync<PagedResult<CaseSummaryResponse>>();
            if (page.Items.Count == 0)
            {
                return false;
            }

            found = await (await client.GetAsync($"{Url(companyId)}/cases/{page.Items.OrderByDescending(c => c.OpenedOn).First().Id}")).ReadAsync<CaseDetailResponse>();
            return until?.Invoke(found) ?? true;
        }, "the collection case reaches the expected state");
        return found!;
    }

    /// <summary>Schedules a message of a case as the send-message effect does, under an idempotency key.</summary>
    public static async Task<Guid> ScheduleAsync(IServiceProvider services, Guid companyId, Guid caseId, MessageChannel channel, string key, string kind = DefaultTemplates.Reminder)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(companyId, "test");
        var composer = scope.ServiceProvider.GetRequiredService<MessageComposer>();
        var message = await composer.ScheduleAsync(
            new ComposeRequest(caseId, kind, channel, 1, null, AttachStatement: true, IncludeInterest: true, Indemnity: true, ConfirmBeforeSending: false), key, "test",
            CancellationToken.None);
        return message.Id;
    }

    public static async Task<Message> MessageAsync(IServiceProvider services, Guid messageId)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollectionDbContext>();
        return await db.Messages.IgnoreQueryFilters().AsNoTracking().SingleAsync(m => m.Id == messageId);
    }

    public static async Task<List<string>> OutboxPayloadsAsync(IServiceProvider services, string eventName)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollectionDbContext>();
        return await db.OutboxMessages.IgnoreQueryFilters().Where(m => m.EventType.EndsWith("." + eventName)).Select(m => m.Payload).ToListAsync();
    }

    /// <summary>Whether the InvoiceBecameOverdue of an invoice was delivered to every handler.</summary>
    public static async Task<bool> OverdueDeliveredAsync(IServiceProvider services, Guid invoiceId)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReceivablesDbContext>();
        var messages = await db.OutboxMessages.IgnoreQueryFilters().Where(m => m.EventType.EndsWith(".InvoiceBecameOverdue"))
            .Select(m => new { m.Payload, m.DispatchedAt }).ToListAsync();
        return messages.Any(m => m.Payload.Contains(invoiceId.ToString(), StringComparison.Ordinal) && m.DispatchedAt != null);
    }

    public static async Task PayAsync(HttpClient client, Guid companyId, ItemResponse invoice, decimal amount, string date)
    {
        var payment = await RecordAsync(client, companyId, "payments", invoice.CustomerId, amount, date);
        (await client.PostJsonAsync($"{Base(companyId)}/allocations", new { sourceItemId = payment.Id, targetItemId = invoice.Id, amount, date }))
            .EnsureSuccessStatusCode();
    }

    public static Task Eventually(Func<Task<bool>> condition, string because, int seconds = 30) => Wait.Eventually(condition, because, seconds);
}

/// <summary>
/// A real SMTP server on loopback: Debian's python3-aiosmtpd (python3 -m aiosmtpd) with a handler that writes each message it
/// receives as an .eml file in a folder.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private const string Handler = """
        import os, uuid

        class SaveHandler:
            def __init__(self, directory):
                self.directory = directory

            @classmethod
            def from_cli(cls, parser, *args):
                return cls(args[0])

            async def handle_DATA(self, server, session, envelope):
                name = os.path.join(self.directory, uuid.uuid4().hex)
                with open(name + ".part", "wb") as f:
                    f.write(envelope.original_content or envelope.content)
                os.rename(name + ".part", name + ".eml")
                return "250 Message accepted for delivery"
        """;

    private readonly Process _process;
    private readonly string _folder;

    private SmtpSink(Process process, int port, string folder)
    {
        _process = process;
        Port = port;
        _folder = folder;
        Inbox = Path.Combine(folder, "inbox");
    }

    public int Port { get; }

    public string Inbox { get; }

    public static async Task<SmtpSink> StartAsync()
    {
        var folder = CollectionFactory.NewFolder();
        var inbox = Path.Combine(folder, "inbox");
        Directory.CreateDirectory(inbox);
        await File.WriteAllTextAsync(Path.Combine(folder, "savehandler.py"), Handler);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        // Debian's interpreter, which python3-aiosmtpd installs into, even when another python3 comes first on the PATH.
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var start = new ProcessStartInfo(python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "savehandler.SaveHandler", inbox])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PYTHONPATH"] = folder;
        var process = Process.Start(start)!;
        var sink = new SmtpSink(process, port, folder);
        await CollectionApi.Eventually(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"aiosmtpd exited: {await process.StandardError.ReadToEndAsync()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, "the SMTP server listens", seconds: 20);
        return sink;
    }

    public string[] Messages() => Directory.GetFiles(Inbox, "*.eml");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean from the temp directory.
        }
    }
}
