using System.Text.Json;
using Etrepaye.Collection.Features;
using Etrepaye.Collection.Features.Reports;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.IntegrationTests.Workflows;
using Etrepaye.Procedures.Features;
using Etrepaye.Procedures.Features.Instances;
using Etrepaye.Procedures.Features.Tasks;
using Etrepaye.Shared.Contracts;
using static Etrepaye.IntegrationTests.Collection.CollectionApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Collection;

/// <summary>
/// A whole case on virtual time, through the HTTP API and the host's durable engine: the company's procedure is started by the
/// case, reminds, calls, records a promise that is broken, sends a formal notice, blocks the customer, is handed over to an
/// agency, and ends when the payment settles the account.
/// </summary>
public sealed class CollectionCaseFlowTests : IAsyncLifetime
{
    private static readonly Guid _company = EtrepayeFactory.DemoClientCompanyId;
    private readonly ManualClock _clock = new(new DateTimeOffset(2030, 2, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly string _folder = CollectionFactory.NewFolder();
    private CollectionFactory _factory = null!;

    private const string Procedure = """
        {
          "definitionId": "collection-flow", "version": 1, "name": "Relances, appel, promesse, mise en demeure",
          "variables": [ { "name": "promisedDate", "type": "date" }, { "name": "promisedAmount", "type": "money" } ],
          "start": { "activity": "remind" },
          "activities": [
            { "id": "remind", "type": "collection.send-reminder", "inputs": { "channel": "letter", "level": 1 } },
            { "id": "call", "type": "collection.phone-call", "inputs": { "dueInDays": 2 },
              "outputs": { "promisedDate": "promisedDate", "promisedAmount": "promisedAmount" } },
            { "id": "promise", "type": "collection.promise-to-pay",
              "inputs": { "amount": { "expression": "promisedAmount" }, "promisedDate": { "expression": "promisedDate" }, "graceDays": 2 } },
            { "id": "notice", "type": "collection.send-formal-notice", "inputs": { "channel": "letter" } },
            { "id": "block", "type": "collection.block-customer", "inputs": { "reason": "Promesse non tenue" } },
            { "id": "handover", "type": "workflow.human-task",
              "inputs": { "title": "Transmettre le dossier à l'agence de recouvrement", "role": "CreditManager", "outcomes": ["HandedOver"] } },
            { "id": "kept", "type": "workflow.end", "inputs": { "outcome": "PromiseKept" } }
          ],
          "connections": [
            { "source": { "activity": "remind", "port": "Done" }, "target": { "activity": "call" } },
            { "source": { "activity": "call", "port": "Promise" }, "target": { "activity": "promise" } },
            { "source": { "activity": "call", "port": "NoAnswer" }, "target": { "activity": "notice" } },
            { "source": { "activity": "promise", "port": "Kept" }, "target": { "activity": "kept" } },
            { "source": { "activity": "promise", "port": "Broken" }, "target": { "activity": "notice" } },
            { "source": { "activity": "notice", "port": "Done" }, "target": { "activity": "block" } },
            { "source": { "activity": "block", "port": "Done" }, "target": { "activity": "handover" } }
          ],
          "eventHandlers": [
            { "event": "CollectionCaseClosed", "action": "end", "outcome": "Settled" },
            { "event": "CaseHandedOverToAgency", "action": "suspendUntil", "until": "CaseReturnedFromAgency" }
          ]
        }
        """;

    public async Task InitializeAsync()
    {
        _factory = new CollectionFactory(await TestDatabase.CreateAsync(), CollectionFactory.Settings(_folder), _clock);
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _factory.Database.DisposeAsync();
    }

    private async Task<HttpClient> AdminAsync() => await _factory.SignInAsync(DemoUsers.Admin);

    [Fact]
    public async Task FullCase_WhenThePromiseIsBrokenAndTheAgencyHoldsTheCaseUntilPayment_RemindsCallsNoticesBlocksAndEndsOnSettlement()
    {
        var admin = await AdminAsync();
        var procedure = await (await admin.PostJsonAsync($"/api/companies/{_company}/procedures/import", new { definition = JsonDocument.Parse(Procedure).RootElement }))
            .ReadAsync<ProcedureResponse>();
        await (await admin.PostJsonAsync($"/api/companies/{_company}/procedures/{procedure.Id}/publish", new { comment = "v1" })).ReadAsync<ProcedureResponse>();
        (await admin.PutAsync($"/api/companies/{_company}/procedures/assignment/defaults/CollectionCase",
            JsonContent(new { procedureId = procedure.Id }))).EnsureSuccessStatusCode();
        var customer = await CreateFrenchCustomerAsync(admin, _company);
        var invoice = await RecordAsync(admin, _company, "invoices", customer.Id, 1_200m, "2030-01-02", "2030-02-01");

        // Reminder, then the call task.
        await PublishOverdueAsync(_factory.Services, _company, invoice);
        var opened = await WaitForCaseAsync(admin, _company, customer.Id, d => d.Case.ProcedureInstanceId is not null);
        var caseId = opened.Case.Id;
        var reminder = await WaitForMessageAsync(admin, caseId, "reminder", "Sent");
        var call = await WaitForTaskAsync(admin, customer.Id, "call");
        (await admin.PostJsonAsync($"/api/companies/{_company}/tasks/{call.Id}/complete", new
        {
            outcome = "Promise",
            values = new { promisedDate = "2030-02-08", promisedAmount = "1200 EUR", note = "Paiement promis vendredi" },
        })).EnsureSuccessStatusCode();
        var promised = await WaitForCaseAsync(admin, _company, customer.Id, d => d.Promises.Count == 1);
        var pendingReport = await PromiseReportAsync(admin);

        // The grace ends on Tuesday 12 February without the money: broken promise, formal notice, block, handover task.
        _clock.Advance(TimeSpan.FromDays(11));
        admin = await AdminAsync();
        var notice = await WaitForMessageAsync(admin, caseId, "formal-notice", "Sent");
        var handover = await WaitForTaskAsync(admin, customer.Id, "handover");
        var broken = await WaitForCaseAsync(admin, _company, customer.Id, d => d.Actions.Any(a => a.Kind == "BlockRequested"));
        var brokenReport = await PromiseReportAsync(admin);

        // The credit manager hands the case over: the procedure is suspended and nothing more is sent.
        var agencyRecord = await AgenciesApi.CreateAgencyAsync(admin, _company, commissionRate: 10m);
        var agency = AgenciesApi.AgencyClient(_factory, await AgenciesApi.CreateKeyAsync(admin, _company, agencyRecord.Id));
        var handedOver = await (await AgenciesApi.HandOverAsync(admin, _company, caseId, customer.Id, agencyRecord.Id, [invoice.Id], "Promesse non tenue."))
            .ReadAsync<Etrepaye.Collection.Features.Agencies.AgencyCaseDetailResponse>();
        await WaitForCaseAsync(admin, _company, customer.Id, d => d.Case.Status == "WithAgency");
        await Eventually(async () => (await InstanceAsync(admin, opened.Case.ProcedureInstanceId!.Value)).Status == "Suspended", "the procedure waits while the agency holds the case");

        // The agency, with its key: reads the case and the company's history, accepts, reports, collects everything and closes.
        var agencyCaseUrl = $"/api/agency/cases/{handedOver.Case.Id}";
        var seenByAgency = await AgenciesApi.AgencyCaseAsync(agency, handedOver.Case.Id);
        (await agency.PostAsync($"{agencyCaseUrl}/accept", null)).EnsureSuccessStatusCode();
        _clock.Advance(TimeSpan.FromDays(5));
        admin = await AdminAsync();
        (await agency.PostJsonAsync($"{agencyCaseUrl}/updates", new { text = "Débiteur joint, virement annoncé.", nextActionDate = "2030-02-20" })).EnsureSuccessStatusCode();
        (await agency.PostJsonAsync($"{agencyCaseUrl}/collections", new { amount = 1_200m, reference = "VIR-AG-1" })).EnsureSuccessStatusCode();
        (await agency.PostJsonAsync($"{agencyCaseUrl}/close", new { outcome = "Recovered", note = "Payé en totalité." })).EnsureSuccessStatusCode();
        await WaitForCaseAsync(admin, _company, customer.Id, d => d.Case.Status == "Open");
        await Eventually(async () => (await InstanceAsync(admin, opened.Case.ProcedureInstanceId!.Value)).Status == "Running", "the procedure resumes when the agency returns the case");
        var returned = await AgenciesApi.AgencyCaseAsync(agency, handedOver.Case.Id);

        // The agency's transfer settles the account: the case closes and the procedure ends through its handler.
        _clock.Advance(TimeSpan.FromDays(2));
        admin = await AdminAsync();
        await PayAsync(admin, _company, invoice, 1_200m, "2030-02-20");
        var closed = await WaitForCaseAsync(admin, _company, customer.Id, d => d.Case.Status == "Closed");
        await Eventually(async () => (await InstanceAsync(admin, opened.Case.ProcedureInstanceId!.Value)).Status == "Completed", "the procedure ends");
        var instance = await InstanceAsync(admin, opened.Case.ProcedureInstanceId!.Value);

        reminder.Message.Channel.ShouldBe("Letter");
        reminder.Body.ShouldContain(invoice.Reference);
        reminder.Attachments.Select(a => a.FileName).ShouldContain(f => f.StartsWith("relance-", StringComparison.Ordinal));
        call.Outcomes.ShouldBe(["Promise", "Dispute", "NoAnswer", "WrongContact", "AlreadyPaid"]);
        var promise = promised.Promises.ShouldHaveSingleItem();
        (promise.Amount, promise.PromisedDate, promise.DueBy).ShouldBe((1_200m, new DateOnly(2030, 2, 8), new DateOnly(2030, 2, 12)));
        broken.Promises.ShouldHaveSingleItem().Status.ShouldBe("Broken");
        (pendingReport.Pending, pendingReport.Kept, pendingReport.Broken).ShouldBe((1, 0, 0));
        brokenReport.Currencies.ShouldHaveSingleItem().ShouldBe(new PromiseFigures("EUR", 0, 0m, 1, 1_200m, 0, 0m, 0m));
        broken.Actions.OrderBy(a => a.At).Select(a => (a.Kind, a.Detail)).ShouldBe([("CallCompleted", "Promise: Paiement promis vendredi"), ("BlockRequested", "Promesse non tenue")]);
        // 1,200 EUR late 12 days (2 to 13 February) at 2.15 % + 10 = 12.15 %: 4.793… → 4.79, and one 40 EUR indemnity.
        (notice.Principal, notice.Interest, notice.Indemnity).ShouldBe((1_200m, 4.79m, 40m));
        notice.Body.ShouldContain("mise en demeure", Case.Insensitive);
        notice.Attachments.Select(a => a.FileName).ShouldContain(f => f.StartsWith("mise-en-demeure-", StringComparison.Ordinal));
        handover.Title.ShouldBe("Transmettre le dossier à l'agence de recouvrement");
        seenByAgency.History.Select(e => e.Kind).ShouldBe(["Reminder", "CallCompleted", "PromiseBroken", "FormalNotice", "BlockRequested", "HandedOver"], ignoreOrder: true);
        seenByAgency.History.Single(e => e.Kind == "Reminder").ShouldSatisfyAllConditions(
            e => e.On.ShouldBe(new DateOnly(2030, 2, 2)), e => e.Text.ShouldNotBeNull().ShouldStartWith("Level 1 reminder by Letter"));
        seenByAgency.History.Single(e => e.Kind == "PromiseBroken").Text.ShouldNotBeNull().ShouldSatisfyAllConditions(
            text => text.ShouldStartWith("Promised 1200.00 EUR by 2030-02-08"), text => text.ShouldContain("(Broken on 2030-02-1"));
        (returned.Case.Status, returned.Case.Outcome, returned.Case.CollectedAmount, returned.Case.FeesAmount, returned.Case.Outstanding)
            .ShouldBe(("Closed", "Recovered", 1_200m, 120m, 0m));
        returned.History.Select(e => e.Kind).ShouldContain("StatusUpdate");
        returned.History.Select(e => e.Kind).ShouldContain("Closed");
        (await OutboxPayloadsAsync(_factory.Services, "CaseReturnedFromAgency")).ShouldContain(p => p.Contains(caseId.ToString(), StringComparison.Ordinal) && p.Contains("Recovered", StringComparison.Ordinal));
        closed.Case.CloseReason.ShouldBe("Settled");
        closed.Messages.Select(m => (m.Kind, m.Status)).ShouldBe([("reminder", "Sent"), ("formal-notice", "Sent")]);
        (instance.Status, instance.Outcome).ShouldBe(("Completed", "Settled"));
        Directory.GetFiles(Path.Combine(_folder, "letters"), "*.pdf", SearchOption.AllDirectories).Length.ShouldBe(2);
        foreach (var (eventName, count) in new[] { ("PromiseToPayRecorded", 1), ("PromiseBroken", 1), ("FormalNoticeSent", 1), ("CustomerBlockRequested", 1), ("CollectionCaseClosed", 1) })
        {
            (await OutboxPayloadsAsync(_factory.Services, eventName)).Count(p => p.Contains(caseId.ToString(), StringComparison.Ordinal)).ShouldBe(count, eventName);
        }
    }

    private static async Task<PromiseReportResponse> PromiseReportAsync(HttpClient client) =>
        await (await client.GetAsync($"/api/companies/{_company}/collection/reports/promises?from=2030-02-01&to=2030-02-28")).ReadAsync<PromiseReportResponse>();

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, Json.Options), System.Text.Encoding.UTF8, "application/json");

    private static async Task<MessageResponse> WaitForMessageAsync(HttpClient client, Guid caseId, string kind, string status)
    {
        MessageResponse? found = null;
        await Eventually(async () =>
        {
            var page = await (await client.GetAsync($"{Url(_company)}/messages?caseId={caseId}")).ReadAsync<PagedResult<MessageSummaryResponse>>();
            if (page.Items.FirstOrDefault(m => m.Kind == kind && m.Status == status) is not { } message)
            {
                return false;
            }

            found = await (await client.GetAsync($"{Url(_company)}/messages/{message.Id}")).ReadAsync<MessageResponse>();
            return true;
        }, $"the {kind} message is {status}");
        return found!;
    }

    private static async Task<TaskResponse> WaitForTaskAsync(HttpClient client, Guid customerId, string activityId)
    {
        TaskResponse? found = null;
        await Eventually(async () =>
        {
            var page = await (await client.GetAsync($"/api/companies/{_company}/tasks?customer={customerId}&activityId={activityId}")).ReadAsync<PagedResult<TaskResponse>>();
            found = page.Items.FirstOrDefault();
            return found is not null;
        }, $"the {activityId} task is open");
        return found!;
    }

    private static async Task<ProcedureInstanceResponse> InstanceAsync(HttpClient client, Guid instanceId) =>
        await (await client.GetAsync($"/api/companies/{_company}/procedure-instances/{instanceId}")).ReadAsync<ProcedureInstanceResponse>();
}
