using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Procedures.Features.BacktestProcedure;
using static Etrepaye.IntegrationTests.Procedures.ProceduresApi;

namespace Etrepaye.IntegrationTests.Procedures;

/// <summary>Back-testing the shipped dunning template over invoices recorded in the ledger (a year no other test uses).</summary>
public sealed class BacktestTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task Backtest_WhenInvoicesWerePaidEarlyOrNeverInTheRange_CountsEachCaseByWhatTheProcedureWouldHaveDone()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var p = Receivables.ReceivablesApi.NewReference("BT");
        var mapping = new
        {
            dateFormats = new[] { "yyyy-MM-dd" },
            defaultCurrency = "EUR",
            columns = new { customerReference = "customer", itemReference = "invoice", issueDate = "date", dueDate = "due", amount = "amount", settledDate = "settled" },
        };
        await Receivables.ReceivablesApi.ImportAsync(manager, _company, "customer,invoice,date,due,amount,settled\n"
            + $"{p}-C,{p}-ONTIME,2009-02-02,2009-03-02,1000.00,2009-02-25\n"
            + $"{p}-C,{p}-LATE,2009-02-02,2009-03-02,3000.00,2009-03-06\n"
            + $"{p}-C,{p}-LARGE,2009-02-02,2009-03-02,8000.00,\n"
            + $"{p}-C,{p}-SMALL,2009-02-02,2009-03-02,2000.00,\n"
            + $"{p}-C,{p}-LATER,2009-04-01,2009-05-04,9000.00,\n", mapping);
        var procedure = await PublishedAsync(manager, _company);

        var result = await (await manager.PostJsonAsync($"{Base(_company)}/{procedure.Id}/backtest", new { version = 1, from = "2009-03-01", to = "2009-03-31" }))
            .ReadAsync<BacktestResponse>();

        // Paid before its due date: no case. Paid on 6 March: the procedure waits for payment from due + 3 business days
        // (Thursday 5 March) and the payment ends the case. 8,000 EUR unpaid: no payment within 10 business days, a call task
        // nobody answers, escalated. 2,000 EUR unpaid: left to reminders. The invoice due in May is outside the range.
        result.Cases.ShouldBe(3);
        result.PaidOnTime.ShouldBe(1);
        result.Outcomes.ShouldBe(new Dictionary<string, int> { ["Paid"] = 1, ["Escalated"] = 1, ["LeftToReminders"] = 1 }, ignoreOrder: true);
        result.Steps["waitGrace"].ShouldBe(3);
        result.Steps["waitPayment"].ShouldBe(3);
        result.Steps["call"].ShouldBe(1);
        result.Tasks.ShouldBe(new Dictionary<string, int> { ["call"] = 1 }, ignoreOrder: true);
        result.Escalations.ShouldBe(3);
        result.Skipped.ShouldBeEmpty();
        result.DaysOpen.Max.ShouldBeGreaterThan(14);
        result.Horizon.ShouldBe(new DateOnly(2009, 6, 29));
    }

    [Fact]
    public async Task Backtest_WhenTheRangeIsBackwards_Returns400NamingTo()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var procedure = await PublishedAsync(manager, _company);

        var response = await manager.PostJsonAsync($"{Base(_company)}/{procedure.Id}/backtest", new { from = "2009-03-31", to = "2009-03-01" });

        var problem = await response.ShouldHaveStatusAsync(System.Net.HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("to", out _).ShouldBeTrue();
    }
}
