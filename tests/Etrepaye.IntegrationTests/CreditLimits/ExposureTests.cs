using Etrepaye.CreditLimits.Features;
using Etrepaye.CreditLimits.Features.Orders;
using Etrepaye.IntegrationTests.Infrastructure;
using static Etrepaye.IntegrationTests.CreditLimits.CreditApi;
using static Etrepaye.IntegrationTests.Guarantees.GuaranteesApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.CreditLimits;

/// <summary>Exposure of a customer and of its group: ledger, orders, draft invoices, cover, currencies.</summary>
public sealed class ExposureTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;
    private DateTime _analyzedSince;

    [Fact]
    public async Task Exposure_OfAGroupWithSubsidiariesOrdersAndCover_ConsolidatesUnderTheHeadsLimitWithTheOptionsShown()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        await SetSettingsAsync(manager, _company);
        await SetRateAsync(manager, _company, "USD", "EUR", 0.9m);
        var head = await NewCustomerAsync(manager, _company, "EUR");
        var europe = await NewCustomerAsync(manager, _company, "EUR", head.Id);
        var america = await NewCustomerAsync(manager, _company, "USD", head.Id);
        await RecordAsync(manager, _company, "invoices", head.Id, 10_000m, "2026-01-10", "2026-02-10");
        await RecordAsync(manager, _company, "payments", head.Id, 1_000m, "2026-03-01");
        await RecordAsync(manager, _company, "invoices", europe.Id, 4_000m, "2026-11-01", "2027-06-30");
        await RecordAsync(manager, _company, "invoices", america.Id, 2_000m, "2026-10-01", "2026-10-31", "USD");
        await manager.PostJsonAsync($"{CreditUrl(_company)}/orders", new { customerId = head.Id, reference = NewReference("PO"), amount = 3_000m, currency = "EUR", orderDate = "2026-11-20" });
        var imported = await (await ImportOrdersAsync(manager, _company,
            $"customerId;reference;amount;currency;orderDate;kind\n{europe.Id};{NewReference("PO")};500.00;EUR;2026-11-21;Order\n" +
            $"{europe.Id};{NewReference("DI")};700;EUR;2026-11-21;DraftInvoice\n{america.Id};{NewReference("PO")};1000;USD;2026-11-22;\n")).ReadAsync<ImportOrdersResponse>();
        await GrantAsync(_factory, _company, head.Id, 50_000m);
        await RefreshAsync(manager, _company);

        var plain = await (await manager.GetAsync($"{CreditUrl(_company)}/customers/{europe.Id}/exposure")).ReadAsync<CustomerExposureResponse>();

        (imported.Rows, imported.Created).ShouldBe((3, 3));
        plain.GroupHeadId.ShouldBe(head.Id);
        plain.Options.ShouldBe(new ExposureOptionsResponse(false, false));
        var group = plain.Limits.ShouldHaveSingleItem();
        (group.Scope, group.LimitCustomerId, group.Limit, group.Currency).ShouldBe(("Group", head.Id, 50_000m, "EUR"));
        group.Exposure.Customers.OrderBy(c => c).ShouldBe(new[] { head.Id, europe.Id, america.Id }.OrderBy(c => c));
        // 10,000 − 1,000 unapplied + 4,000 + 2,000 USD × 0.9; orders 3,000 + 500 + 1,000 USD × 0.9
        (group.Exposure.OpenReceivables, group.Exposure.Overdue, group.Exposure.NotDue).ShouldBe((14_800m, 11_800m, 3_000m));
        (group.Exposure.OpenOrders, group.Exposure.DraftInvoices, group.Exposure.Cover, group.Exposure.Total).ShouldBe((4_400m, 700m, 0m, 19_200m));
        group.Exposure.MissingRates.ShouldBeEmpty();
        (group.Available, group.UsedPercent).ShouldBe((30_800m, 38.4m));

        await CreateActiveAsync(manager, _company, head.Id, "BankGuarantee", 5_000m, "EUR", "2026-01-01", "2030-12-31");
        await SetSettingsAsync(manager, _company, includeDraftInvoices: true, deductCover: true);
        var withOptions = await (await manager.GetAsync($"{CreditUrl(_company)}/customers/{america.Id}/exposure")).ReadAsync<CustomerExposureResponse>();

        withOptions.Options.ShouldBe(new ExposureOptionsResponse(true, true));
        var covered = withOptions.Limits.ShouldHaveSingleItem().Exposure;
        (covered.DraftInvoices, covered.Cover, covered.Total).ShouldBe((700m, 5_000m, 14_800m + 4_400m + 700m - 5_000m));
        await SetSettingsAsync(manager, _company);
    }

    [Fact]
    public async Task Exposure_WhenARateIsMissing_LeavesTheAmountOutAndNamesThePair()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        await SetSettingsAsync(manager, _company);
        var customer = await NewCustomerAsync(manager, _company, "EUR");
        await RecordAsync(manager, _company, "invoices", customer.Id, 3_000m, "2026-09-01", "2026-12-31");
        await RecordAsync(manager, _company, "invoices", customer.Id, 8_000m, "2026-09-01", "2026-12-31", "CHF");
        await GrantAsync(_factory, _company, customer.Id, 20_000m);
        await RefreshAsync(manager, _company, customer.Id);

        var exposure = await GroupExposureAsync(manager, _company, customer.Id);
        var check = await (await manager.PostJsonAsync($"{CreditUrl(_company)}/check", new { customerId = customer.Id, amount = 100m, currency = "EUR" }))
            .ReadAsync<Etrepaye.CreditLimits.Features.OrderCheck.CheckOrderResponse>();

        exposure.OpenReceivables.ShouldBe(3_000m);
        exposure.MissingRates.ShouldBe(["CHF/EUR"]);
        check.Decision.ShouldBe("Blocked");
        check.Reasons.ShouldBe(["ExchangeRateMissing"]);
    }

    [Fact]
    public async Task Exposure_AfterALedgerEvent_IsRefreshedWithoutBeingAsked()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var customer = await NewCustomerAsync(manager, _company, "EUR");
        (await (await manager.GetAsync($"{CreditUrl(_company)}/customers/{customer.Id}/exposure")).ReadAsync<CustomerExposureResponse>()).WithoutLimit!.Total.ShouldBe(0m);

        await RecordAsync(manager, _company, "invoices", customer.Id, 1_234.56m, "2026-10-01", "2026-10-31");

        await CreditApi.Eventually(
            async () => (await (await manager.GetAsync($"{CreditUrl(_company)}/customers/{customer.Id}/exposure")).ReadAsync<CustomerExposureResponse>()).WithoutLimit!.Total == 1_234.56m,
            "InvoiceIssued should refresh the customer's exposure");
    }

    [Fact]
    public async Task ImportOrders_WithABadRow_Returns400NamingTheLineAndWritesNothing()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var customer = await NewCustomerAsync(manager, _company, "EUR");
        var reference = NewReference("PO");

        var response = await ImportOrdersAsync(manager, _company, $"customerId,reference,amount,currency,orderDate\n{customer.Id},{reference},100,EUR,2026-11-01\n{customer.Id},X2,abc,EUR,2026-11-01\n");

        var problem = await response.ShouldHaveStatusAsync(System.Net.HttpStatusCode.BadRequest);
        problem.ErrorFields().ShouldContain("line 3");
        var orders = await (await manager.GetAsync($"{CreditUrl(_company)}/orders?customerId={customer.Id}")).ReadAsync<Etrepaye.Shared.Contracts.PagedResult<OrderResponse>>();
        orders.TotalCount.ShouldBe(0);
    }

    [Fact]
    public async Task RefreshOfEveryCustomer_WhenCommitted_AnalyzesTheTablesTheOrderCheckReads()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        await SetSettingsAsync(manager, _company);
        var customer = await NewCustomerAsync(manager, _company, "EUR");
        await RecordAsync(manager, _company, "invoices", customer.Id, 1_000m, "2026-11-01", "2026-12-01");
        await GrantAsync(_factory, _company, customer.Id, 5_000m);
        var tables = new[] { "accounts", "account_ancestors", "exposure_lines", "limits" };
        var before = await AnalyzedTablesAsync(tables, forget: true);

        await RefreshAsync(manager, _company);

        before.ShouldBeEmpty();
        (await AnalyzedTablesAsync(tables, forget: false)).ShouldBe(tables, ignoreOrder: true);
    }

    /// <summary>
    /// The tables analyzed since <paramref name="forget"/> last cleared the record: on PostgreSQL, those whose last manual ANALYZE is
    /// after the moment of clearing; on SQLite, those with rows in <c>sqlite_stat1</c>, which clearing deletes.
    /// </summary>
    private async Task<List<string>> AnalyzedTablesAsync(string[] tables, bool forget)
    {
        var database = _factory.Database;
        if (database.IsPostgres)
        {
            await using var postgres = new Npgsql.NpgsqlConnection(database.ConnectionString);
            await postgres.OpenAsync();
            if (forget)
            {
                await using var now = new Npgsql.NpgsqlCommand("SELECT clock_timestamp()", postgres);
                _analyzedSince = (DateTime)(await now.ExecuteScalarAsync())!;
            }

            await using var analyzed = new Npgsql.NpgsqlCommand(
                "SELECT relname FROM pg_stat_user_tables WHERE schemaname = 'credit_limits' AND relname = ANY(@tables) AND last_analyze > @since", postgres);
            analyzed.Parameters.AddWithValue("tables", tables);
            analyzed.Parameters.AddWithValue("since", _analyzedSince);
            return await ReadNamesAsync(analyzed);
        }

        await using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString);
        await sqlite.OpenAsync();
        await using var exists = new Microsoft.Data.Sqlite.SqliteCommand("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'", sqlite);
        if ((long)(await exists.ExecuteScalarAsync())! == 0)
        {
            return [];
        }

        var names = string.Join(", ", tables.Select(t => $"'credit_limits_{t}'"));
        if (forget)
        {
            await using var clear = new Microsoft.Data.Sqlite.SqliteCommand($"DELETE FROM sqlite_stat1 WHERE tbl IN ({names})", sqlite);
            await clear.ExecuteNonQueryAsync();
        }

        await using var stats = new Microsoft.Data.Sqlite.SqliteCommand($"SELECT DISTINCT substr(tbl, length('credit_limits_') + 1) FROM sqlite_stat1 WHERE tbl IN ({names})", sqlite);
        return await ReadNamesAsync(stats);
    }

    private static async Task<List<string>> ReadNamesAsync(System.Data.Common.DbCommand command)
    {
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
