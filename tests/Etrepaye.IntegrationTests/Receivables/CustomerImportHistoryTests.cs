using System.Net;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Receivables.Features.ListCustomerImports;
using Etrepaye.Receivables.Features.ListCustomers;
using Etrepaye.Shared.Contracts;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Receivables;

/// <summary>Which import created, changed or settled which customer's items (a full import here settles only 2019 items: none of the demo's).</summary>
public sealed class CustomerImportHistoryTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _companyA = EtrepayeFactory.DemoCompanyId;
    private static readonly Guid _companyB = EtrepayeFactory.DemoClientCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    private static readonly object _mapping = new
    {
        dateFormats = new[] { "yyyy-MM-dd" },
        defaultCurrency = "EUR",
        columns = new { customerReference = "customer", itemReference = "invoice", issueDate = "date", dueDate = "due", amount = "amount", settledDate = "settled" },
    };

    private const string Header = "customer,invoice,date,due,amount,settled\n";

    [Fact]
    public async Task CustomerImports_WhenImportsCreateChangeAndSettleItems_ListEachImportWithWhatItDidToThatCustomer()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var p = NewReference("IH");
        var first = await ImportAsync(
            op, _companyA,
            Header + $"{p}-X,{p}-A,2019-01-05,2019-02-04,100.00,\n{p}-X,{p}-B,2019-01-05,2019-02-04,200.00,2019-01-10\n{p}-Y,{p}-C,2019-01-05,2019-02-04,50.00,\n",
            _mapping, mode: "delta", importDate: "2019-01-20");
        var second = await ImportAsync(
            op, _companyA, Header + $"{p}-X,{p}-A,2019-01-05,2019-02-04,150.00,\n{p}-X,{p}-B,2019-01-05,2019-02-04,200.00,2019-01-10\n",
            _mapping, mode: "full", importDate: "2019-01-31");
        var unchanged = await ImportAsync(
            op, _companyA, Header + $"{p}-X,{p}-A,2019-01-05,2019-02-04,150.00,\n{p}-X,{p}-B,2019-01-05,2019-02-04,200.00,2019-01-10\n",
            _mapping, mode: "delta", importDate: "2019-02-01");

        var x = await HistoryAsync(op, await CustomerIdAsync(op, $"{p}-X"));
        var y = await HistoryAsync(op, await CustomerIdAsync(op, $"{p}-Y"));

        unchanged.ItemsUnchanged.ShouldBe(2);
        x.TotalCount.ShouldBe(2);
        x.Items.Select(i => (i.ImportId, i.ItemsCreated, i.ItemsChanged, i.ItemsSettled)).ShouldBe([(second.Id, 0L, 1L, 0L), (first.Id, 2L, 0L, 1L)]);
        x.Items[0].ShouldSatisfyAllConditions(
            i => i.FileName.ShouldBe("ledger.csv"),
            i => i.Mode.ShouldBe("Full"),
            i => i.ImportDate.ShouldBe(new DateOnly(2019, 1, 31)),
            i => i.StartedBy.ShouldBe(second.StartedBy),
            i => i.StartedAt.ShouldBe(second.StartedAt, TimeSpan.FromMilliseconds(1)),
            i => i.FinishedAt.ShouldNotBeNull());
        y.Items.Select(i => (i.ImportId, i.ItemsCreated, i.ItemsChanged, i.ItemsSettled)).ShouldBe([(second.Id, 0L, 0L, 1L), (first.Id, 1L, 0L, 0L)]);
    }

    [Fact]
    public async Task CustomerImports_WhenAFileHoldsMoreCustomersThanABatch_WritesOneRowPerCustomer()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);
        var p = NewReference("IB");
        var rows = Enumerable.Range(0, 1500).Select(i => $"{p}-{i % 1200},{p}-I{i},2019-03-01,2019-03-31,10.00,\n");

        var import = await ImportAsync(op, _companyA, Header + string.Concat(rows), _mapping, mode: "delta", importDate: "2019-03-05");

        import.ItemsCreated.ShouldBe(1500);
        var twice = await HistoryAsync(op, await CustomerIdAsync(op, $"{p}-7"));
        twice.Items.Single().ShouldSatisfyAllConditions(i => i.ImportId.ShouldBe(import.Id), i => i.ItemsCreated.ShouldBe(2));
        var once = await HistoryAsync(op, await CustomerIdAsync(op, $"{p}-1100"));
        once.Items.Single().ItemsCreated.ShouldBe(1);
    }

    [Fact]
    public async Task CustomerImports_WhenTheCustomerBelongsToAnotherCompany_Returns404()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);
        var p = NewReference("IC");
        await ImportAsync(admin, _companyB, Header + $"{p}-B,{p}-A,2019-01-05,2019-02-04,100.00,\n", _mapping, mode: "delta", importDate: "2019-01-20");
        var customerOfB = (await (await admin.GetAsync($"{Base(_companyB)}/customers?search={p}-B")).ReadAsync<PagedResult<CustomerSummaryResponse>>()).Items.Single().Id;
        (await HistoryAsync(admin, customerOfB, _companyB)).Items.Single().ItemsCreated.ShouldBe(1);

        var throughB = await operatorOfA.GetAsync($"{Base(_companyB)}/customers/{customerOfB}/imports");
        var throughA = await admin.GetAsync($"{Base(_companyA)}/customers/{customerOfB}/imports");

        await throughB.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await throughA.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }

    private static async Task<Guid> CustomerIdAsync(HttpClient client, string reference) =>
        (await (await client.GetAsync($"{Base(_companyA)}/customers?search={reference}")).ReadAsync<PagedResult<CustomerSummaryResponse>>())
            .Items.Single(c => c.Reference == reference).Id;

    private static async Task<PagedResult<CustomerImportResponse>> HistoryAsync(HttpClient client, Guid customerId, Guid? company = null) =>
        await (await client.GetAsync($"{Base(company ?? _companyA)}/customers/{customerId}/imports")).ReadAsync<PagedResult<CustomerImportResponse>>();
}
