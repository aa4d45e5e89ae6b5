using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.IntegrationTests.Workflows;
using Etrepaye.Procedures.Features.SimulateProcedure;
using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Persistence;
using Etrepaye.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using static Etrepaye.IntegrationTests.Procedures.ProceduresApi;

namespace Etrepaye.IntegrationTests.Procedures;

/// <summary>The simulation endpoint against a real run of the same scenario on the durable engine, driven by a fake clock.</summary>
public sealed class SimulationTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private static readonly DateTimeOffset _start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly EtrepayeFactory _factory = fixture.Factory;

    private static readonly object _invoice = new { id = "F-SIM-1", dueDate = "2026-03-02", amount = "8000 EUR" };

    // A dispute suspends the dunning clock for two days; the collector's call gets a promise that then falls due.
    private static readonly (DateTimeOffset At, string? Event, string? TaskActivity, string? Outcome, object? Values)[] _events =
    [
        (new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero), "DisputeOpened", null, null, null),
        (new(2026, 3, 12, 9, 0, 0, TimeSpan.Zero), "DisputeResolved", null, null, null),
        (new(2026, 3, 23, 10, 0, 0, TimeSpan.Zero), null, "call", "Promised", new { promisedDate = "2026-04-01" }),
    ];

    [Fact]
    public async Task Simulate_WhenTheSameScenarioRunsOnTheDurableEngineWithAFakeClock_GivesTheSameTimeline()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var procedure = await PublishedAsync(manager, _company);

        var simulated = await (await manager.PostJsonAsync($"{Base(_company)}/{procedure.Id}/simulate", new
        {
            version = 1,
            startAt = _start,
            inputs = new { invoice = _invoice },
            events = _events.Select(e => new { at = e.At, @event = e.Event, taskActivityId = e.TaskActivity, outcome = e.Outcome, values = e.Values }),
        })).ReadAsync<SimulationResponse>();

        simulated.Warnings.ShouldBeEmpty();
        simulated.Status.ShouldBe("Completed");
        simulated.Outcome.ShouldBe("PromiseDue");
        simulated.Tasks.ShouldHaveSingleItem().ActivityId.ShouldBe("call");
        simulated.Steps.ShouldContain(s => s.Kind == "InstanceSuspended");

        var exported = await (await manager.GetAsync($"{Base(_company)}/{procedure.Id}/export?version=1")).Content.ReadAsStringAsync();
        var (durable, tasks, final) = await RunDurablyAsync(procedure.Id.ToString(), exported);

        Steps(simulated).ShouldBe(durable);
        simulated.Tasks.Select(t => (t.ActivityId, t.Title, t.DueDate, t.CreatedAt.UtcDateTime)).ShouldBe(tasks);
        (simulated.Status, simulated.Outcome).ShouldBe(final);
    }

    [Fact]
    public async Task Simulate_WhenTheDraftIsInvalid_Returns422WithTheProblems()
    {
        var consultant = await _factory.SignInAsync(DemoUsers.Consultant);
        var procedure = await CreateFromTemplateAsync(consultant, _company);
        var draft = Draft(procedure);
        draft["start"]!["activity"] = "missing";
        await (await SaveDraftAsync(consultant, _company, procedure, draft)).ReadAsync<Etrepaye.Procedures.Features.ProcedureResponse>();

        var response = await consultant.PostJsonAsync($"{Base(_company)}/{procedure.Id}/simulate", new { startAt = _start, inputs = new { invoice = _invoice } });

        var problem = await response.ShouldHaveStatusAsync(System.Net.HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("problems").EnumerateArray().ShouldContain(p => p.GetProperty("code").GetString() == "unknown-start-activity");
    }

    [Fact]
    public async Task Simulate_WhenAnEventHasNeitherANameNorATask_Returns400NamingIt()
    {
        var consultant = await _factory.SignInAsync(DemoUsers.Consultant);
        var procedure = await CreateFromTemplateAsync(consultant, _company);

        var response = await consultant.PostJsonAsync($"{Base(_company)}/{procedure.Id}/simulate", new
        {
            startAt = _start, inputs = new { invoice = _invoice }, events = new[] { new { at = _start } },
        });

        (await response.ShouldHaveStatusAsync(System.Net.HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["events[0].event"]);
    }

    [Fact]
    public async Task Simulate_WhenTheScenarioGivesACustomerWithAnOverdueInvoice_ShowsTheRenderedReminderAndFormalNotice()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var procedure = await (await manager.PostJsonAsync($"{Base(_company)}/import", new { definition = System.Text.Json.JsonDocument.Parse(LettersProcedure).RootElement }))
            .ReadAsync<Etrepaye.Procedures.Features.ProcedureResponse>();

        var simulated = await (await manager.PostJsonAsync($"{Base(_company)}/{procedure.Id}/simulate", new
        {
            startAt = _start,
            correlationKeys = new Dictionary<string, string> { ["case"] = Guid.NewGuid().ToString() },
            customer = new
            {
                reference = "C-SIM-7", name = "Quincaillerie Martin", language = "fr", email = "compta@martin.example",
                invoices = new[]
                {
                    new { reference = "F-2026-0042", issueDate = "2026-01-05", dueDate = "2026-02-04", amount = 1234.5m, currency = "EUR" },
                    new { reference = "F-2026-0099", issueDate = "2026-02-20", dueDate = "2026-03-20", amount = 99m, currency = "EUR" },
                },
            },
        })).ReadAsync<SimulationResponse>();

        simulated.Status.ShouldBe("Completed");
        var letters = simulated.Effects.Where(e => e.Type == "collection.send-message").ToList();
        letters.Count.ShouldBe(2);
        letters.ShouldAllBe(e => !string.IsNullOrWhiteSpace(e.Subject) && !string.IsNullOrWhiteSpace(e.Text));
        var reminder = letters[0];
        reminder.Text!.ShouldContain("F-2026-0042");
        reminder.Text!.ShouldContain("1 234,50 EUR");
        reminder.Text!.ShouldNotContain("F-2026-0099", customMessage: "an invoice not yet due is not claimed");
        letters[1].Text!.ShouldContain("F-2026-0042");
        letters[1].Subject.ShouldNotBe(reminder.Subject);
        simulated.Effects.Where(e => e.Type != "collection.send-message").ShouldAllBe(e => e.Subject == null && e.Text == null);
    }

    [Fact]
    public async Task Simulate_WhenTheScenarioGivesNoCustomer_ShowsTheLettersPayloadOnly()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var procedure = await (await manager.PostJsonAsync($"{Base(_company)}/import", new { definition = System.Text.Json.JsonDocument.Parse(LettersProcedure).RootElement }))
            .ReadAsync<Etrepaye.Procedures.Features.ProcedureResponse>();

        var simulated = await (await manager.PostJsonAsync($"{Base(_company)}/{procedure.Id}/simulate", new
        {
            startAt = _start, correlationKeys = new Dictionary<string, string> { ["case"] = Guid.NewGuid().ToString() },
        })).ReadAsync<SimulationResponse>();

        var reminder = simulated.Effects.First(e => e.Type == "collection.send-message");
        reminder.Payload.GetProperty("kind").GetString().ShouldBe("reminder");
        (reminder.Subject, reminder.Text).ShouldBe((null, null));
    }

    [Fact]
    public async Task Simulate_WhenASampleInvoiceHasNoAmount_Returns400NamingIt()
    {
        var consultant = await _factory.SignInAsync(DemoUsers.Consultant);
        var procedure = await CreateFromTemplateAsync(consultant, _company);

        var response = await consultant.PostJsonAsync($"{Base(_company)}/{procedure.Id}/simulate", new
        {
            startAt = _start, inputs = new { invoice = _invoice },
            customer = new { reference = "C-1", name = "Martin", invoices = new[] { new { reference = "F-1", dueDate = "2026-02-01", amount = 0m } } },
        });

        (await response.ShouldHaveStatusAsync(System.Net.HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["customer.invoices[0].amount"]);
    }

    private const string LettersProcedure = """
        {
          "definitionId": "letters-preview", "version": 1, "name": "Relance puis mise en demeure",
          "start": { "activity": "remind" },
          "activities": [
            { "id": "remind", "type": "collection.send-reminder", "inputs": { "channel": "email", "level": 1 } },
            { "id": "notice", "type": "collection.send-formal-notice", "inputs": { "channel": "letter" } }
          ],
          "connections": [ { "source": { "activity": "remind", "port": "Done" }, "target": { "activity": "notice" } } ]
        }
        """;

    private static List<(DateTime At, string Kind, string? Activity, string? Port)> Steps(SimulationResponse simulation) =>
        [.. simulation.Steps.Select(s => (s.At.UtcDateTime, s.Kind, s.ActivityId, s.Port))];

    /// <summary>Starts the exported definition on the durable engine and moves a fake clock from due timer to scenario event, as the simulation does.</summary>
    private static async Task<(List<(DateTime, string, string?, string?)> Journal, List<(string, string, DateOnly?, DateTime)> Tasks, (string, string?) Final)>
        RunDurablyAsync(string definitionId, string definition)
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new ManualClock(_start);
        await using var host = new WorkflowTestHost(database, clock, new EffectLog(), definition);
        await host.MigrateAsync();
        var keys = new Dictionary<string, string> { [WorkflowCorrelation.CompanyKey] = WorkflowTestHost.CompanyId.ToString() };
        var id = await host.InScopeAsync((engine, _) => engine.StartAsync(new StartInstanceRequest
        {
            DefinitionId = definitionId,
            Version = 1,
            Inputs = new Dictionary<string, object?> { ["invoice"] = Element(_invoice) },
            CorrelationKeys = keys,
            // As the procedure starter does for the demo company (France): its time zone and calendar, which the simulation defaults to.
            TimeZoneId = "Europe/Paris",
            CalendarId = "FR",
        }, CancellationToken.None));

        var events = new Queue<(DateTimeOffset At, string? Event, string? TaskActivity, string? Outcome, object? Values)>(_events);
        for (var i = 0; i < 100 && !(await host.InstanceAsync(id)).IsFinished; i++)
        {
            var timer = await host.QueryAsync(db => db.Timers.IgnoreQueryFilters().Where(t => t.InstanceId == id).OrderBy(t => t.DueAt).Select(t => (DateTimeOffset?)t.DueAt).FirstOrDefaultAsync());
            DateTimeOffset? next = events.Count > 0 ? events.Peek().At : null;
            if (timer is null && next is null)
            {
                break;
            }

            if (timer is not null && (next is null || timer <= next))
            {
                clock.Advance(timer.Value - clock.GetUtcNow());
                await host.RunTimersAsync();
                continue;
            }

            var scenarioEvent = events.Dequeue();
            clock.Advance(scenarioEvent.At - clock.GetUtcNow());
            if (scenarioEvent.Event is { } name)
            {
                await host.InScopeAsync((engine, _) => engine.PublishAsync(new Stimulus(name, keys, $"durable-{name}"), CancellationToken.None));
            }
            else
            {
                var task = await host.QueryAsync(db => db.HumanTasks.IgnoreQueryFilters()
                    .SingleAsync(t => t.InstanceId == id && t.ActivityId == scenarioEvent.TaskActivity && t.Status == HumanTaskStatus.Open));
                var values = JsonElementDictionary(scenarioEvent.Values!);
                await host.InScopeAsync((engine, _) => engine.CompleteTaskAsync(task.Id, scenarioEvent.Outcome!, values, null, CancellationToken.None));
            }
        }

        var journal = await host.QueryAsync(db => db.Journal.IgnoreQueryFilters().Where(j => j.InstanceId == id).OrderBy(j => j.Sequence).ToListAsync());
        var tasks = await host.QueryAsync(db => db.HumanTasks.IgnoreQueryFilters().Where(t => t.InstanceId == id).OrderBy(t => t.CreatedAt).ToListAsync());
        var instance = await host.InstanceAsync(id);
        return (
            [.. journal.Select(j => (j.At.UtcDateTime, j.Kind, j.ActivityId, j.Port))],
            [.. tasks.Select(t => (t.ActivityId, t.Title, t.DueDate, t.CreatedAt.UtcDateTime))],
            (instance.Status.ToString(), instance.Outcome));
    }

    private static Dictionary<string, object?> JsonElementDictionary(object values) =>
        Element(values).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
}
