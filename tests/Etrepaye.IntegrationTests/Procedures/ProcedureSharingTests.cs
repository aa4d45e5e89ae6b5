using System.Net;
using System.Text.Json;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Procedures.Features;
using Etrepaye.Procedures.Features.ListActivityDescriptors;
using Etrepaye.Procedures.Features.SaveToLibrary;
using Etrepaye.Shared.Contracts;
using static Etrepaye.IntegrationTests.Procedures.ProceduresApi;

namespace Etrepaye.IntegrationTests.Procedures;

/// <summary>Tenant isolation, the consultant's personal library and copies between companies, and the activity descriptors.</summary>
public sealed class ProcedureSharingTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _companyA = EtrepayeFactory.DemoCompanyId;
    private static readonly Guid _companyB = EtrepayeFactory.DemoClientCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task ProceduresOfB_WhenCallerIsOnlyMemberOfA_Return404()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var managerOfA = await _factory.SignInAsync(DemoUsers.CreditManager);
        var procedureOfB = await PublishedAsync(admin, _companyB);

        string[] inB =
        [
            Base(_companyB),
            $"{Base(_companyB)}/{procedureOfB.Id}",
            $"{Base(_companyB)}/{procedureOfB.Id}/versions",
            $"{Base(_companyB)}/{procedureOfB.Id}/versions/1/document",
            $"{Base(_companyB)}/assignment/rules",
        ];
        foreach (var url in inB)
        {
            await (await managerOfA.GetAsync(url)).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        }

        await (await managerOfA.PostJsonAsync($"{Base(_companyB)}/{procedureOfB.Id}/publish", new { })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);

        string[] throughA =
        [
            $"{Base(_companyA)}/{procedureOfB.Id}",
            $"{Base(_companyA)}/{procedureOfB.Id}/versions/1",
            $"{Base(_companyA)}/{procedureOfB.Id}/export",
            $"{Base(_companyA)}/{procedureOfB.Id}/versions/1/document",
        ];
        foreach (var url in throughA)
        {
            await (await admin.GetAsync(url)).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        }

        await (await admin.PostJsonAsync($"{Base(_companyA)}/{procedureOfB.Id}/clone", new { })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await admin.PostJsonAsync($"{Base(_companyA)}/{procedureOfB.Id}/simulate", new { startAt = "2026-03-02T08:00:00Z" })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await admin.PostJsonAsync($"{Base(_companyA)}/assignment/rules", new { name = "b", procedureId = procedureOfB.Id, criteria = new { } }))
            .ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task CopyToCompany_WhenConsultantOfBothCompanies_CreatesTheProcedureInTheOtherCompany()
    {
        var consultant = await _factory.SignInAsync(DemoUsers.Consultant);
        var source = await CreateFromTemplateAsync(consultant, _companyA, "Dunning to share");

        var copy = await (await consultant.PostJsonAsync($"{Base(_companyA)}/{source.Id}/copy-to-company", new { targetCompanyId = _companyB }))
            .ReadAsync<ProcedureResponse>();

        copy.Origin.ShouldBe($"copy:{_companyA}/{source.Id}");
        copy.Draft!.Problems.ShouldBeEmpty();
        (await GetAsync(consultant, _companyB, copy.Id)).Name.ShouldBe("Dunning to share");
        await (await consultant.GetAsync($"{Base(_companyA)}/{copy.Id}")).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CopyToCompany_WhenCallerIsNotAConsultantOrCreditManagerOfTheTarget_IsRefusedAndCreatesNothing()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var source = await CreateFromTemplateAsync(manager, _companyA);
        var inB = (await (await admin.GetAsync($"{Base(_companyB)}?pageSize=200")).ReadAsync<PagedResult<JsonElement>>()).TotalCount;

        await (await manager.PostJsonAsync($"{Base(_companyA)}/{source.Id}/copy-to-company", new { targetCompanyId = _companyB }))
            .ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await admin.PostJsonAsync($"{Base(_companyA)}/{source.Id}/copy-to-company", new { targetCompanyId = _companyB }))
            .ShouldHaveStatusAsync(HttpStatusCode.Forbidden);

        (await (await admin.GetAsync($"{Base(_companyB)}?pageSize=200")).ReadAsync<PagedResult<JsonElement>>()).TotalCount.ShouldBe(inB);
    }

    [Fact]
    public async Task PersonalLibrary_WhenConsultantSavesInOneCompany_CreatesFromItInAnotherAndOthersDoNotSeeIt()
    {
        var consultant = await _factory.SignInAsync(DemoUsers.Consultant);
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var published = await PublishedAsync(manager, _companyA, "20 business days");

        var template = await (await consultant.PostJsonAsync($"{Base(_companyA)}/{published.Id}/save-to-library", new { name = "My long dunning", version = 1 }))
            .ReadAsync<PersonalTemplateResponse>();
        var library = await (await consultant.GetAsync("/api/me/procedure-templates")).ReadAsync<PagedResult<PersonalTemplateResponse>>();
        library.Items.ShouldContain(t => t.Id == template.Id && t.Name == "My long dunning" && t.Steps == 9);

        var created = await (await consultant.PostJsonAsync($"{Base(_companyB)}/from-library", new { templateId = template.Id })).ReadAsync<ProcedureResponse>();
        created.Origin.ShouldBe($"library:{template.Id}");
        Activity(Draft(created), "waitPayment")["inputs"]!["timeout"]!.GetValue<string>().ShouldBe("20 business days");

        (await (await manager.GetAsync("/api/me/procedure-templates")).ReadAsync<PagedResult<PersonalTemplateResponse>>()).Items.ShouldNotContain(t => t.Id == template.Id);
        await (await manager.PostJsonAsync($"{Base(_companyA)}/from-library", new { templateId = template.Id })).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await manager.DeleteAsync($"/api/me/procedure-templates/{template.Id}")).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await (await consultant.DeleteAsync($"/api/me/procedure-templates/{template.Id}")).ShouldHaveStatusAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task ActivityDescriptors_WhenSignedIn_ListEveryActivityWithInputsOutputsAndPorts()
    {
        var viewer = await _factory.SignInAsync(DemoUsers.Viewer);

        var descriptors = await (await viewer.GetAsync("/api/activity-descriptors")).ReadAsync<List<ActivityDescriptorResponse>>();

        descriptors.Select(d => d.Type).ShouldContain("workflow.decision");
        var task = descriptors.Single(d => d.Type == "workflow.human-task");
        task.Category.ShouldNotBeNullOrEmpty();
        task.IsWait.ShouldBeTrue();
        task.Inputs.Single(i => i.Name == "title").Required.ShouldBeTrue();
        task.Inputs.Single(i => i.Name == "priority").AllowedValues.ShouldBe(["low", "normal", "high", "urgent"]);
        task.Inputs.Single(i => i.Name == "dueDate").Type.GetString().ShouldBe("date");
        task.Outputs.Select(o => o.Name).ShouldContain("outcome");
        task.Ports.Select(p => p.Name).ShouldContain("Timeout");
        task.DynamicPorts!.Input.ShouldBe("outcomes");
        descriptors.Single(d => d.Type == "collection.send-reminder").Inputs.Single(i => i.Name == "level").TemplateKind.ShouldBe("reminder");
        task.Inputs.ShouldAllBe(i => i.TemplateKind == null);
    }

    [Fact]
    public async Task ActivityDescriptors_WhenAnonymous_Returns401()
    {
        var anonymous = _factory.CreateClient();

        await (await anonymous.GetAsync("/api/activity-descriptors")).ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
    }
}
