using System.Net;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Procedures.Features;
using Etrepaye.Procedures.Features.ListTemplates;
using Etrepaye.Shared.Contracts;
using static Etrepaye.IntegrationTests.Procedures.ProceduresApi;
using static Etrepaye.IntegrationTests.Templates.TemplateScenario;

namespace Etrepaye.IntegrationTests.Templates;

/// <summary>
/// Every shipped template loads in the library and gives a procedure that validates; each procedure template's written procedure, in French and
/// English, is committed under docs/procedures/ as the product renders it (ETREPAYE_UPDATE_PROCEDURE_DOCS=1 rewrites them).
/// </summary>
public sealed class TemplateLibraryTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    public static readonly string[] ProcedureTemplates = ["standard-b2b-collection", "small-company-collection", "dispute-resolution", "credit-limit-request", "guarantee-expiry-and-call", "credit-insurance-duties"];
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task Library_WhenListed_HoldsEveryShippedTemplateAndEachCreatesAProcedureWithoutProblems()
    {
        var consultant = await _factory.SignInAsync(DemoUsers.Consultant);

        var templates = await (await consultant.GetAsync($"{Base(Company)}/templates?pageSize=200")).ReadAsync<PagedResult<TemplateResponse>>();

        templates.TotalCount.ShouldBe(templates.Items.Count);
        foreach (var id in ProcedureTemplates)
        {
            templates.Items.ShouldContain(t => t.Id == id && t.File == $"procedures/{id}.json" && !string.IsNullOrEmpty(t.Description));
        }

        foreach (var template in templates.Items)
        {
            var procedure = await (await consultant.PostJsonAsync($"{Base(Company)}/from-template", new { templateId = template.Id, name = $"{template.Id} {Guid.NewGuid():N}"[..40] }))
                .ReadAsync<ProcedureResponse>();
            procedure.Draft!.Problems.ShouldBeEmpty($"template {template.Id}");
        }
    }

    [Fact]
    public async Task WrittenProcedures_WhenRenderedFromTheTemplates_MatchTheDocumentsCommittedInDocsProcedures()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var folder = Path.Combine(RepositoryRoot(), "docs", "procedures");
        var update = Environment.GetEnvironmentVariable("ETREPAYE_UPDATE_PROCEDURE_DOCS") == "1";
        var stale = new List<string>();
        foreach (var id in ProcedureTemplates)
        {
            var template = (await (await manager.GetAsync($"{Base(Company)}/templates?pageSize=200")).ReadAsync<PagedResult<TemplateResponse>>()).Items.Single(t => t.Id == id);
            var procedure = await (await manager.PostJsonAsync($"{Base(Company)}/from-template", new { templateId = id, name = template.Name })).ReadAsync<ProcedureResponse>();
            await PublishAsync(manager, Company, procedure.Id, "written procedure");
            foreach (var language in new[] { "fr", "en" })
            {
                var response = await manager.GetAsync($"{Base(Company)}/{procedure.Id}/versions/1/document?format=html&lang={language}");
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                var html = (await response.Content.ReadAsStringAsync()).ReplaceLineEndings("\n");
                var path = Path.Combine(folder, $"{id}.{language}.html");
                if (update)
                {
                    Directory.CreateDirectory(folder);
                    await File.WriteAllTextAsync(path, html);
                }
                else if (!File.Exists(path) || (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n") != html)
                {
                    stale.Add(Path.GetFileName(path));
                }
            }
        }

        stale.ShouldBeEmpty("out of date with their templates; rewrite them with ETREPAYE_UPDATE_PROCEDURE_DOCS=1 dotnet test tests/Etrepaye.IntegrationTests --filter TemplateLibraryTests");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Etrepaye.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Etrepaye.sln not found above " + AppContext.BaseDirectory);
    }
}
