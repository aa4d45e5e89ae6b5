using System.Text.Json.Nodes;
using Etrepaye.IntegrationTests.Infrastructure;

namespace Etrepaye.IntegrationTests.Platform;

/// <summary>
/// The Studio's typed client is generated from a committed copy of the OpenAPI document (src/Studio/openapi/openapi.json).
/// This test fails when the API changed and the copy was not regenerated.
/// </summary>
public sealed class StudioOpenApiTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private const string RegenerateCommand =
        "ETREPAYE_UPDATE_STUDIO_OPENAPI=1 dotnet test tests/Etrepaye.IntegrationTests --filter StudioOpenApiTests && (cd src/Studio && npm run gen:api)";

    [Fact]
    public async Task StudioOpenApiCopy_WhenComparedWithTheServedDocument_IsCurrent()
    {
        var served = await fixture.Factory.CreateClient().GetStringAsync("/openapi/v1.json");
        var path = Path.Combine(RepositoryRoot(), "src", "Studio", "openapi", "openapi.json");

        if (Environment.GetEnvironmentVariable("ETREPAYE_UPDATE_STUDIO_OPENAPI") == "1")
        {
            var document = JsonNode.Parse(served)!.AsObject();
            document.Remove("servers");
            await File.WriteAllTextAsync(path, document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        var committed = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        var current = JsonNode.Parse(served)!.AsObject();
        committed.Remove("servers");
        current.Remove("servers");
        JsonNode.DeepEquals(committed, current).ShouldBeTrue($"src/Studio/openapi/openapi.json is stale: the API changed. Regenerate it and the Studio's types with: {RegenerateCommand}");
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
