using System.Net;
using System.Net.Http.Json;
using System.Text;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Features;
using Etrepaye.Receivables.Features.GetCustomerStatement;
using Etrepaye.Receivables.Features.GetImport;
using Etrepaye.Receivables.Features.ListCustomers;
using Etrepaye.Receivables.Features.SaveImportMapping;
using Etrepaye.Shared.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Receivables;

/// <summary>Ledger imports through the multipart API: mappings, formats, full and delta modes, idempotence, bad rows.</summary>
public sealed class ImportTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    /// <summary>A French-style file: semicolons, dd/MM/yyyy, decimal comma, a type column with the company's own codes.</summary>
    private static object FrenchMapping(string? settledAmount = null) => new
    {
        delimiter = ";",
        dateFormats = new[] { "dd/MM/yyyy" },
        decimalSeparator = ",",
        thousandsSeparator = " ",
        columns = new
        {
            customerReference = "Client",
            customerName = "Raison sociale",
            itemReference = "Piece",
            itemType = "Type",
            currency = "Devise",
            issueDate = "Date",
            dueDate = "Echeance",
            amount = "Montant",
            disputed = "Litige",
            settledDate = "Regle le",
            settledAmount,
        },
        itemTypeValues = new Dictionary<string, string> { ["FAC"] = "Invoice", ["AV"] = "CreditNote", ["RGL"] = "Payment" },
    };

    private static string French(string prefix, params string[] rows) =>
        "Client;Raison sociale;Piece;Type;Devise;Date;Echeance;Montant;Litige;Regle le\r\n" +
        string.Concat(rows.Select(r => r.Replace("{p}", prefix, StringComparison.Ordinal) + "\r\n"));

    [Fact]
    public async Task Import_WhenFileUsesSemicolonsCommasAndBom_ReadsEveryFieldThroughTheMapping()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var p = NewReference("FR");
        var csv = French(p,
            "{p}-C1;Durand SA;{p}-0001;FAC;EUR;05/01/2026;04/02/2026;1 234,56;non;",
            "{p}-C1;Durand SA;{p}-0002;AV;EUR;10/01/2026;;34,56;;",
            "{p}-C1;Durand SA;{p}-0003;FAC;USD;12/01/2026;11/02/2026;\"2 000,00\";oui;20/01/2026");

        var import = await ImportAsync(op, _company, csv, FrenchMapping(), withBom: true, importDate: "2026-01-31");

        import.Status.ShouldBe("Completed");
        (import.RowsRead, import.ItemsCreated, import.CustomersCreated, import.RowsRejected).ShouldBe((3, 3, 1, 0));
        var customer = (await (await op.GetAsync($"{Base(_company)}/customers?search={p}-C1")).ReadAsync<PagedResult<CustomerSummaryResponse>>()).Items.Single();
        customer.Name.ShouldBe("Durand SA");
        var items = await (await op.GetAsync($"{Base(_company)}/customers/{customer.Id}/items")).ReadAsync<PagedResult<ItemResponse>>();
        var invoice = items.Items.Single(i => i.Reference == $"{p}-0001");
        invoice.Amount.ShouldBe(new Money(1234.56m, "EUR"));
        invoice.DueDate.ShouldBe(new DateOnly(2026, 2, 4));
        invoice.Disputed.ShouldBeFalse();
        items.Items.Single(i => i.Reference == $"{p}-0002").Type.ShouldBe("CreditNote");
        var usd = items.Items.Single(i => i.Reference == $"{p}-0003");
        (usd.Amount, usd.Disputed, usd.Status, usd.SettledDate).ShouldBe((new Money(2000m, "USD"), true, "Settled", new DateOnly(2026, 1, 20)));
    }

    [Fact]
    public async Task Import_WhenSameFileIsImportedTwice_ChangesNothingTheSecondTime()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var p = NewReference("ID");
        var csv = French(p, "{p}-C;X;{p}-1;FAC;EUR;05/01/2026;04/02/2026;100,00;;", "{p}-C;X;{p}-2;FAC;EUR;06/01/2026;05/02/2026;200,00;;15/01/2026");
        var first = await ImportAsync(op, _company, csv, FrenchMapping(), importDate: "2026-01-31");
        var customer = (await (await op.GetAsync($"{Base(_company)}/customers?search={p}-C")).ReadAsync<PagedResult<CustomerSummaryResponse>>()).Items.Single();
        var before = await (await op.GetAsync($"{Base(_company)}/customers/{customer.Id}/items")).ReadAsync<PagedResult<ItemResponse>>();

        var second = await ImportAsync(op, _company, csv, FrenchMapping(), importDate: "2026-01-31");

        (first.ItemsCreated, second.ItemsCreated, second.ItemsUpdated, second.ItemsUnchanged, second.CustomersCreated).ShouldBe((2, 0, 0, 2, 0));
        var after = await (await op.GetAsync($"{Base(_company)}/customers/{customer.Id}/items")).ReadAsync<PagedResult<ItemResponse>>();
        after.Items.ShouldBe(before.Items);
    }

    [Fact]
    public async Task Import_WhenSettledAmountIsPartial_RecordsAPartialSettlement()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var p = NewReference("PS");
        var csv = "Client;Raison sociale;Piece;Type;Devise;Date;Echeance;Montant;Litige;Regle le;Regle\r\n" +
            $"{p}-C;X;{p}-1;FAC;EUR;05/01/2026;04/02/2026;100,00;;10/01/2026;40,00\r\n";

        var import = await ImportAsync(op, _company, csv, FrenchMapping(settledAmount: "Regle"));

        import.Status.ShouldBe("Completed");
        var customer = (await (await op.GetAsync($"{Base(_company)}/customers?search={p}-C")).ReadAsync<PagedResult<CustomerSummaryResponse>>()).Items.Single();
        var early = await (await op.GetAsync($"{Base(_company)}/customers/{customer.Id}/statement?asOf=2026-01-09")).ReadAsync<CustomerStatementResponse>();
        early.Items.Single().OpenAmount.Amount.ShouldBe(100m);
        var later = await (await op.GetAsync($"{Base(_company)}/customers/{customer.Id}/statement?asOf=2026-01-10")).ReadAsync<CustomerStatementResponse>();
        later.Items.Single().OpenAmount.Amount.ShouldBe(60m);
    }

    [Fact]
    public async Task Import_WhenRowsAreBadAndPolicyIsRejectFile_ReportsEachWithLineAndColumnAndWritesNothing()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var p = NewReference("RJ");
        var csv = French(p,
            "{p}-C;X;{p}-1;FAC;EUR;05/01/2026;04/02/2026;100,00;;",
            "{p}-C;X;{p}-2;FAC;EUR;31/02/2026;04/02/2026;100,00;;",
            "{p}-C;X;{p}-3;FAC;EUR;05/01/2026;04/02/2026;douze;;",
            "{p}-C;X;{p}-4;XYZ;EUR;05/01/2026;04/02/2026;100,00;;",
            "{p}-C;X;;FAC;EUR;05/01/2026;04/02/2026;100,00;;");

        var import = await ImportAsync(op, _company, csv, FrenchMapping(), policy: "rejectFile");

        import.Status.ShouldBe("Rejected");
        import.RowsRead.ShouldBe(5);
        import.RowsRejected.ShouldBe(4);
        import.ItemsCreated.ShouldBe(0);
        import.Errors.Items.Select(e => (e.Line, e.Column)).ShouldBe([(3, "Date"), (4, "Montant"), (5, "Type"), (6, "Piece")]);
        import.Errors.Items[0].Reason.ShouldContain("dd/MM/yyyy");
        var customers = await (await op.GetAsync($"{Base(_company)}/customers?search={p}")).ReadAsync<PagedResult<CustomerSummaryResponse>>();
        customers.TotalCount.ShouldBe(0);
        var fetched = await (await op.GetAsync($"{Base(_company)}/imports/{import.Id}?pageSize=2&page=2")).ReadAsync<ImportResponse>();
        fetched.Errors.Items.Select(e => e.Line).ShouldBe([5L, 6L]);
        fetched.Errors.TotalCount.ShouldBe(4);
    }

    [Fact]
    public async Task Import_WhenRowsAreBadAndPolicyIsSkipBadRows_ImportsTheGoodRowsOnly()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var p = NewReference("SK");
        var csv = French(p, "{p}-C;X;{p}-1;FAC;EUR;05/01/2026;04/02/2026;100,00;;", "{p}-C;X;{p}-2;FAC;EUR;05/01/2026;01/01/2026;100,00;;");

        var import = await ImportAsync(op, _company, csv, FrenchMapping(), policy: "skipBadRows");

        import.Status.ShouldBe("CompletedWithErrors");
        (import.ItemsCreated, import.RowsRejected).ShouldBe((1, 1));
        import.Errors.Items.Single().ShouldBe(new ImportRowErrorResponse(3, "Echeance", "The due date is before the issue date."));
    }

    [Fact]
    public async Task Import_WhenHeaderLacksAMappedColumn_RejectsTheFileWhateverThePolicy()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);

        var import = await ImportAsync(op, _company, "Client;Piece\r\nA;1\r\n", FrenchMapping(), policy: "skipBadRows");

        import.Status.ShouldBe("Rejected");
        import.Errors.Items.ShouldContain(e => e.Line == 1 && e.Column == "Montant");
    }

    [Fact]
    public async Task Import_WithASavedMapping_UsesItByIdAndByName()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var name = NewReference("map");
        var saved = await (await op.PostJsonAsync($"{Base(_company)}/import-mappings", new { name, definition = FrenchMapping() })).ReadAsync<ImportMappingResponse>();
        saved.Definition.DecimalSeparator.ShouldBe(",");
        var p = NewReference("SV");

        var byId = await ImportAsync(op, _company, French(p, "{p}-C;X;{p}-1;FAC;EUR;05/01/2026;04/02/2026;1,50;;"), mappingId: saved.Id);
        var byNameResponse = await UploadAsync(op, _company, French(p, "{p}-C;X;{p}-2;FAC;EUR;05/01/2026;04/02/2026;2,50;;"), mappingName: name);

        byId.ItemsCreated.ShouldBe(1);
        byId.MappingId.ShouldBe(saved.Id);
        (await byNameResponse.ReadAsync<ImportResponse>()).ItemsCreated.ShouldBe(1);
        var list = await (await op.GetAsync($"{Base(_company)}/import-mappings")).ReadAsync<PagedResult<ImportMappingResponse>>();
        list.Items.ShouldContain(m => m.Id == saved.Id);
        var renamed = await (await op.PutAsJsonAsync($"{Base(_company)}/import-mappings/{saved.Id}", new { name = name + "-2", definition = FrenchMapping(), version = saved.Version }, Json.Options))
            .ReadAsync<ImportMappingResponse>();
        renamed.Name.ShouldBe(name + "-2");
        (await op.DeleteAsync($"{Base(_company)}/import-mappings/{saved.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await op.GetAsync($"{Base(_company)}/import-mappings/{saved.Id}")).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Import_WhenMappingIsInvalid_Returns400NamingTheFields()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);

        var response = await UploadAsync(op, _company, "a,b\n1,2\n", new
        {
            dateFormats = Array.Empty<string>(),
            decimalSeparator = "x",
            columns = new { customerReference = "a", itemReference = "b", issueDate = "c", amount = "d" },
        }, mode: "sometimes");

        var problem = await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        problem.ErrorFields().ShouldContain("mode");
        problem.ErrorFields().ShouldContain(f => f.Contains("dateFormats", StringComparison.OrdinalIgnoreCase));
        problem.ErrorFields().ShouldContain(f => f.Contains("defaultCurrency", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Import_WhenAReferenceIsRepeatedInTheFile_ReportsEachRepeatWithItsLineAndRejectsTheFile()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var p = NewReference("DU");
        var csv = French(p,
            "{p}-C;X;{p}-1;FAC;EUR;05/01/2026;04/02/2026;100,00;;",
            "{p}-C;X;{p}-2;FAC;EUR;05/01/2026;04/02/2026;200,00;;",
            "{p}-C;X;{p}-1;FAC;EUR;06/01/2026;05/02/2026;150,00;;",
            "{p}-C;X;{p}-1;AV;EUR;06/01/2026;;10,00;;",
            "{p}-C;X;{p}-1;FAC;EUR;07/01/2026;06/02/2026;175,00;;");

        var rejected = await ImportAsync(op, _company, csv, FrenchMapping(), policy: "rejectFile");
        var skipped = await ImportAsync(op, _company, csv, FrenchMapping(), policy: "skipBadRows");

        rejected.Status.ShouldBe("Rejected");
        rejected.Errors.Items.Select(e => (e.Line, e.Column)).ShouldBe([(4, "Piece"), (6, "Piece")]);
        rejected.Errors.Items.ShouldAllBe(e => e.Reason.Contains("line 2"));
        (skipped.Status, skipped.ItemsCreated, skipped.RowsRejected, skipped.RowsApplied).ShouldBe(("CompletedWithErrors", 3, 2, 3));
        var customer = (await (await op.GetAsync($"{Base(_company)}/customers?search={p}-C")).ReadAsync<PagedResult<CustomerSummaryResponse>>()).Items.Single();
        var items = (await (await op.GetAsync($"{Base(_company)}/customers/{customer.Id}/items")).ReadAsync<PagedResult<ItemResponse>>()).Items;
        items.Single(i => i.Reference == $"{p}-1" && i.Type == "Invoice").Amount.Amount.ShouldBe(100m);
    }

    [Fact]
    public async Task Import_WhenItemsAreCreatedAndSettled_PublishesTheirEventsThroughTheOutboxOnceOnly()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var p = NewReference("EV");
        var csv = French(p,
            "{p}-C;X;{p}-1;FAC;EUR;05/01/2026;04/02/2026;100,00;;",
            "{p}-C;X;{p}-2;FAC;EUR;05/01/2026;04/02/2026;200,00;;20/01/2026",
            "{p}-C;X;{p}-3;AV;EUR;06/01/2026;;10,00;;",
            "{p}-C;X;{p}-4;RGL;EUR;07/01/2026;;50,00;;");

        var first = await ImportAsync(op, _company, csv, FrenchMapping());
        var again = await ImportAsync(op, _company, csv, FrenchMapping());
        var settling = await ImportAsync(op, _company, French(p, "{p}-C;X;{p}-1;FAC;EUR;05/01/2026;04/02/2026;100,00;;25/01/2026"), FrenchMapping());

        (first.ItemsCreated, again.ItemsUnchanged, settling.ItemsUpdated).ShouldBe((4, 4, 1));
        var customer = (await (await op.GetAsync($"{Base(_company)}/customers?search={p}-C")).ReadAsync<PagedResult<CustomerSummaryResponse>>()).Items.Single();
        var items = (await (await op.GetAsync($"{Base(_company)}/customers/{customer.Id}/items")).ReadAsync<PagedResult<ItemResponse>>()).Items;
        var ids = Enumerable.Range(1, 4).Select(n => items.Single(i => i.Reference == $"{p}-{n}").Id.ToString()).ToArray();
        var events = await OutboxEventsAsync(customer.Id);
        events.Count(e => e.Type == "InvoiceIssued").ShouldBe(2);
        events.Where(e => e.Type == "InvoiceIssued").ShouldAllBe(e => e.Payload.Contains(ids[0]) || e.Payload.Contains(ids[1]));
        var settled = events.Where(e => e.Type == "InvoiceSettled").Select(e => e.Payload).ToList();
        settled.Count.ShouldBe(2);
        settled.ShouldContain(e => e.Contains(ids[1]) && e.Contains("2026-01-20"));
        settled.ShouldContain(e => e.Contains(ids[0]) && e.Contains("2026-01-25"));
        events.Single(e => e.Type == "CreditNoteIssued").Payload.ShouldContain(ids[2]);
        events.Single(e => e.Type == "PaymentReceived").Payload.ShouldContain(ids[3]);
        events.Count.ShouldBe(6);
    }

    private async Task<List<(string Type, string Payload)>> OutboxEventsAsync(Guid customerId)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReceivablesDbContext>();
        var id = customerId.ToString();
        var messages = await db.OutboxMessages.IgnoreQueryFilters().Where(m => m.Payload.Contains(id)).Select(m => new { m.EventType, m.Payload }).ToListAsync();
        return messages.Select(m => (m.EventType[(m.EventType.LastIndexOf('.') + 1)..], m.Payload)).ToList();
    }

    [Fact]
    public async Task Import_WhenCalledByViewer_Returns403()
    {
        var viewer = await _factory.SignInAsync(DemoUsers.Viewer);

        var response = await UploadBytesAsync(viewer, _company, Encoding.UTF8.GetBytes("a\n1\n"), mappingName: "any");

        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
    }
}
