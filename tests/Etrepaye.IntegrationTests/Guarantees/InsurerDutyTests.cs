using System.Net;
using Etrepaye.Guarantees.Checks;
using Etrepaye.Guarantees.Features;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Outbox;
using Etrepaye.Workflows.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Guarantees.GuaranteesApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Guarantees;

/// <summary>Credit-insurance duties detected from the ledger, listed, completed, and declared through a procedure (a database of its own).</summary>
public sealed class InsurerDutyTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task DailyCheck_WhenAnInsuredInvoiceGoesBeyondTheMaximumExtension_CreatesTheDeclarationDutyOnceWithItsDeadline()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var customer = await CreateCustomerAsync(manager, _company, "EUR");
        var policy = await CreatePolicyAsync(manager, _company, maxExtensionDays: 60, declarationDelayDays: 15, claimFilingDays: 150);
        await GrantLimitAsync(manager, _company, policy.Id, customer.Id, 100_000m, "2029-12-01");
        var invoice = await RecordAsync(manager, _company, "invoices", customer.Id, 12_000m, "2029-12-01", "2030-01-10");
        var older = await RecordAsync(manager, _company, "invoices", customer.Id, 3_000m, "2029-11-20", "2029-12-20");
        var scopes = _factory.Services.GetRequiredService<IServiceScopeFactory>();

        await new GuaranteesDailyChecker(scopes, FixedTime.At("2030-03-11")).CheckAsync(CancellationToken.None);
        var onLastDayOfExtension = await DutiesAsync(manager, customer.Id, "2030-03-11");
        var dayAfter = new GuaranteesDailyChecker(scopes, FixedTime.At("2030-03-12"));
        await dayAfter.CheckAsync(CancellationToken.None);
        await dayAfter.CheckAsync(CancellationToken.None);
        var duties = await DutiesAsync(manager, customer.Id, "2030-03-12");

        onLastDayOfExtension.Select(d => d.InvoiceId).ShouldBe([older.Id]);
        duties.Select(d => (d.InvoiceId, d.Type, d.Deadline, d.Status, d.Overdue)).ShouldBe(
        [
            (older.Id, "DeclareOverdue", new DateOnly(2030, 3, 5), "Open", true),
            (invoice.Id, "DeclareOverdue", new DateOnly(2030, 3, 26), "Open", false),
        ]);
        duties[1].Amount.ShouldBe(12_000m);
        duties[1].ArisenOn.ShouldBe(new DateOnly(2030, 3, 12));
        duties[1].DaysLeft.ShouldBe(14);
        (await OutboxPayloadsAsync(_factory.Services, "InsurerDutyCreated")).Count(p => p.Contains(invoice.Id.ToString(), StringComparison.Ordinal)).ShouldBe(1);

        var completed = await (await manager.PostJsonAsync($"{Url(_company)}/duties/{duties[1].Id}/complete", new { completedOn = "2030-03-20", insurerReference = "MS-4411" }))
            .ReadAsync<InsurerDutyResponse>();
        completed.Status.ShouldBe("Completed");
        completed.InsurerReference.ShouldBe("MS-4411");
        var claim = (await DutiesAsync(manager, customer.Id, "2030-03-20")).Single(d => d.Type == "FileClaim");
        (claim.InvoiceId, claim.Deadline).ShouldBe((invoice.Id, new DateOnly(2030, 8, 17)));
        var again = await manager.PostJsonAsync($"{Url(_company)}/duties/{duties[1].Id}/complete", new { });
        await again.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task InvoiceBecameOverdue_WhenThePolicyAllowsNoExtension_CreatesTheDutyAtOnceAndASettlementCancelsIt()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var customer = await CreateCustomerAsync(manager, _company, "EUR");
        var policy = await CreatePolicyAsync(manager, _company, maxExtensionDays: 0, declarationDelayDays: 10, start: "2026-01-01");
        await GrantLimitAsync(manager, _company, policy.Id, customer.Id, 40_000m, "2026-01-01");
        var invoiceId = Guid.NewGuid();
        var overdue = new IntegrationEventEnvelope<InvoiceBecameOverdue>(
            Guid.CreateVersion7(), new InvoiceBecameOverdue(_company, customer.Id, invoiceId, "F-ZERO-1", new Money(900m, "EUR"), new DateOnly(2026, 1, 5)));

        for (var delivery = 0; delivery < 2; delivery++)
        {
            await using var scope = _factory.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMediator>().Publish(overdue);
        }

        var duty = (await DutiesAsync(manager, customer.Id, "2026-01-06")).ShouldHaveSingleItem();
        (duty.InvoiceId, duty.InvoiceReference, duty.Deadline, duty.Amount).ShouldBe((invoiceId, "F-ZERO-1", new DateOnly(2026, 1, 15), 900m));

        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMediator>().Publish(new IntegrationEventEnvelope<InvoiceSettled>(
                Guid.CreateVersion7(), new InvoiceSettled(_company, customer.Id, invoiceId, "F-ZERO-1", new DateOnly(2026, 1, 9))));
        }

        var cancelled = (await DutiesAsync(manager, customer.Id, "2026-01-10")).ShouldHaveSingleItem();
        (cancelled.Status, cancelled.CompletedOn).ShouldBe(("Cancelled", new DateOnly(2026, 1, 9)));
    }

    [Fact]
    public async Task DeclareToInsurerActivity_WhenItsTaskIsAnsweredDeclared_CompletesTheDutyThroughAnEffect()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var customer = await CreateCustomerAsync(manager, _company, "EUR");
        var policy = await CreatePolicyAsync(manager, _company);
        var duty = await (await manager.PostJsonAsync($"{Url(_company)}/duties", new
        {
            policyId = policy.Id,
            customerId = customer.Id,
            type = "NotifyPaymentPlan",
            eventDate = "2031-02-01",
        })).ReadAsync<InsurerDutyResponse>();
        duty.Deadline.ShouldBe(new DateOnly(2031, 3, 3));

        var instanceId = await GuaranteeWorkflows.StartAsync(_factory.Services, _company, GuaranteeWorkflows.Declare, new Dictionary<string, object?>
        {
            ["dutyId"] = duty.Id.ToString(),
            ["deadline"] = duty.Deadline,
        });
        var task = await GuaranteeWorkflows.InEngineAsync(_factory.Services, _company, (_, db) => db.HumanTasks.SingleAsync(t => t.InstanceId == instanceId));
        (task.DueDate, task.Role, task.Status).ShouldBe((new DateOnly(2031, 3, 3), "CreditManager", HumanTaskStatus.Open));
        await GuaranteeWorkflows.InEngineAsync(_factory.Services, _company, (host, _) => host.CompleteTaskAsync(
            task.Id, "Declared", new Dictionary<string, object?> { ["insurerReference"] = "PLAN-77" }, "credit.manager", CancellationToken.None));

        await Eventually(async () => (await DutiesAsync(manager, customer.Id, "2031-02-02")).Single().Status == "Completed", "the effect completes the duty");
        var completed = (await DutiesAsync(manager, customer.Id, "2031-02-02")).Single();
        (completed.InsurerReference, completed.CompletedBy).ShouldBe(("PLAN-77", "credit.manager"));
    }

    [Fact]
    public async Task RemindBeforeExpiryActivity_WhenStarted_WaitsUntilNDaysBeforeExpiryWithATimer()
    {
        var instanceId = await GuaranteeWorkflows.StartAsync(_factory.Services, _company, GuaranteeWorkflows.Remind, new Dictionary<string, object?>
        {
            ["guaranteeId"] = Guid.NewGuid().ToString(),
            ["expiryDate"] = new DateOnly(2040, 6, 30),
        });

        var timer = await GuaranteeWorkflows.InEngineAsync(_factory.Services, _company, (_, db) => db.Timers.SingleAsync(t => t.InstanceId == instanceId));
        var tasks = await GuaranteeWorkflows.InEngineAsync(_factory.Services, _company, (_, db) => db.HumanTasks.CountAsync(t => t.InstanceId == instanceId));

        DateOnly.FromDateTime(timer.DueAt.UtcDateTime).ShouldBe(new DateOnly(2040, 5, 16));
        tasks.ShouldBe(0);
    }

    [Fact]
    public async Task RemindBeforeExpiryActivity_WhenTheReminderDateHasPassed_PutsTheRenewalTaskDueOnTheExpiryDateAtOnce()
    {
        var expiry = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10);

        var instanceId = await GuaranteeWorkflows.StartAsync(_factory.Services, _company, GuaranteeWorkflows.Remind, new Dictionary<string, object?>
        {
            ["guaranteeId"] = Guid.NewGuid().ToString(),
            ["expiryDate"] = expiry,
        });

        var task = await GuaranteeWorkflows.InEngineAsync(_factory.Services, _company, (_, db) => db.HumanTasks.SingleAsync(t => t.InstanceId == instanceId));
        (task.DueDate, task.Role, task.Status).ShouldBe((expiry, "CreditManager", HumanTaskStatus.Open));
        task.Title.ShouldStartWith("Renew guarantee");
    }

    private async Task<List<InsurerDutyResponse>> DutiesAsync(HttpClient client, Guid customerId, string asOf) =>
        [.. (await (await client.GetAsync($"{Url(_company)}/duties?customerId={customerId}&asOf={asOf}")).ReadAsync<PagedResult<InsurerDutyResponse>>()).Items];
}
