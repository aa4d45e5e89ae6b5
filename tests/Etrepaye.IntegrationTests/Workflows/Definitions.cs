namespace Etrepaye.IntegrationTests.Workflows;

/// <summary>The definitions the durable tests run, in the JSON format the engine publishes.</summary>
internal static class Definitions
{
    /// <summary>Timer → correlated event → letter (effect) → human task → sub-workflow → end; a dispute interrupts the wait.</summary>
    public const string Dunning = """
        {
          "definitionId": "durable-dunning", "version": 1, "name": "Durable dunning",
          "start": { "activity": "waitDay" },
          "activities": [
            { "id": "waitDay", "type": "workflow.wait-until", "inputs": { "date": { "expression": "today() + 1 day" } } },
            { "id": "waitPaid", "type": "workflow.wait-for-event", "inputs": { "event": "InvoicePaid", "timeout": "10 days" } },
            { "id": "letter", "type": "test.send-letter" },
            { "id": "call", "type": "workflow.human-task", "inputs": { "title": "Call the customer", "role": "collector", "outcomes": ["Promised", "NoAnswer"] } },
            { "id": "check", "type": "workflow.sub-workflow", "inputs": { "definitionId": "durable-check" } },
            { "id": "done", "type": "workflow.end", "inputs": { "outcome": "Completed" } },
            { "id": "late", "type": "workflow.end", "inputs": { "outcome": "Late" } },
            { "id": "noAnswer", "type": "workflow.end", "inputs": { "outcome": "NoAnswer" } },
            { "id": "disputed", "type": "workflow.end", "inputs": { "outcome": "Disputed" } }
          ],
          "connections": [
            { "source": { "activity": "waitDay", "port": "Done" }, "target": { "activity": "waitPaid" } },
            { "source": { "activity": "waitPaid", "port": "Received" }, "target": { "activity": "letter" } },
            { "source": { "activity": "waitPaid", "port": "Timeout" }, "target": { "activity": "late" } },
            { "source": { "activity": "letter", "port": "Done" }, "target": { "activity": "call" } },
            { "source": { "activity": "call", "port": "Promised" }, "target": { "activity": "check" } },
            { "source": { "activity": "call", "port": "NoAnswer" }, "target": { "activity": "noAnswer" } },
            { "source": { "activity": "check", "port": "Done" }, "target": { "activity": "done" } }
          ],
          "eventHandlers": [ { "event": "DisputeOpened", "action": "goTo", "activity": "disputed" } ]
        }
        """;

    /// <summary>The child: waits a day, then ends.</summary>
    public const string Check = """
        {
          "definitionId": "durable-check", "version": 1, "name": "Check",
          "start": { "activity": "wait" },
          "activities": [
            { "id": "wait", "type": "workflow.wait-until", "inputs": { "date": { "expression": "today() + 1 day" } } },
            { "id": "end", "type": "workflow.end", "inputs": { "outcome": "Checked" } }
          ],
          "connections": [ { "source": { "activity": "wait", "port": "Done" }, "target": { "activity": "end" } } ]
        }
        """;

    /// <summary>Waits a day, then for an event "Go" (which may have come early), or times out after a day.</summary>
    public const string WaitThenGo = """
        {
          "definitionId": "wait-then-go", "version": 1, "name": "Wait then go",
          "start": { "activity": "waitDay" },
          "activities": [
            { "id": "waitDay", "type": "workflow.wait-until", "inputs": { "date": { "expression": "today() + 1 day" } } },
            { "id": "waitGo", "type": "workflow.wait-for-event", "inputs": { "event": "Go", "timeout": "1 day" } },
            { "id": "went", "type": "workflow.end", "inputs": { "outcome": "Went" } },
            { "id": "timedOut", "type": "workflow.end", "inputs": { "outcome": "TimedOut" } }
          ],
          "connections": [
            { "source": { "activity": "waitDay", "port": "Done" }, "target": { "activity": "waitGo" } },
            { "source": { "activity": "waitGo", "port": "Received" }, "target": { "activity": "went" } },
            { "source": { "activity": "waitGo", "port": "Timeout" }, "target": { "activity": "timedOut" } }
          ]
        }
        """;

    /// <summary>One timer, one letter, end: the burst and crash tests' unit of work.</summary>
    public const string Burst = """
        {
          "definitionId": "burst", "version": 1, "name": "Burst",
          "start": { "activity": "waitDay" },
          "activities": [
            { "id": "waitDay", "type": "workflow.wait-until", "inputs": { "date": { "expression": "today() + 1 day" } } },
            { "id": "letter", "type": "test.send-letter" },
            { "id": "end", "type": "workflow.end", "inputs": { "outcome": "Sent" } }
          ],
          "connections": [
            { "source": { "activity": "waitDay", "port": "Done" }, "target": { "activity": "letter" } },
            { "source": { "activity": "letter", "port": "Done" }, "target": { "activity": "end" } }
          ]
        }
        """;

    public static readonly string[] All = [Dunning, Check, WaitThenGo, Burst];
}
