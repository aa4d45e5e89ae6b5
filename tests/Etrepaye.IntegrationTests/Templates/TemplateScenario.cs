using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Procedures.Features;
using Etrepaye.Procedures.Features.SimulateProcedure;
using static Etrepaye.IntegrationTests.Procedures.ProceduresApi;

namespace Etrepaye.IntegrationTests.Templates;

/// <summary>One dated happening of a template scenario: an event (with its own keys when given) or a task completed.</summary>
public sealed record ScenarioStep(DateTimeOffset At, string? Event = null, object? Payload = null, IReadOnlyDictionary<string, string>? Keys = null,
    string? Task = null, string? Outcome = null, object? Values = null);

/// <summary>
/// Runs a shipped template through the Studio's path: a procedure created from the template library, simulated on virtual time by
/// POST …/simulate (the real activity descriptors, the French calendar, the Europe/Paris time zone). The timeline a test checks is the
/// list of what people and the system did, as "yyyy-MM-dd activity port" in Paris dates.
/// </summary>
public static class TemplateScenario
{
    public static readonly Guid Company = EtrepayeFactory.DemoCompanyId;
    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static readonly string[] _bookkeeping = ["workflow.set-variable", "workflow.switch", "workflow.decision", "workflow.wait-until"];

    /// <summary>A local Paris instant.</summary>
    public static DateTimeOffset At(int year, int month, int day, int hour = 10, int minute = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Paris.GetUtcOffset(local));
    }

    public static string Date(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Paris).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static async Task<ProcedureResponse> FromTemplateAsync(HttpClient client, string templateId)
    {
        var procedure = await (await client.PostJsonAsync($"{Base(Company)}/from-template", new { templateId, name = $"{templateId} {Guid.NewGuid():N}"[..40] }))
            .ReadAsync<ProcedureResponse>();
        procedure.Draft!.Problems.ShouldBeEmpty();
        return procedure;
    }

    public static async Task<SimulationResponse> SimulateAsync(
        HttpClient client, ProcedureResponse procedure, DateTimeOffset startAt, object? inputs, IReadOnlyDictionary<string, string> keys, IEnumerable<ScenarioStep> steps,
        DateTimeOffset? until = null) =>
        await (await client.PostJsonAsync($"{Base(Company)}/{procedure.Id}/simulate", new
        {
            startAt,
            inputs,
            correlationKeys = keys,
            timeZone = "Europe/Paris",
            calendar = "FR",
            until,
            events = steps.Select(s => new
            {
                at = s.At, @event = s.Event, payload = s.Payload, correlationKeys = s.Keys, taskActivityId = s.Task, outcome = s.Outcome, values = s.Values,
            }),
        })).ReadAsync<SimulationResponse>();

    /// <summary>What was done, in order: module activities, tasks, event waits and ends, each with its Paris date and the port it left by.</summary>
    public static List<string> Timeline(SimulationResponse simulation) =>
        [.. simulation.Steps
            .Where(s => s.Kind == "ActivityCompleted" && s.ActivityType is not null && !_bookkeeping.Contains(s.ActivityType))
            .Select(s => $"{Date(s.At)} {s.ActivityId} {s.Port}".TrimEnd())];

    public static List<string> Tasks(SimulationResponse simulation) =>
        [.. simulation.Tasks.Select(t => $"{Date(t.CreatedAt)} {t.ActivityId} due {t.DueDate:yyyy-MM-dd}")];

    /// <summary>
    /// The id of what an effect creates (a promise, a message): the collection module derives it from the effect's idempotency key,
    /// so a scenario that answers a promise finds it from a first run.
    /// </summary>
    public static string IdOf(SimulationResponse simulation, string effectType)
    {
        var key = simulation.Effects.Last(e => e.Type == effectType).IdempotencyKey;
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }

    public static void ShouldEnd(this SimulationResponse simulation, string status, string? outcome)
    {
        simulation.Warnings.ShouldBeEmpty();
        simulation.Status.ShouldBe(status);
        simulation.Outcome.ShouldBe(outcome);
    }
}
