using System.Net;
using System.Text.Json.Nodes;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Procedures.Features;
using Etrepaye.Procedures.Features.DiffVersions;
using Etrepaye.Procedures.Features.GetVersion;
using Etrepaye.Procedures.Features.ListTemplates;
using Etrepaye.Procedures.Features.ListVersions;
using Etrepaye.Shared.Contracts;
using static Etrepaye.IntegrationTests.Procedures.ProceduresApi;

namespace Etrepaye.IntegrationTests.Procedures;

/// <summary>The catalog and the lifecycle of procedures: drafts, validation, publication, retraction, rollback, history and diff, and who may do what.</summary>
public sealed class ProcedureLifecycleTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task ListTemplates_WhenHostStarted_ListsTheShippedTemplatesWithTheirFileVersion()
    {
        var viewer = await _factory.SignInAsync(DemoUsers.Viewer);

        var templates = await (await viewer.GetAsync($"{Base(_company)}/templates")).ReadAsync<PagedResult<TemplateResponse>>();

        templates.Items.Select(t => t.File).ShouldContain("procedures/standard-b2b-collection.json");
        var dunning = templates.Items.Single(t => t.Id == TemplateId);
        dunning.Id.ShouldBe(TemplateId);
        dunning.Version.ShouldBe(1);
        dunning.File.ShouldBe("examples/invoice-dunning.json");
        dunning.Steps.ShouldBe(9);
    }

    [Fact]
    public async Task CreateFromTemplate_WhenConsultant_CreatesAValidDraftIdentifiedByTheProcedure()
    {
        var consultant = await _factory.SignInAsync(DemoUsers.Consultant);

        var procedure = await CreateFromTemplateAsync(consultant, _company, "Relances PME");

        procedure.Name.ShouldBe("Relances PME");
        procedure.Origin.ShouldBe($"template:{TemplateId}@1");
        procedure.LatestVersion.ShouldBe(0);
        procedure.PublishedVersion.ShouldBeNull();
        procedure.Draft!.Problems.ShouldBeEmpty();
        procedure.Draft.Definition.GetProperty("definitionId").GetString().ShouldBe(procedure.Id.ToString());
        procedure.Draft.Definition.GetProperty("version").GetInt32().ShouldBe(1);
        procedure.Draft.SavedBy.ShouldBe(DemoUsers.Consultant);
    }

    [Fact]
    public async Task SaveDraft_WhenDefinitionHasErrors_SavesItAndReturnsTheProblemsWithTheirLocations()
    {
        var consultant = await _factory.SignInAsync(DemoUsers.Consultant);
        var procedure = await CreateFromTemplateAsync(consultant, _company);
        var draft = Draft(procedure);
        Activity(draft, "isLarge")["inputs"]!["condition"] = new JsonObject { ["expression"] = "invoice.amount > 5000 EUR and segmnt == \"Large\"" };
        draft["connections"]!.AsArray().Add(new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = "call", ["port"] = "Promised" },
            ["target"] = new JsonObject { ["activity"] = "nowhere" },
        });

        var saved = await (await SaveDraftAsync(consultant, _company, procedure, draft, "typo")).ReadAsync<ProcedureResponse>();

        saved.Draft!.Comment.ShouldBe("typo");
        saved.Draft.Problems.ShouldContain(p => p.Code == "expression-error" && p.Message.Contains("segmnt") && p.ActivityId == "isLarge" && p.Input == "condition" && p.Line == 1 && p.Column != null);
        saved.Draft.Problems.ShouldContain(p => p.Code == "unknown-target-activity" && p.ConnectionIndex == 9);
        var reread = await GetAsync(consultant, _company, procedure.Id);
        reread.Draft!.Problems.Count.ShouldBe(saved.Draft.Problems.Count);
        Activity(Draft(reread), "isLarge")["inputs"]!["condition"]!["expression"]!.GetValue<string>().ShouldContain("segmnt");
    }

    [Fact]
    public async Task Publish_WhenDraftHasValidationErrors_Returns422ListingTheProblemsAndPublishesNothing()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var procedure = await CreateFromTemplateAsync(manager, _company);
        var draft = Draft(procedure);
        Activity(draft, "call")["type"] = "workflow.no-such-activity";
        procedure = await (await SaveDraftAsync(manager, _company, procedure, draft)).ReadAsync<ProcedureResponse>();

        var response = await manager.PostJsonAsync($"{Base(_company)}/{procedure.Id}/publish", new { comment = "go" });

        var problem = await response.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("code").GetString().ShouldBe("definition-invalid");
        problem.GetProperty("problems").EnumerateArray().ShouldContain(p => p.GetProperty("code").GetString() == "unknown-activity-type" && p.GetProperty("activityId").GetString() == "call");
        var after = await GetAsync(manager, _company, procedure.Id);
        after.LatestVersion.ShouldBe(0);
        after.PublishedVersion.ShouldBeNull();
        after.Draft.ShouldNotBeNull();
        (await (await manager.GetAsync($"{Base(_company)}/{procedure.Id}/versions")).ReadAsync<PagedResult<VersionSummaryResponse>>()).TotalCount.ShouldBe(0);
    }

    [Fact]
    public async Task Publish_WhenConsultant_Returns403AndTheDraftStays()
    {
        var consultant = await _factory.SignInAsync(DemoUsers.Consultant);
        var procedure = await CreateFromTemplateAsync(consultant, _company);

        await (await consultant.PostJsonAsync($"{Base(_company)}/{procedure.Id}/publish", new { })).ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        await (await consultant.PostJsonAsync($"{Base(_company)}/{procedure.Id}/rollback", new { version = 1 })).ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        await (await consultant.PostJsonAsync($"{Base(_company)}/{procedure.Id}/retract", new { })).ShouldHaveStatusAsync(HttpStatusCode.Forbidden);

        (await GetAsync(consultant, _company, procedure.Id)).LatestVersion.ShouldBe(0);
    }

    [Theory]
    [InlineData(DemoUsers.Viewer)]
    [InlineData(DemoUsers.Operator)]
    public async Task SaveDraft_WhenViewerOrOperator_Returns403AndChangesNothing(string user)
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var reader = await _factory.SignInAsync(user);
        var procedure = await CreateFromTemplateAsync(manager, _company);
        var draft = Draft(procedure);
        draft["name"] = "changed";

        await (await SaveDraftAsync(reader, _company, procedure, draft)).ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        await (await reader.PostJsonAsync($"{Base(_company)}/from-template", new { templateId = TemplateId })).ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        await (await reader.DeleteAsync($"{Base(_company)}/{procedure.Id}/draft")).ShouldHaveStatusAsync(HttpStatusCode.Forbidden);

        (await GetAsync(reader, _company, procedure.Id)).Draft!.Definition.GetProperty("name").GetString().ShouldBe(procedure.Name);
    }

    [Fact]
    public async Task Lifecycle_WhenPublishedEditedRepublishedRetractedAndRolledBack_KeepsNumberedImmutableVersionsAndHistory()
    {
        var consultant = await _factory.SignInAsync(DemoUsers.Consultant);
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var procedure = await CreateFromTemplateAsync(consultant, _company);

        var v1 = await PublishAsync(manager, _company, procedure.Id, "first version");
        v1.LatestVersion.ShouldBe(1);
        v1.PublishedVersion.ShouldBe(1);
        v1.Draft.ShouldBeNull();

        var rollbackToEdit = await (await manager.PostJsonAsync($"{Base(_company)}/{procedure.Id}/rollback", new { version = 1 })).ReadAsync<ProcedureResponse>();
        var draft = Draft(rollbackToEdit);
        Activity(draft, "waitPayment")["inputs"]!["timeout"] = "15 business days";
        draft["activities"]!.AsArray().Add(new JsonObject
        {
            ["id"] = "note", ["type"] = "workflow.set-variable",
            ["inputs"] = new JsonObject { ["variable"] = "promise", ["value"] = new JsonObject { ["promisedDate"] = "2026-01-01" } },
        });
        draft["connections"]!.AsArray().Add(new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = "waitGrace", ["port"] = "Done" },
            ["target"] = new JsonObject { ["activity"] = "note" },
        });
        draft["variables"]!.AsArray().Add(new JsonObject { ["name"] = "reminders", ["type"] = "number", ["default"] = 0 });
        draft["eventHandlers"]!.AsArray().RemoveAt(0);
        await (await SaveDraftAsync(consultant, _company, rollbackToEdit, draft, "longer wait")).ReadAsync<ProcedureResponse>();
        var v2 = await PublishAsync(manager, _company, procedure.Id, null);
        v2.PublishedVersion.ShouldBe(2);

        var history = await (await consultant.GetAsync($"{Base(_company)}/{procedure.Id}/versions")).ReadAsync<PagedResult<VersionSummaryResponse>>();
        history.Items.Select(v => (v.Number, v.PublishedBy, v.Comment, v.IsCurrent)).ShouldBe([
            (2, DemoUsers.CreditManager, "longer wait", true),
            (1, DemoUsers.CreditManager, "first version", false)]);

        var version1 = await (await consultant.GetAsync($"{Base(_company)}/{procedure.Id}/versions/1")).ReadAsync<VersionResponse>();
        version1.Definition.GetProperty("version").GetInt32().ShouldBe(1);
        version1.Definition.GetRawText().ShouldNotContain("15 business days");

        var diff = await (await consultant.GetAsync($"{Base(_company)}/{procedure.Id}/diff?from=1&to=2")).ReadAsync<DiffResponse>();
        diff.ActivitiesAdded.ShouldBe(["note"]);
        diff.ActivitiesRemoved.ShouldBeEmpty();
        var changed = diff.ActivitiesChanged.ShouldHaveSingleItem();
        changed.ActivityId.ShouldBe("waitPayment");
        var input = changed.Inputs.ShouldHaveSingleItem();
        input.Input.ShouldBe("timeout");
        input.Before!.Value.GetString().ShouldBe("10 business days");
        input.After!.Value.GetString().ShouldBe("15 business days");
        diff.ConnectionsAdded.ShouldBe([new ConnectionResponse("waitGrace", "Done", "note")]);
        diff.ConnectionsRemoved.ShouldBeEmpty();
        var declaration = diff.DeclarationsChanged.ShouldHaveSingleItem();
        (declaration.Name, declaration.Kind, declaration.Change).ShouldBe(("reminders", "variable", "added"));
        diff.EventHandlersRemoved.ShouldHaveSingleItem().GetProperty("event").GetString().ShouldBe("InvoiceCancelled");
        diff.EventHandlersAdded.ShouldBeEmpty();

        var retracted = await (await manager.PostJsonAsync($"{Base(_company)}/{procedure.Id}/retract", new { })).ReadAsync<ProcedureResponse>();
        retracted.PublishedVersion.ShouldBeNull();
        retracted.LatestVersion.ShouldBe(2);
        (await (await consultant.GetAsync($"{Base(_company)}/{procedure.Id}/versions")).ReadAsync<PagedResult<VersionSummaryResponse>>())
            .Items[0].RetractedBy.ShouldBe(DemoUsers.CreditManager);

        var rolledBack = await (await manager.PostJsonAsync($"{Base(_company)}/{procedure.Id}/rollback", new { version = 1 })).ReadAsync<ProcedureResponse>();
        rolledBack.Draft!.Comment.ShouldBe("Rolled back to version 1");
        rolledBack.Draft.Definition.GetProperty("version").GetInt32().ShouldBe(3);
        (await (await consultant.GetAsync($"{Base(_company)}/{procedure.Id}/diff?from=1&to=draft")).ReadAsync<DiffResponse>()).ActivitiesChanged.ShouldBeEmpty();
        var v3 = await PublishAsync(manager, _company, procedure.Id, "back to the first");
        v3.PublishedVersion.ShouldBe(3);
    }

    [Fact]
    public async Task ExportThenImport_WhenRoundTripped_GivesTheSameDefinitionUnderANewProcedure()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var published = await PublishedAsync(manager, _company, "12 business days");

        var exported = await (await manager.GetAsync($"{Base(_company)}/{published.Id}/export?version=1")).Content.ReadAsStringAsync();
        var imported = await (await manager.PostJsonAsync($"{Base(_company)}/import", new { definition = JsonNode.Parse(exported), name = "Imported" }))
            .ReadAsync<ProcedureResponse>();

        imported.Origin.ShouldBe("import");
        imported.Draft!.Problems.ShouldBeEmpty();
        var diff = await (await manager.GetAsync($"{Base(_company)}/{imported.Id}/diff?from=draft&to=draft")).ReadAsync<DiffResponse>();
        diff.ActivitiesChanged.ShouldBeEmpty();
        Activity(Draft(imported), "waitPayment")["inputs"]!["timeout"]!.GetValue<string>().ShouldBe("12 business days");
        Draft(imported)["definitionId"]!.GetValue<string>().ShouldBe(imported.Id.ToString());
    }

    [Fact]
    public async Task Import_WhenTheJsonIsNotADefinition_Returns400NamingTheFieldAndCreatesNothing()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var before = (await (await manager.GetAsync($"{Base(_company)}?pageSize=200")).ReadAsync<PagedResult<JsonNode>>()).TotalCount;

        var response = await manager.PostJsonAsync($"{Base(_company)}/import", new { definition = new { definitionId = "x", version = 1, name = "x", unknownField = true } });

        var problem = await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        problem.ErrorFields().ShouldBe(["definition"]);
        (await (await manager.GetAsync($"{Base(_company)}?pageSize=200")).ReadAsync<PagedResult<JsonNode>>()).TotalCount.ShouldBe(before);
    }

    [Fact]
    public async Task CloneAndDeleteDraft_WhenProcedureNeverPublished_DeletesTheProcedureWithItsDraft()
    {
        var consultant = await _factory.SignInAsync(DemoUsers.Consultant);
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var published = await PublishedAsync(manager, _company);

        var clone = await (await consultant.PostJsonAsync($"{Base(_company)}/{published.Id}/clone", new { version = 1 })).ReadAsync<ProcedureResponse>();
        clone.Name.ShouldBe($"Copy of {published.Name}");
        clone.Origin.ShouldBe($"clone:{published.Id}");

        await (await consultant.DeleteAsync($"{Base(_company)}/{clone.Id}/draft")).ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        await (await consultant.GetAsync($"{Base(_company)}/{clone.Id}")).ShouldHaveStatusAsync(HttpStatusCode.NotFound);

        await (await manager.PostJsonAsync($"{Base(_company)}/{published.Id}/rollback", new { version = 1 })).ShouldHaveStatusAsync(HttpStatusCode.OK);
        await (await consultant.DeleteAsync($"{Base(_company)}/{published.Id}/draft")).ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        var kept = await GetAsync(consultant, _company, published.Id);
        kept.Draft.ShouldBeNull();
        kept.PublishedVersion.ShouldBe(1);
    }

    [Fact]
    public async Task SaveDraft_WhenVersionIsStale_Returns409()
    {
        var consultant = await _factory.SignInAsync(DemoUsers.Consultant);
        var procedure = await CreateFromTemplateAsync(consultant, _company);
        await (await SaveDraftAsync(consultant, _company, procedure, Draft(procedure))).ShouldHaveStatusAsync(HttpStatusCode.OK);

        await (await SaveDraftAsync(consultant, _company, procedure, Draft(procedure))).ShouldHaveStatusAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Diff_WhenSideIsNeitherANumberNorDraft_Returns400NamingIt()
    {
        var consultant = await _factory.SignInAsync(DemoUsers.Consultant);
        var procedure = await CreateFromTemplateAsync(consultant, _company);

        var problem = await (await consultant.GetAsync($"{Base(_company)}/{procedure.Id}/diff?from=latest&to=draft")).ShouldHaveStatusAsync(HttpStatusCode.BadRequest);

        problem.ErrorFields().ShouldBe(["from"]);
    }
}
