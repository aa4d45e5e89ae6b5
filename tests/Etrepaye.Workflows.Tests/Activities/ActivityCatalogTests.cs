using System.Text.Json;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Tests.Support;

namespace Etrepaye.Workflows.Tests.Activities;

public sealed class ActivityCatalogTests
{
    // A constructor with a parameter keeps AddFrom (which needs a parameterless one) away from it.
    private sealed class Named(string type) : IActivity
    {
        public ActivityDescriptor Descriptor { get; } = new() { Type = type, DisplayName = "x", Category = "x" };

        public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) => ValueTask.FromResult(ActivityResult.Done());
    }

    [Fact]
    public void WithBuiltIns_WhenListed_ServesEveryBuiltInDescriptor()
    {
        var types = ActivityCatalog.WithBuiltIns().Descriptors.Select(d => d.Type).Order().ToList();

        types.ShouldBe(
        [
            "workflow.decision", "workflow.end", "workflow.fork", "workflow.human-task", "workflow.join", "workflow.notify-webhook",
            "workflow.set-variable", "workflow.sub-workflow", "workflow.switch", "workflow.wait-for-event", "workflow.wait-until",
        ]);
    }

    [Fact]
    public void AddFrom_WhenAssemblyHasActivities_RegistersThem()
    {
        var catalog = new ActivityCatalog().AddFrom<Harness>();

        catalog.Descriptors.Select(d => d.Type).ShouldBe(["test.always-fail", "test.do-step", "test.flaky-call", "test.send-reminder"]);
        catalog.FindDescriptor("test.send-reminder")!.Inputs.Select(i => i.Name).ShouldBe(["level", "amount"]);
    }

    [Fact]
    public void Add_WhenTypeNameIsNotModuleVerbNoun_Refuses()
    {
        Should.Throw<ArgumentException>(() => new ActivityCatalog().Add(new Named("Collection.SendReminder")));
        Should.Throw<ArgumentException>(() => new ActivityCatalog().Add(new Named("collection.remind")));
        Should.Throw<ArgumentException>(() => new ActivityCatalog().Add(new Named("workflow.send-letter"))).Message.ShouldContain("reserved");
        new ActivityCatalog().Add(new Named("collection.send-reminder")).Descriptors.ShouldHaveSingleItem();
        Should.Throw<ArgumentException>(() => ActivityCatalog.WithBuiltIns().Add(new StepActivity()).Add(new StepActivity())).Message.ShouldContain("already registered");
    }

    [Fact]
    public void Descriptors_WhenSerialized_GiveTheDesignerTypesPortsAndAllowedValues()
    {
        var json = JsonSerializer.Serialize(ActivityCatalog.WithBuiltIns().FindDescriptor("workflow.human-task"), WorkflowJson.Options);

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        root.GetProperty("type").GetString().ShouldBe("workflow.human-task");
        root.GetProperty("isWait").GetBoolean().ShouldBeTrue();
        root.GetProperty("dynamicPorts").GetProperty("input").GetString().ShouldBe("outcomes");
        var priority = root.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "priority");
        priority.GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()).ShouldBe(["low", "normal", "high", "urgent"]);
        json.ShouldContain("\"kind\": \"record\"");
    }
}
