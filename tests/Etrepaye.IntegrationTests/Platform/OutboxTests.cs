using System.Net;
using Etrepaye.Access.Contracts;
using Etrepaye.Access.Data;
using Etrepaye.Access.Features;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Receivables.Data;
using Etrepaye.Shared.Outbox;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Etrepaye.IntegrationTests.Platform;

/// <summary>
/// CompanyCreated is written to the Access outbox with the company; the Receivables module sets up the
/// company's ledger settings when it receives it. Delivery survives a stop, and a repeat acts once.
/// </summary>
public sealed class OutboxTests
{
    [Fact]
    public async Task Event_WhenHostStoppedBeforeDispatch_IsDeliveredAfterRestart()
    {
        await using var database = await TestDatabase.CreateAsync();
        Guid companyId;
        await using (var stopped = new EtrepayeFactory(database, new Dictionary<string, string?> { ["Outbox:Enabled"] = "false" }))
        {
            var admin = await stopped.SignInAsync(DemoUsers.Admin);
            var company = await (await admin.PostJsonAsync("/api/companies", new { name = "Pending Events SAS", country = "FR", currency = "EUR", timeZone = "Europe/Paris" }))
                .ReadAsync<CompanyResponse>();
            companyId = company.Id;
            await using var scope = stopped.Services.CreateAsyncScope();
            var access = scope.ServiceProvider.GetRequiredService<AccessDbContext>();
            var pending = await access.OutboxMessages.Where(m => m.CompanyId == companyId && m.DispatchedAt == null).ToListAsync();
            pending.Select(m => m.EventType).ShouldBe([typeof(CompanyCreated).FullName]);
            (await SettingsCountAsync(scope.ServiceProvider, companyId)).ShouldBe(0);
        }

        await using var restarted = new EtrepayeFactory(database);
        _ = restarted.Server;

        await Eventually(async () =>
        {
            await using var scope = restarted.Services.CreateAsyncScope();
            return await SettingsCountAsync(scope.ServiceProvider, companyId) == 1;
        });
        await using var check = restarted.Services.CreateAsyncScope();
        var message = await check.ServiceProvider.GetRequiredService<AccessDbContext>().OutboxMessages.SingleAsync(m => m.CompanyId == companyId);
        await Eventually(async () =>
        {
            await using var scope = restarted.Services.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<AccessDbContext>().OutboxMessages.SingleAsync(m => m.Id == message.Id)).DispatchedAt is not null;
        });
        var admin2 = await restarted.SignInAsync(DemoUsers.Admin);
        (await admin2.GetAsync($"/api/companies/{companyId}/receivables/settings")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Event_WhenDeliveredAgainAfterItWasHandled_ActsOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new EtrepayeFactory(database);
        var admin = await factory.SignInAsync(DemoUsers.Admin);
        var company = await (await admin.PostJsonAsync("/api/companies", new { name = "Twice Told SAS", country = "FR", currency = "EUR", timeZone = "Europe/Paris" }))
            .ReadAsync<CompanyResponse>();
        await Eventually(async () =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            return await SettingsCountAsync(scope.ServiceProvider, company.Id) == 1;
        });

        // As if the process died after the handler committed but before the message was marked dispatched.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var access = scope.ServiceProvider.GetRequiredService<AccessDbContext>();
            await access.OutboxMessages.Where(m => m.CompanyId == company.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.DispatchedAt, (DateTimeOffset?)null).SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null));
        }

        await factory.Services.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync(CancellationToken.None);

        await using var after = factory.Services.CreateAsyncScope();
        var receivables = after.ServiceProvider.GetRequiredService<ReceivablesDbContext>();
        var message = await after.ServiceProvider.GetRequiredService<AccessDbContext>().OutboxMessages.SingleAsync(m => m.CompanyId == company.Id);
        message.DispatchedAt.ShouldNotBeNull();
        message.LastError.ShouldBeNull();
        (await SettingsCountAsync(after.ServiceProvider, company.Id)).ShouldBe(1);
        (await receivables.InboxMessages.CountAsync(m => m.MessageId == message.Id)).ShouldBe(1);
        (await receivables.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.CompanyId == company.Id && a.EntityType == "ReceivablesSettings")).ShouldBe(1);
    }

    [Fact]
    public async Task Handler_WhenTheSameEnvelopeIsPublishedTwiceInARow_ActsOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new EtrepayeFactory(database, new Dictionary<string, string?> { ["Outbox:Enabled"] = "false" });
        _ = factory.Server;
        var companyId = Guid.CreateVersion7();
        var envelope = new IntegrationEventEnvelope<CompanyCreated>(Guid.CreateVersion7(), new CompanyCreated(companyId, "Direct", "FR", "EUR", "Europe/Paris"));

        for (var delivery = 0; delivery < 2; delivery++)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMediator>().Publish(envelope);
        }

        await using var check = factory.Services.CreateAsyncScope();
        (await SettingsCountAsync(check.ServiceProvider, companyId)).ShouldBe(1);
        (await check.ServiceProvider.GetRequiredService<ReceivablesDbContext>().InboxMessages.CountAsync(m => m.MessageId == envelope.MessageId)).ShouldBe(1);
    }

    private static Task<int> SettingsCountAsync(IServiceProvider services, Guid companyId) =>
        services.GetRequiredService<ReceivablesDbContext>().Settings.IgnoreQueryFilters().CountAsync(s => s.CompanyId == companyId);

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the condition did not come true within 20 s");
            await Task.Delay(100);
        }
    }
}
