using Etrepaye.Guarantees.Checks;
using Etrepaye.Guarantees.Features;
using Etrepaye.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Guarantees.GuaranteesApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Guarantees;

/// <summary>The daily check expires guarantees once, whichever process and however often it runs (a database of its own).</summary>
public sealed class GuaranteeExpiryTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task DailyCheck_WhenTheExpiryDatePassesAndTwoProcessesCheckTwice_ExpiresTheGuaranteeOnceWithItsHistory()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var customer = await CreateCustomerAsync(manager, _company, "EUR");
        var guarantee = await CreateActiveAsync(manager, _company, customer.Id, "BankGuarantee", 70_000m, "EUR", "2030-01-01", "2030-06-30");
        var scopes = _factory.Services.GetRequiredService<IServiceScopeFactory>();

        var onExpiryDay = await new GuaranteesDailyChecker(scopes, FixedTime.At("2030-06-30")).CheckAsync(CancellationToken.None);
        var statusOnExpiryDay = (await (await manager.GetAsync($"{Url(_company)}/{guarantee.Id}")).ReadAsync<GuaranteeDetailResponse>()).Guarantee.Status;
        var processA = new GuaranteesDailyChecker(scopes, FixedTime.At("2030-07-01"));
        var processB = new GuaranteesDailyChecker(scopes, FixedTime.At("2030-07-01"));
        var runs = await Task.WhenAll(processA.CheckAsync(CancellationToken.None), processB.CheckAsync(CancellationToken.None));
        var again = await processA.CheckAsync(CancellationToken.None);

        statusOnExpiryDay.ShouldBe("Active");
        onExpiryDay.ShouldBe(0);
        runs.Sum().ShouldBe(1);
        again.ShouldBe(0);
        var detail = await (await manager.GetAsync($"{Url(_company)}/{guarantee.Id}")).ReadAsync<GuaranteeDetailResponse>();
        detail.Guarantee.Status.ShouldBe("Expired");
        detail.History.Select(h => (h.FromStatus, h.ToStatus)).ShouldBe([(null, "Requested"), ("Requested", "Active"), ("Active", "Expired")]);
        detail.History[^1].EffectiveDate.ShouldBe(new DateOnly(2030, 7, 1));
        (await OutboxPayloadsAsync(_factory.Services, "GuaranteeExpired")).Count(p => p.Contains(guarantee.Id.ToString(), StringComparison.Ordinal)).ShouldBe(1);
        (await OutboxPayloadsAsync(_factory.Services, "GuaranteeActivated")).Count(p => p.Contains(guarantee.Id.ToString(), StringComparison.Ordinal)).ShouldBe(1);
    }
}
