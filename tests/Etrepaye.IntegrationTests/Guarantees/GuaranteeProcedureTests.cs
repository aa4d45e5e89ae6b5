using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Etrepaye.Guarantees.Contracts;
using Etrepaye.Guarantees.Data;
using Etrepaye.Guarantees.Features;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Procedures.Features;
using Etrepaye.Procedures.Features.Instances;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Outbox;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Guarantees.GuaranteesApi;
using static Etrepaye.IntegrationTests.Procedures.ProceduresApi;

namespace Etrepaye.IntegrationTests.Guarantees;

/// <summary>
/// The company's procedures for guarantees and insurer duties started by the Guarantees module (the shipped templates, set as the
/// demo company's defaults), once per guarantee or duty; the second company, with no such procedure, runs none. A database of its own.
/// </summary>
public sealed class GuaranteeProcedureTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _companyA = EtrepayeFactory.DemoCompanyId;
    private static readonly Guid _companyB = EtrepayeFactory.DemoClientCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task ActivateGuarantee_WhenTheCompanyHasAProcedureForGuarantees_StartsItOnceWithTheGuaranteesDates()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var procedure = await DefaultFromTemplateAsync(admin, "guarantee-expiry-and-call", "Guarantee");
        var customer = await Receivables.ReceivablesApi.CreateCustomerAsync(admin, _companyA);

        var guarantee = await CreateActiveAsync(admin, _companyA, customer.Id, "BankGuarantee", 20_000m, "EUR", "2030-01-01", "2030-12-31", claimDeadline: "2031-01-15");

        var instance = await SingleInstanceAsync(admin, procedure.Id, "guarantee", guarantee.Id);
        instance.CorrelationKeys["customer"].ShouldBe(customer.Id.ToString());
        instance.Status.ShouldNotBe("Faulted");
        Inputs(instance).ShouldBe(new Dictionary<string, string>
        {
            ["guaranteeId"] = guarantee.Id.ToString(),
            ["expiryDate"] = "2030-12-31",
            ["claimDeadline"] = "2031-01-15",
        }, ignoreOrder: true);

        await RedeliverAsync(new GuaranteeActivated(_companyA, guarantee.Id, customer.Id, "BankGuarantee", new Money(20_000m, "EUR"),
            new DateOnly(2030, 1, 1), new DateOnly(2030, 12, 31), new DateOnly(2031, 1, 15)));
        (await InstancesAsync(admin, _companyA, procedure.Id, "guarantee", guarantee.Id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task CreateInsurerDuty_WhenTheCompanyHasAProcedureForInsurerDuties_StartsItOnceWithTheDutyAndItsDeadline()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var procedure = await DefaultFromTemplateAsync(admin, "credit-insurance-duties", "InsurerDuty");
        var customer = await Receivables.ReceivablesApi.CreateCustomerAsync(admin, _companyA);
        var policy = await CreatePolicyAsync(admin, _companyA);

        var duty = await (await admin.PostJsonAsync($"{Url(_companyA)}/duties", new { policyId = policy.Id, customerId = customer.Id, type = "NotifyPaymentPlan", eventDate = "2030-02-01" }))
            .ReadAsync<InsurerDutyResponse>();

        var instance = await SingleInstanceAsync(admin, procedure.Id, "insurerDuty", duty.Id);
        instance.CorrelationKeys["customer"].ShouldBe(customer.Id.ToString());
        Inputs(instance).ShouldBe(new Dictionary<string, string>
        {
            ["dutyId"] = duty.Id.ToString(),
            ["dutyType"] = "NotifyPaymentPlan",
            ["deadline"] = duty.Deadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }, ignoreOrder: true);

        await RedeliverAsync(new InsurerDutyCreated(_companyA, duty.Id, policy.Id, customer.Id, "NotifyPaymentPlan", null, duty.Deadline));
        (await InstancesAsync(admin, _companyA, procedure.Id, "insurerDuty", duty.Id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task ActivateGuaranteeAndCreateDuty_WhenTheCompanyHasNoProcedureForThem_StartNothingAndLeaveTheOtherCompanyAlone()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var procedureOfA = await DefaultFromTemplateAsync(admin, "guarantee-expiry-and-call", "Guarantee");
        var instancesOfA = (await ListAsync(admin, _companyA)).Count;
        var customerOfB = await Receivables.ReceivablesApi.CreateCustomerAsync(admin, _companyB);
        var policyOfB = await CreatePolicyAsync(admin, _companyB);

        var guaranteeOfB = await CreateActiveAsync(admin, _companyB, customerOfB.Id, "BankGuarantee", 5_000m, "EUR", "2030-01-01", "2030-06-30");
        var dutyOfB = await (await admin.PostJsonAsync($"{Url(_companyB)}/duties", new { policyId = policyOfB.Id, customerId = customerOfB.Id, type = "NotifyPaymentPlan", eventDate = "2030-02-01" }))
            .ReadAsync<InsurerDutyResponse>();

        await Eventually(() => DispatchedAsync(guaranteeOfB.Id, dutyOfB.Id), "both events of company B are handled");
        (await ListAsync(admin, _companyB)).ShouldBeEmpty();
        (await ListAsync(admin, _companyA)).Count.ShouldBe(instancesOfA);
        (await ListAsync(admin, _companyA, procedureOfA.Id)).ShouldNotContain(i => i.Customer == customerOfB.Id.ToString());
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);
        await (await operatorOfA.GetAsync($"/api/companies/{_companyB}/procedure-instances")).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }

    /// <summary>The company's procedure created from a shipped template, published and made the default for the purpose (once per database).</summary>
    private static async Task<ProcedureResponse> DefaultFromTemplateAsync(HttpClient client, string templateId, string purpose)
    {
        var current = await client.GetAsync($"{Base(_companyA)}/assignment/defaults");
        var existing = JsonDocument.Parse(await current.Content.ReadAsStringAsync()).RootElement;
        foreach (var entry in existing.ValueKind == JsonValueKind.Array ? existing.EnumerateArray() : existing.GetProperty("items").EnumerateArray())
        {
            if (entry.GetProperty("purpose").GetString() == purpose && entry.GetProperty("procedureId") is { ValueKind: JsonValueKind.String } id)
            {
                return await GetAsync(client, _companyA, id.GetGuid());
            }
        }

        var procedure = await Templates.TemplateScenario.FromTemplateAsync(client, templateId);
        await PublishAsync(client, _companyA, procedure.Id);
        await (await client.PutAsJsonAsync($"{Base(_companyA)}/assignment/defaults/{purpose}", new { procedureId = procedure.Id }, Json.Options)).ShouldHaveStatusAsync(HttpStatusCode.OK);
        return procedure;
    }

    private static async Task<ProcedureInstanceResponse> SingleInstanceAsync(HttpClient client, Guid procedureId, string key, Guid subject)
    {
        List<ProcedureInstanceResponse> found = [];
        await Eventually(async () => (found = await InstancesAsync(client, _companyA, procedureId, key, subject)).Count > 0, $"the procedure starts for {key} {subject}");
        return found.ShouldHaveSingleItem();
    }

    private static async Task<List<ProcedureInstanceResponse>> InstancesAsync(HttpClient client, Guid companyId, Guid procedureId, string key, Guid subject)
    {
        var found = new List<ProcedureInstanceResponse>();
        foreach (var summary in await ListAsync(client, companyId, procedureId))
        {
            var instance = await (await client.GetAsync($"/api/companies/{companyId}/procedure-instances/{summary.Id}")).ReadAsync<ProcedureInstanceResponse>();
            if (instance.CorrelationKeys.GetValueOrDefault(key) == subject.ToString())
            {
                found.Add(instance);
            }
        }

        return found;
    }

    private static async Task<IReadOnlyList<ProcedureInstanceSummaryResponse>> ListAsync(HttpClient client, Guid companyId, Guid? procedureId = null) =>
        (await (await client.GetAsync($"/api/companies/{companyId}/procedure-instances?pageSize=200{(procedureId is null ? "" : $"&definitionId={procedureId}")}"))
            .ReadAsync<PagedResult<ProcedureInstanceSummaryResponse>>()).Items;

    private static Dictionary<string, string> Inputs(ProcedureInstanceResponse instance) =>
        instance.Inputs.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());

    private async Task RedeliverAsync<TEvent>(TEvent @event)
        where TEvent : IIntegrationEvent
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Publish(new IntegrationEventEnvelope<TEvent>(Guid.CreateVersion7(), @event));
    }

    private async Task<bool> DispatchedAsync(params Guid[] subjects)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var messages = await scope.ServiceProvider.GetRequiredService<GuaranteesDbContext>().OutboxMessages.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.EventType.EndsWith(".GuaranteeActivated") || m.EventType.EndsWith(".InsurerDutyCreated")).ToListAsync();
        return subjects.All(s => messages.Any(m => m.Payload.Contains(s.ToString(), StringComparison.Ordinal) && m.DispatchedAt is not null));
    }
}
