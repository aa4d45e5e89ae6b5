using System.Text.Json;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Tests.Support;
using Etrepaye.Workflows.Validation;

namespace Etrepaye.Workflows.Tests.Definitions;

public sealed class DefinitionJsonTests
{
    private const string Minimal = """
        {
          "definitionId": "minimal",
          "version": 2,
          "name": "Minimal",
          "inputs": [ { "name": "amount", "type": "money", "required": true } ],
          "variables": [
            { "name": "segment", "type": { "kind": "enum", "values": ["SME", "Large"] }, "default": "SME" },
            { "name": "dates", "type": { "kind": "list", "of": "date" } },
            { "name": "case", "type": { "kind": "record", "fields": [ { "name": "delay", "type": "duration" }, { "name": "open", "type": "boolean" } ] } }
          ],
          "start": { "activity": "decide", "triggerEvent": "InvoiceOverdue" },
          "incidentStrategy": "continue",
          "activities": [
            { "id": "decide", "type": "workflow.decision", "inputs": { "condition": { "expression": "amount > 100 EUR" } }, "position": { "x": 10, "y": 20 },
              "retry": { "maxAttempts": 3, "delay": "PT30S", "backoff": "exponential", "maxDelay": "PT5M" } },
            { "id": "end", "type": "workflow.end" }
          ],
          "connections": [ { "source": { "activity": "decide", "port": "True" }, "target": { "activity": "end" } },
                           { "source": { "activity": "decide", "port": "False" }, "target": { "activity": "end", "port": "In" } } ],
          "eventHandlers": [ { "event": "InvoicePaid", "condition": "event.amount >= amount", "action": "end", "outcome": "Paid",
                               "payload": { "kind": "record", "fields": [ { "name": "amount", "type": "money" } ] } } ]
        }
        """;

    [Fact]
    public void Parse_WhenEveryFeatureIsUsed_ReadsTypedModel()
    {
        var definition = WorkflowDefinitionSerializer.Parse(Minimal);

        definition.Version.ShouldBe(2);
        definition.Inputs[0].Type.ShouldBe(WorkflowType.Money);
        definition.Variables[0].Type.ShouldBe(WorkflowType.Enum("SME", "Large"));
        definition.Variables[1].Type.ShouldBe(WorkflowType.ListOf(WorkflowType.Date));
        definition.Variables[2].Type.FieldType("delay").ShouldBe(WorkflowType.Duration);
        definition.Start.TriggerEvent.ShouldBe("InvoiceOverdue");
        definition.IncidentStrategy.ShouldBe(IncidentStrategy.Continue);
        definition.Activities[0].Position.ShouldBe(new Position(10, 20));
        definition.Activities[0].Retry!.DelayAfter(3).ShouldBe(TimeSpan.FromMinutes(2));
        definition.Activities[0].Retry!.DelayAfter(10).ShouldBe(TimeSpan.FromMinutes(5));
        definition.Connections[0].Target.Port.ShouldBe("In");
        definition.EventHandlers[0].Action.ShouldBe(EventHandlerAction.End);
        new WorkflowValidator(ActivityCatalog.WithBuiltIns()).Validate(definition).Problems.ShouldBeEmpty();
    }

    [Fact]
    public void Serialize_WhenParsedBack_RoundTrips()
    {
        var definition = WorkflowDefinitionSerializer.Parse(Minimal);

        var json = WorkflowDefinitionSerializer.Serialize(definition);
        var again = WorkflowDefinitionSerializer.Parse(json);

        WorkflowDefinitionSerializer.Serialize(again).ShouldBe(json);
        json.ShouldContain("\"incidentStrategy\": \"continue\"");
        json.ShouldContain("\"delay\": \"PT30S\"");
    }

    [Theory]
    [InlineData("""{ "definitionId": "x", "version": 1, "name": "x" }""", "start")]
    [InlineData("""{ "definitionId": "x", "version": 1, "name": "x", "start": { "activity": "a" }, "activites": [] }""", "activites")]
    [InlineData("""{ "definitionId": "x", "version": 1, "name": "x", "start": { "activity": "a" }, "variables": [ { "name": "v", "type": "money2" } ] }""", "money2")]
    [InlineData("""{ "definitionId": "x", "version": 1, "name": "x", "start": { "activity": "a" }, "incidentStrategy": "ignore" }""", "incidentStrategy")]
    public void Parse_WhenMalformed_ExplainsWhere(string json, string fragment)
    {
        var exception = Should.Throw<WorkflowDefinitionFormatException>(() => WorkflowDefinitionSerializer.Parse(json));

        exception.Message.ShouldContain(fragment);
    }

    [Fact]
    public void ValuesFromJson_WhenTypedLiterals_ConvertToClrValues()
    {
        var type = WorkflowType.Record(
            new RecordField("amount", WorkflowType.Money),
            new RecordField("due", WorkflowType.Date),
            new RecordField("delay", WorkflowType.Duration),
            new RecordField("tags", WorkflowType.ListOf(WorkflowType.Enum("a", "b"))));

        var value = WorkflowValues.FromJson(Wf.Json(new { amount = new { amount = 12.5m, currency = "EUR" }, due = "2025-03-01", delay = "3 business days", tags = new[] { "a" } }), type, "v");

        WorkflowValues.Render(value).ShouldBe("{amount: 12.5 EUR, due: 2025-03-01, delay: 3 business days, tags: [\"a\"]}");
        Should.Throw<WorkflowValueException>(() => WorkflowValues.FromJson(Wf.Json(new { tags = new[] { "c" } }), type, "v")).Path.ShouldBe("v.tags[0]");
    }
}

public sealed class SchemaTests
{
    private static MiniJsonSchema LoadSchema() => new(JsonDocument.Parse(File.ReadAllText(RepositoryFiles.SchemaPath)).RootElement);

    public static TheoryData<string> ShippedDefinitions() => [.. DefinitionFiles()];

    private static IEnumerable<string> DefinitionFiles() =>
        Directory.EnumerateFiles(RepositoryFiles.WorkflowsFolder, "*.json", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("workflow.schema.json", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepositoryFiles.WorkflowsFolder, f))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void Schema_WhenLoaded_IsDraft202012WithResolvableReferences()
    {
        var document = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.SchemaPath)).RootElement;

        document.GetProperty("$schema").GetString().ShouldBe("https://json-schema.org/draft/2020-12/schema");
        LoadSchema().CheckSchema().ShouldBeEmpty();
    }

    [Fact]
    public void Workflows_WhenListed_IncludeTheExample()
    {
        DefinitionFiles().ShouldContain(Path.Combine("examples", "invoice-dunning.json"));
    }

    [Theory]
    [MemberData(nameof(ShippedDefinitions))]
    public void ShippedDefinition_WhenLoaded_ParsesAndValidates(string relativePath)
    {
        var json = File.ReadAllText(Path.Combine(RepositoryFiles.WorkflowsFolder, relativePath));

        LoadSchema().Validate(JsonDocument.Parse(json).RootElement).ShouldBeEmpty();
        var definition = WorkflowDefinitionSerializer.Parse(json);
        definition.Schema.ShouldNotBeNull().ShouldEndWith("workflow.schema.json");

        // Module activities are validated where the whole catalog exists (the host); here only the built-ins are known.
        var problems = new WorkflowValidator(ActivityCatalog.WithBuiltIns()).Validate(definition).Problems
            .Where(p => p.Code != ValidationCodes.UnknownActivityType || definition.FindActivity(p.Location.ActivityId!)!.Type.StartsWith(ActivityCatalog.BuiltInPrefix, StringComparison.Ordinal));
        problems.ShouldBeEmpty();
    }

    [Fact]
    public void Schema_WhenDefinitionIsSerializedByTheEngine_AcceptsIt()
    {
        var definition = WorkflowDefinitionSerializer.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.WorkflowsFolder, "examples", "invoice-dunning.json")));

        var json = JsonDocument.Parse(WorkflowDefinitionSerializer.Serialize(definition)).RootElement;

        LoadSchema().Validate(json).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{ "definitionId": "x", "version": 0, "name": "x", "start": { "activity": "a" } }""", "below 1")]
    [InlineData("""{ "definitionId": "x", "version": 1, "name": "x", "start": { "activity": "a" }, "eventHandlers": [ { "event": "E", "action": "goTo" } ] }""", "missing activity")]
    [InlineData("""{ "definitionId": "x", "version": 1, "name": "x", "start": { "activity": "a" }, "variables": [ { "name": "v", "type": { "kind": "enum" } } ] }""", "oneOf")]
    [InlineData("""{ "definitionId": "x", "version": 1, "name": "x", "start": { "activity": "a" }, "activities": [ { "id": "a", "type": "Collection.Send" } ] }""", "does not match")]
    [InlineData("""{ "definitionId": "x", "version": 1, "name": "x", "start": { "activity": "a" }, "extra": 1 }""", "not allowed")]
    public void Schema_WhenDocumentBreaksTheFormat_RejectsIt(string json, string message)
    {
        var errors = LoadSchema().Validate(JsonDocument.Parse(json).RootElement);

        errors.ShouldContain(e => e.Contains(message, StringComparison.Ordinal));
    }
}
