using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Procedures.Assignment;
using Etrepaye.Procedures.Contracts;
using Etrepaye.Procedures.Features;
using Etrepaye.Procedures.Features.PreviewAssignmentRule;
using Etrepaye.Procedures.Features.ResolveAssignment;
using Etrepaye.Receivables.Features;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Procedures.ProceduresApi;

namespace Etrepaye.IntegrationTests.Procedures;

/// <summary>Assignment rules (ordered, first match wins), their preview, the defaults, and starting the assigned procedure for a case.</summary>
public sealed class AssignmentTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task Rules_WhenTwoMatchACustomer_TheFirstInOrderWinsAndPreviewShowsWhoEachRuleCatches()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var segment = Segment();
        var smallFr = await CustomerAsync(manager, segment, "FR", null, 1_000m);
        var largeFr = await CustomerAsync(manager, segment, "FR", null, 20_000m);
        var smallDe = await CustomerAsync(manager, segment, "DE", "High", 500m);
        var large = await PublishedAsync(manager, _company, name: "Large accounts");
        var standard = await PublishedAsync(manager, _company, name: "Standard");
        var largeRule = await RuleAsync(manager, "Large French accounts", large.Id, new AssignmentCriteria(Segments: [segment], Countries: ["FR"], MinOutstanding: 10_000m, Currency: "EUR"));
        var standardRule = await RuleAsync(manager, "Segment", standard.Id, new AssignmentCriteria(Segments: [segment]));

        var preview = await (await manager.PostJsonAsync($"{Base(_company)}/assignment/preview", new { ruleId = standardRule.Id })).ReadAsync<PreviewAssignmentRuleResponse>();
        preview.Matched.ShouldBe(3);
        preview.Caught.ShouldBe(2);
        preview.Customers.Items.Single(c => c.CustomerId == largeFr.Id).EarlierRuleId.ShouldBe(largeRule.Id);
        preview.Customers.Items.Where(c => c.Caught).Select(c => c.CustomerId).ShouldBe([smallFr.Id, smallDe.Id], ignoreOrder: true);
        preview.Customers.Items.Single(c => c.CustomerId == largeFr.Id).Balances.ShouldBe([new BalanceResponse("EUR", 20_000m)]);

        var proposed = await (await manager.PostJsonAsync($"{Base(_company)}/assignment/preview", new
        {
            rule = new { criteria = new { segments = new[] { segment }, riskClasses = new[] { "high" } }, position = 1 },
        })).ReadAsync<PreviewAssignmentRuleResponse>();
        proposed.Customers.Items.ShouldHaveSingleItem().CustomerId.ShouldBe(smallDe.Id);
        proposed.Caught.ShouldBe(1);

        (await ResolveAsync(manager, largeFr.Id)).RuleId.ShouldBe(largeRule.Id);
        (await ResolveAsync(manager, smallFr.Id)).ProcedureId.ShouldBe(standard.Id);

        var order = (await (await manager.GetAsync($"{Base(_company)}/assignment/rules?pageSize=200")).ReadAsync<Etrepaye.Shared.Contracts.PagedResult<AssignmentRuleResponse>>())
            .Items.Select(r => r.Id).ToList();
        order.Remove(standardRule.Id);
        order.Insert(0, standardRule.Id);
        await (await manager.PutAsJsonAsync($"{Base(_company)}/assignment/rules/order", new { ruleIds = order }, Json.Options)).ShouldHaveStatusAsync(HttpStatusCode.OK);

        var now = await ResolveAsync(manager, largeFr.Id);
        now.RuleId.ShouldBe(standardRule.Id);
        now.ProcedureId.ShouldBe(standard.Id);
        now.PublishedVersion.ShouldBe(1);
    }

    [Fact]
    public async Task StartAssignedProcedure_WhenACaseOpens_StartsThePublishedVersionOfTheMatchingRuleOnce()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var segment = Segment();
        var customer = await CustomerAsync(manager, segment, "FR", null, 8_000m);
        var procedure = await PublishedAsync(manager, _company, name: "Versioned");
        var draft = Draft(await (await manager.PostJsonAsync($"{Base(_company)}/{procedure.Id}/rollback", new { version = 1 })).ReadAsync<ProcedureResponse>());
        Activity(draft, "waitPayment")["inputs"]!["timeout"] = "5 business days";
        await (await SaveDraftAsync(manager, _company, await GetAsync(manager, _company, procedure.Id), draft)).ReadAsync<ProcedureResponse>();
        await PublishAsync(manager, _company, procedure.Id, "shorter");
        var rule = await RuleAsync(manager, "Versioned segment", procedure.Id, new AssignmentCriteria(Segments: [segment]), [ProcedurePurpose.CollectionCase]);

        var started = await StartAsync(customer.Id, ProcedurePurpose.CollectionCase, "case-1");

        started.ProcedureId.ShouldBe(procedure.Id);
        started.Version.ShouldBe(2);
        started.RuleId.ShouldBe(rule.Id);
        started.AlreadyStarted.ShouldBeFalse();
        var instance = await InstanceAsync(started.InstanceId);
        instance.DefinitionId.ShouldBe(procedure.Id.ToString());
        instance.DefinitionVersion.ShouldBe(2);
        instance.CompanyId.ShouldBe(_company);
        var keys = JsonSerializer.Deserialize<Dictionary<string, string>>(instance.CorrelationKeys)!;
        keys["company"].ShouldBe(_company.ToString());
        keys["customer"].ShouldBe(customer.Id.ToString());
        keys["case"].ShouldBe("case-1");
        var snapshot = JsonDocument.Parse(instance.Snapshot).RootElement;
        snapshot.GetProperty("timeZoneId").GetString().ShouldBe("Europe/Paris");
        snapshot.GetProperty("calendarId").GetString().ShouldBe($"company:{_company}");

        var again = await StartAsync(customer.Id, ProcedurePurpose.CollectionCase, "case-1");
        again.InstanceId.ShouldBe(started.InstanceId);
        again.AlreadyStarted.ShouldBeTrue();

        await (await manager.PostJsonAsync($"{Base(_company)}/{procedure.Id}/retract", new { })).ShouldHaveStatusAsync(HttpStatusCode.OK);
        var refused = await Should.ThrowAsync<BusinessRuleException>(() => StartAsync(customer.Id, ProcedurePurpose.CollectionCase, "case-2"));
        refused.Code.ShouldBe("procedure-not-published");
        (await InstanceAsync(started.InstanceId)).DefinitionVersion.ShouldBe(2);
    }

    [Fact]
    public async Task StartAssignedProcedure_WhenNoRuleMatches_StartsTheDefaultProcedureOfThePurpose()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var customer = await CustomerAsync(manager, Segment(), "IT", null, 100m);
        var fallback = await PublishedAsync(manager, _company, name: "Disputes default");
        await (await manager.PutAsJsonAsync($"{Base(_company)}/assignment/defaults/Dispute", new { procedureId = fallback.Id }, Json.Options)).ShouldHaveStatusAsync(HttpStatusCode.OK);

        var started = await StartAsync(customer.Id, ProcedurePurpose.Dispute, "dispute-7");

        started.ProcedureId.ShouldBe(fallback.Id);
        started.Version.ShouldBe(1);
        started.RuleId.ShouldBeNull();
        var keys = JsonSerializer.Deserialize<Dictionary<string, string>>((await InstanceAsync(started.InstanceId)).CorrelationKeys)!;
        keys["dispute"].ShouldBe("dispute-7");
        (await Should.ThrowAsync<BusinessRuleException>(() => StartAsync(customer.Id, ProcedurePurpose.Guarantee, "g-1"))).Code.ShouldBe("no-procedure-assigned");
    }

    [Fact]
    public async Task CreateRule_WhenConsultantOrBadInput_IsRefusedAndWritesNothing()
    {
        var consultant = await _factory.SignInAsync(DemoUsers.Consultant);
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var procedure = await CreateFromTemplateAsync(manager, _company);
        var before = (await (await manager.GetAsync($"{Base(_company)}/assignment/rules")).ReadAsync<Etrepaye.Shared.Contracts.PagedResult<AssignmentRuleResponse>>()).TotalCount;

        await (await consultant.PostJsonAsync($"{Base(_company)}/assignment/rules", new { name = "x", procedureId = procedure.Id, criteria = new { } }))
            .ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        var problem = await (await manager.PostJsonAsync($"{Base(_company)}/assignment/rules", new { name = "x", procedureId = procedure.Id, criteria = new { minOutstanding = 100 } }))
            .ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        problem.ErrorFields().ShouldBe(["criteria.currency"]);
        var preview = await (await manager.PostJsonAsync($"{Base(_company)}/assignment/preview", new { rule = new { criteria = new { countries = new[] { "France" } } } }))
            .ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        preview.ErrorFields().ShouldBe(["rule.criteria.countries[0]"]);

        (await (await manager.GetAsync($"{Base(_company)}/assignment/rules")).ReadAsync<Etrepaye.Shared.Contracts.PagedResult<AssignmentRuleResponse>>()).TotalCount.ShouldBe(before);
    }

    private static string Segment() => $"S{Guid.NewGuid():N}"[..12];

    private static async Task<CustomerResponse> CustomerAsync(HttpClient client, string segment, string country, string? riskClass, decimal outstanding)
    {
        var customer = await (await client.PostJsonAsync($"{Etrepaye.IntegrationTests.Receivables.ReceivablesApi.Base(_company)}/customers", new
        {
            reference = Etrepaye.IntegrationTests.Receivables.ReceivablesApi.NewReference("PC"), name = "Customer " + segment, currency = "EUR", paymentTermsDays = 30, segment, country, riskClass,
        })).ReadAsync<CustomerResponse>();
        await Etrepaye.IntegrationTests.Receivables.ReceivablesApi.RecordAsync(client, _company, "invoices", customer.Id, outstanding, "2026-01-05", "2026-02-04");
        return customer;
    }

    private static async Task<AssignmentRuleResponse> RuleAsync(HttpClient client, string name, Guid procedureId, AssignmentCriteria criteria, ProcedurePurpose[]? purposes = null) =>
        await (await client.PostJsonAsync($"{Base(_company)}/assignment/rules", new { name, procedureId, criteria, purposes })).ReadAsync<AssignmentRuleResponse>();

    private static async Task<AssignmentResponse> ResolveAsync(HttpClient client, Guid customerId) =>
        await (await client.GetAsync($"{Base(_company)}/assignment/customers/{customerId}?purpose=CollectionCase")).ReadAsync<AssignmentResponse>();

    private async Task<ProcedureStartResult> StartAsync(Guid customerId, ProcedurePurpose purpose, string subject)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(_company, "test");
        var inputs = new Dictionary<string, object?> { ["invoice"] = Element(new { id = subject, dueDate = "2026-02-04", amount = "8000 EUR" }) };
        return await scope.ServiceProvider.GetRequiredService<IProcedureStarter>()
            .StartAssignedProcedureAsync(new ProcedureStartRequest(customerId, purpose, subject, inputs), CancellationToken.None);
    }

    private async Task<WorkflowInstanceRow> InstanceAsync(Guid id)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().Instances.IgnoreQueryFilters().AsNoTracking().SingleAsync(i => i.Id == id);
    }
}
