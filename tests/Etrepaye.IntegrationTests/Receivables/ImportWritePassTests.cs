using System.Text.Json;
using System.Text.Json.Serialization;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Features;
using Etrepaye.Receivables.Features.ListCustomers;
using Etrepaye.Shared.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Receivables;

/// <summary>
/// The write pass is row by row on SQLite and staged by COPY then set-based on PostgreSQL: these tests pin, on both, the exact ledger,
/// allocations, counts, audit and outbox events of a file and of a changed re-import of it.
/// </summary>
public sealed class ImportWritePassTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private static readonly JsonSerializerOptions _eventJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly EtrepayeFactory _factory = fixture.Factory;

    private static readonly object _mapping = new
    {
        dateFormats = new[] { "yyyy-MM-dd" },
        columns = new
        {
            customerReference = "customer", itemReference = "reference", issueDate = "issued", amount = "amount", itemType = "type", currency = "currency",
            dueDate = "due", settledDate = "settled", settledAmount = "settled_amount", customerName = "name",
        },
        itemTypeValues = new Dictionary<string, string> { ["INV"] = "Invoice", ["CRN"] = "CreditNote", ["PAY"] = "Payment" },
    };

    private static string File(string p, params string[] rows) =>
        "customer,name,reference,type,currency,issued,due,amount,settled,settled_amount\n"
        + string.Concat(rows.Select(r => r.Replace("{p}", p, StringComparison.Ordinal) + "\n"));

    [Fact]
    public async Task Import_WhenAChangedFileIsImportedAgain_WritesTheSameLedgerAndEventsOnEveryProvider()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var p = NewReference("WP");
        var first = await ImportAsync(op, _company, File(p,
            "{p}-C1,First SA,{p}-I1,INV,EUR,2026-03-01,2026-03-31,100.00,,",
            "{p}-C1,First SA,{p}-I2,INV,EUR,2026-03-01,2026-03-31,200.00,2026-03-10,",
            "{p}-C1,First SA,{p}-I3,INV,EUR,2026-03-02,2026-04-01,300.50,2026-03-12,100.25",
            "{p}-C1,First SA,{p}-CN,CRN,EUR,2026-03-03,,10.00,,",
            "{p}-C1,First SA,{p}-PY,PAY,EUR,2026-03-04,,50.00,,"), _mapping, importDate: "2026-03-31");
        var changed = File(p,
            "{p}-C2,Second SAS,{p}-I1,INV,EUR,2026-03-01,2026-03-31,120.00,,",
            "{p}-C1,First SA,{p}-I2,INV,EUR,2026-03-01,2026-03-31,200.00,,",
            "{p}-C1,First SA,{p}-I3,INV,EUR,2026-03-02,2026-04-01,300.50,2026-04-02,250.25",
            "{p}-C1,First SA,{p}-CN,CRN,EUR,2026-03-03,,10.00,,",
            "{p}-C1,First SA,{p}-PY,PAY,EUR,2026-03-04,,50.00,,",
            "{p}-C2,Second SAS,{p}-I4,INV,EUR,2026-04-01,2026-05-01,40.00,2026-04-01,");

        var second = await ImportAsync(op, _company, changed, _mapping, importDate: "2026-04-10");
        var again = await ImportAsync(op, _company, changed, _mapping, importDate: "2026-04-11");

        (first.Status, first.ItemsCreated, first.CustomersCreated).ShouldBe(("Completed", 5, 1));
        (second.ItemsCreated, second.ItemsUpdated, second.ItemsUnchanged, second.ItemsReopened, second.CustomersCreated).ShouldBe((1, 3, 2, 1, 1));
        (again.ItemsCreated, again.ItemsUpdated, again.ItemsUnchanged, again.ItemsReopened, again.CustomersCreated).ShouldBe((0, 0, 6, 0, 0));
        var c1 = await CustomerAsync(op, $"{p}-C1");
        var c2 = await CustomerAsync(op, $"{p}-C2");
        c2.Name.ShouldBe("Second SAS");
        var items = (await (await op.GetAsync($"{Base(_company)}/customers/{c1.Id}/items")).ReadAsync<PagedResult<ItemResponse>>()).Items
            .Concat((await (await op.GetAsync($"{Base(_company)}/customers/{c2.Id}/items")).ReadAsync<PagedResult<ItemResponse>>()).Items)
            .ToDictionary(i => i.Reference[(p.Length + 1)..]);
        items.Values.Select(i => (i.Reference[(p.Length + 1)..], i.CustomerId, i.Amount.Amount, i.OpenAmount.Amount, i.Status, i.SettledDate, i.Version))
            .OrderBy(i => i.Item1).ShouldBe(
            [
                ("CN", c1.Id, 10m, 10m, "Open", null, 0),
                ("I1", c2.Id, 120m, 120m, "Open", null, 1),
                ("I2", c1.Id, 200m, 200m, "Open", null, 1),
                ("I3", c1.Id, 300.5m, 50.25m, "Open", null, 1),
                ("I4", c2.Id, 40m, 0m, "Settled", new DateOnly(2026, 4, 1), 0),
                ("PY", c1.Id, 50m, 50m, "Open", null, 0),
            ]);

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReceivablesDbContext>();
        var i3 = items["I3"].Id;
        var allocations = await db.Allocations.IgnoreQueryFilters().Where(a => a.TargetItemId == i3).OrderBy(a => a.Date).Select(a => new { a.Amount, a.Date, a.SourceItemId }).ToListAsync();
        allocations.Select(a => (a.Amount, a.Date, a.SourceItemId)).ShouldBe([(100.25m, new DateOnly(2026, 3, 12), null), (150m, new DateOnly(2026, 4, 2), null)]);
        var audit = await db.AuditEntries.IgnoreQueryFilters().Where(a => a.EntityType == "Customer" && a.EntityId == c2.Id.ToString()).ToListAsync();
        audit.Single().Change.ShouldBe("Added");
        audit.Single().After.ShouldNotBeNull().ShouldContain("Second SAS");

        var messages = await db.OutboxMessages.IgnoreQueryFilters().Where(m => m.Payload.Contains(p)).Select(m => new { m.EventType, m.Payload }).ToListAsync();
        // The payload is the JSON System.Text.Json writes for the event, whichever write pass wrote it.
        var events = messages.Select(m => Deserialize(m.EventType, m.Payload)).ToList();
        foreach (var (message, read) in messages.Zip(events))
        {
            message.Payload.ShouldBe(JsonSerializer.Serialize(read, read.GetType(), _eventJson));
        }

        var eur = (decimal amount) => new Money(amount, "EUR");
        events.ShouldBe(
            [
                new InvoiceIssued(_company, c1.Id, items["I1"].Id, $"{p}-I1", eur(100.00m), new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)),
                new InvoiceIssued(_company, c1.Id, items["I2"].Id, $"{p}-I2", eur(200.00m), new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)),
                new InvoiceSettled(_company, c1.Id, items["I2"].Id, $"{p}-I2", new DateOnly(2026, 3, 10)),
                new InvoiceIssued(_company, c1.Id, i3, $"{p}-I3", eur(300.50m), new DateOnly(2026, 3, 2), new DateOnly(2026, 4, 1)),
                new CreditNoteIssued(_company, c1.Id, items["CN"].Id, $"{p}-CN", eur(10.00m), new DateOnly(2026, 3, 3)),
                new PaymentReceived(_company, c1.Id, items["PY"].Id, $"{p}-PY", eur(50.00m), new DateOnly(2026, 3, 4)),
                new InvoiceReopened(_company, c1.Id, items["I2"].Id, $"{p}-I2", eur(200.00m), new DateOnly(2026, 3, 31), new DateOnly(2026, 4, 10)),
                new InvoiceIssued(_company, c2.Id, items["I4"].Id, $"{p}-I4", eur(40.00m), new DateOnly(2026, 4, 1), new DateOnly(2026, 5, 1)),
                new InvoiceSettled(_company, c2.Id, items["I4"].Id, $"{p}-I4", new DateOnly(2026, 4, 1)),
            ],
            ignoreOrder: true);
    }

    [Fact]
    public async Task Import_WhenASettledPaymentAndItsInvoiceAreBothOpenAgain_ReopensEachForWhatTheAllocationDidNotTake()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var p = NewReference("WA");
        await ImportAsync(op, _company, File(p,
            "{p}-C,Client,{p}-I,INV,EUR,2026-03-01,2026-03-31,100.00,,",
            "{p}-C,Client,{p}-P,PAY,EUR,2026-03-05,,100.00,,"), _mapping, importDate: "2026-03-31");
        var customer = await CustomerAsync(op, $"{p}-C");
        var listed = (await (await op.GetAsync($"{Base(_company)}/customers/{customer.Id}/items")).ReadAsync<PagedResult<ItemResponse>>()).Items;
        var invoice = listed.Single(i => i.Type == "Invoice");
        var payment = listed.Single(i => i.Type == "Payment");
        await (await op.PostJsonAsync($"{Base(_company)}/allocations", new { sourceItemId = payment.Id, targetItemId = invoice.Id, amount = 40.00m, date = "2026-03-06" }))
            .ShouldHaveStatusAsync(System.Net.HttpStatusCode.OK);
        await ImportAsync(op, _company, File(p,
            "{p}-C,Client,{p}-I,INV,EUR,2026-03-01,2026-03-31,100.00,2026-04-01,",
            "{p}-C,Client,{p}-P,PAY,EUR,2026-03-05,,100.00,2026-04-01,"), _mapping, importDate: "2026-04-01");

        var reopening = await ImportAsync(op, _company, File(p,
            "{p}-C,Client,{p}-I,INV,EUR,2026-03-01,2026-03-31,100.00,,",
            "{p}-C,Client,{p}-P,PAY,EUR,2026-03-05,,100.00,,"), _mapping, importDate: "2026-04-10");

        reopening.ItemsReopened.ShouldBe(2);
        var items = (await (await op.GetAsync($"{Base(_company)}/customers/{customer.Id}/items")).ReadAsync<PagedResult<ItemResponse>>()).Items;
        items.Select(i => (i.Type, i.Status, i.OpenAmount.Amount)).OrderBy(i => i.Type).ShouldBe([("Invoice", "Open", 60m), ("Payment", "Open", 60m)]);
    }

    private async Task<CustomerSummaryResponse> CustomerAsync(HttpClient client, string reference) =>
        (await (await client.GetAsync($"{Base(_company)}/customers?search={reference}")).ReadAsync<PagedResult<CustomerSummaryResponse>>()).Items.Single(c => c.Reference == reference);

    private static object Deserialize(string eventType, string payload) => eventType[(eventType.LastIndexOf('.') + 1)..] switch
    {
        nameof(InvoiceIssued) => JsonSerializer.Deserialize<InvoiceIssued>(payload, _eventJson)!,
        nameof(InvoiceSettled) => JsonSerializer.Deserialize<InvoiceSettled>(payload, _eventJson)!,
        nameof(InvoiceReopened) => JsonSerializer.Deserialize<InvoiceReopened>(payload, _eventJson)!,
        nameof(CreditNoteIssued) => JsonSerializer.Deserialize<CreditNoteIssued>(payload, _eventJson)!,
        nameof(PaymentReceived) => JsonSerializer.Deserialize<PaymentReceived>(payload, _eventJson)!,
        _ => throw new InvalidOperationException($"Unexpected event {eventType}."),
    };
}
