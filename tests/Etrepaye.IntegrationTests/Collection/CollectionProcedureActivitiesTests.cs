using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Etrepaye.Collection.Features;
using Etrepaye.Collection.Features.CaseLinks;
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
/// Collection activities run by the host's durable engine in a case's procedure, on virtual time and on both database providers:
/// a reminder confirmed by an operator who reads its text in the task, a case opened before the due date for a procedure that
/// declares a pre-due lead time, and a payment plan whose missed instalment escalates to the credit manager before the customer
/// is unblocked.
/// </summary>
public sealed class CollectionProcedureActivitiesTests : IAsyncLifetime
{
    private static readonly Guid _company = EtrepayeFactory.DemoClientCompanyId;
    private readonly ManualClock _clock = new(new DateTimeOffset(2030, 2, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly string _folder = CollectionFactory.NewFolder();
    private CollectionFactory _factory = null!;

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

    [Fact]
    public async Task ConfirmBeforeSending_WhenTheReminderIsRendered_TheTaskShowsItsTextAndSendOutcomeSendsIt()
    {
        var admin = await AdminAsync();
        await AssignAsync(admin, """
            {
              "definitionId": "confirmed-reminder", "version": 1, "name": "Relance confirmée",
              "start": { "activity": "remind" },
              "activities": [
                { "id": "remind", "type": "collection.send-reminder", "inputs": { "channel": "letter", "level": 2, "confirmBeforeSending": true, "attachStatement": false } },
                { "id": "sent", "type": "workflow.end", "inputs": { "outcome": "Sent" } },
                { "id": "dropped", "type": "workflow.end", "inputs": { "outcome": "Dropped" } }
              ],
              "connections": [
                { "source": { "activity": "remind", "port": "Done" }, "target": { "activity": "sent" } },
                { "source": { "activity": "remind", "port": "Cancelled" }, "target": { "activity": "dropped" } }
              ]
            }
            """);
        var customer = await CreateFrenchCustomerAsync(admin, _company);
        var invoice = await RecordAsync(admin, _company, "invoices", customer.Id, 1_234.5m, "2030-01-02", "2030-02-01");

        await PublishOverdueAsync(_factory.Services, _company, invoice);
        var opened = await WaitForCaseAsync(admin, _company, customer.Id, d => d.Case.ProcedureInstanceId is not null);
        var task = await WaitForTaskAsync(admin, customer.Id, "remind");
        var awaiting = await (await admin.GetAsync($"{Url(_company)}/messages?caseId={opened.Case.Id}")).ReadAsync<PagedResult<MessageSummaryResponse>>();
        var message = await (await admin.GetAsync($"{Url(_company)}/messages/{awaiting.Items.ShouldHaveSingleItem().Id}")).ReadAsync<MessageResponse>();
        (await admin.PostJsonAsync($"/api/companies/{_company}/tasks/{task.Id}/complete", new { outcome = "Send", values = new { } })).EnsureSuccessStatusCode();
        var sent = await WaitForMessageAsync(admin, opened.Case.Id, "reminder", "Sent");
        await Eventually(async () => (await InstanceAsync(admin, opened.Case.ProcedureInstanceId!.Value)).Status == "Completed", "the procedure ends");
        var instance = await InstanceAsync(admin, opened.Case.ProcedureInstanceId!.Value);

        message.Message.Status.ShouldBe("AwaitingConfirmation");
        task.Title.ShouldBe("Confirm the level 2 reminder before it is sent");
        task.Outcomes.ShouldBe(["Send", "Cancel"]);
        task.Description.ShouldNotBeNull().ShouldSatisfyAllConditions(
            d => d.ShouldContain($"Subject: {message.Message.Subject}"),
            d => d.ShouldContain(message.Body.Trim()),
            d => d.ShouldContain("Relance n°2 : factures impayées"),
            d => d.ShouldContain(invoice.Reference),
            d => d.ShouldContain("1 234,50 EUR"),
            d => d.ShouldStartWith("Letter to Société Générale d'Électricité"));
        sent.Message.Id.ShouldBe(message.Message.Id);
        (instance.Status, instance.Outcome).ShouldBe(("Completed", "Sent"));
    }

    [Fact]
    public async Task PreDueCase_WhenTheProcedureDeclaresALeadTime_OpensBeforeTheDueDateSendsTheCourtesyReminderAndContinuesOnceOverdue()
    {
        // Issued Saturday 2 February 2030, due Friday 15 February; the procedure acts 5 days before: the case opens on Sunday 10 February.
        var admin = await AdminAsync();
        await AssignAsync(admin, """
            {
              "definitionId": "pre-due", "version": 1, "name": "Rappel d'échéance puis relance",
              "inputs": [
                { "name": "invoice", "type": { "kind": "record", "fields": [ { "name": "id", "type": "string" }, { "name": "dueDate", "type": "date" }, { "name": "amount", "type": "money" } ] },
                  "default": { "id": "", "dueDate": "2000-01-01", "amount": "0 EUR" } },
                { "name": "preDueLead", "type": "duration", "default": "5 days" }
              ],
              "start": { "activity": "courtesy" },
              "activities": [
                { "id": "courtesy", "type": "collection.send-reminder", "inputs": { "channel": "letter", "level": 0, "attachStatement": false } },
                { "id": "waitReminder", "type": "workflow.wait-until", "inputs": { "date": { "expression": "invoice.dueDate + 3 days" }, "time": "09:00" } },
                { "id": "reminder", "type": "collection.send-reminder", "inputs": { "channel": "letter", "level": 1, "attachStatement": false } }
              ],
              "connections": [
                { "source": { "activity": "courtesy", "port": "Done" }, "target": { "activity": "waitReminder" } },
                { "source": { "activity": "waitReminder", "port": "Done" }, "target": { "activity": "reminder" } }
              ],
              "eventHandlers": [ { "event": "CollectionCaseClosed", "action": "end", "outcome": "Settled" } ]
            }
            """);
        var customer = await CreateFrenchCustomerAsync(admin, _company);
        var invoice = await RecordAsync(admin, _company, "invoices", customer.Id, 6_000m, "2030-02-02", "2030-02-15");
        var other = await RecordAsync(admin, _company, "invoices", customer.Id, 900m, "2030-02-02", "2030-04-30");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var before = await (await admin.GetAsync($"{Url(_company)}/cases?customerId={customer.Id}")).ReadAsync<PagedResult<CaseSummaryResponse>>();

        _clock.Advance(TimeSpan.FromDays(8));
        admin = await AdminAsync();
        var opened = await WaitForCaseAsync(admin, _company, customer.Id, d => d.Case.ProcedureInstanceId is not null);
        var courtesy = await WaitForMessageAsync(admin, opened.Case.Id, "reminder", "Sent");
        var started = await InstanceAsync(admin, opened.Case.ProcedureInstanceId!.Value);

        // Overdue on Saturday 16 February: the same case goes on, and reminder 1 goes on Monday 18 February (due + 3 days).
        _clock.Advance(TimeSpan.FromDays(6));
        admin = await AdminAsync();
        await PublishOverdueAsync(_factory.Services, _company, invoice);
        var overdue = await WaitForCaseAsync(admin, _company, customer.Id, d => d.Case.OverdueItemCount == 1);
        _clock.Advance(TimeSpan.FromDays(2));
        admin = await AdminAsync();
        await Eventually(async () => (await CaseAsync(admin, opened.Case.Id)).Messages.Count(m => m.Status == "Sent") == 2, "reminder 1 is sent");
        var cases = await (await admin.GetAsync($"{Url(_company)}/cases?customerId={customer.Id}")).ReadAsync<PagedResult<CaseSummaryResponse>>();
        var messages = (await CaseAsync(admin, opened.Case.Id)).Messages.OrderBy(m => m.Level).ToList();

        before.Items.ShouldBeEmpty();
        (opened.Case.OpenedOn, opened.Case.LeaderItemId, opened.Case.LeaderDueDate).ShouldBe((new DateOnly(2030, 2, 10), invoice.Id, new DateOnly(2030, 2, 15)));
        (opened.Case.OverdueAmount, opened.Case.OverdueItemCount).ShouldBe((0m, 0));
        started.Inputs.GetProperty("invoice").GetProperty("id").GetString().ShouldBe(invoice.Id.ToString());
        started.Inputs.GetProperty("invoice").GetProperty("dueDate").GetString().ShouldBe("2030-02-15");
        courtesy.Message.Level.ShouldBe(0);
        courtesy.Message.Subject.ShouldBe("Rappel d'échéance - Société Générale d'Électricité");
        courtesy.Body.ShouldSatisfyAllConditions(
            b => b.ShouldContain("arrivent prochainement à échéance"),
            b => b.ShouldContain($"{invoice.Reference} du 02/02/2030, à échéance le 15/02/2030 : 6 000,00 EUR"),
            b => b.ShouldNotContain(other.Reference),
            b => b.ShouldNotContain("retard"));
        courtesy.ItemIds.ShouldBe([invoice.Id]);
        overdue.Case.Id.ShouldBe(opened.Case.Id);
        (overdue.Case.LeaderItemId, overdue.Case.OverdueAmount).ShouldBe((invoice.Id, 6_000m));
        cases.Items.ShouldHaveSingleItem().Id.ShouldBe(opened.Case.Id);
        messages.Select(m => (m.Level, m.Status)).ShouldBe([(0, "Sent"), (1, "Sent")]);
        messages[1].Subject.ShouldStartWith("Rappel : factures échues");
    }

    [Fact]
    public async Task PaymentPlan_WhenTheSecondInstalmentIsMissed_EscalatesToTheCreditManagerThenUnblocksTheCustomer()
    {
        var admin = await AdminAsync();
        await AssignAsync(admin, """
            {
              "definitionId": "plan-escalation", "version": 1, "name": "Échéancier, escalade, déblocage",
              "start": { "activity": "block" },
              "activities": [
                { "id": "block", "type": "collection.block-customer", "inputs": { "reason": "Retard de paiement" } },
                { "id": "plan", "type": "collection.payment-plan",
                  "inputs": { "instalments": [ { "dueDate": "2030-02-05", "amount": "600 EUR" }, { "dueDate": "2030-02-12", "amount": "600 EUR" } ] } },
                { "id": "escalate", "type": "collection.escalate-case", "inputs": { "to": "credit-manager", "channel": "task", "note": "Échéance 2 manquée", "dueInDays": 3 } },
                { "id": "unblock", "type": "collection.unblock-customer", "inputs": { "reason": "Décision du directeur crédit" } },
                { "id": "paid", "type": "workflow.end", "inputs": { "outcome": "PlanCompleted" } },
                { "id": "escalated", "type": "workflow.end", "inputs": { "outcome": "Escalated" } },
                { "id": "stopped", "type": "workflow.end", "inputs": { "outcome": "Stopped" } }
              ],
              "connections": [
                { "source": { "activity": "block", "port": "Done" }, "target": { "activity": "plan" } },
                { "source": { "activity": "plan", "port": "Completed" }, "target": { "activity": "paid" } },
                { "source": { "activity": "plan", "port": "Missed" }, "target": { "activity": "escalate" } },
                { "source": { "activity": "escalate", "port": "Done" }, "target": { "activity": "unblock" } },
                { "source": { "activity": "escalate", "port": "Stop" }, "target": { "activity": "stopped" } },
                { "source": { "activity": "unblock", "port": "Done" }, "target": { "activity": "escalated" } }
              ]
            }
            """);
        var customer = await CreateFrenchCustomerAsync(admin, _company);
        var invoice = await RecordAsync(admin, _company, "invoices", customer.Id, 1_200m, "2030-01-02", "2030-02-01");

        await PublishOverdueAsync(_factory.Services, _company, invoice);
        var opened = await WaitForCaseAsync(admin, _company, customer.Id, d => d.PaymentPlans.Count == 1);
        var caseId = opened.Case.Id;
        await PayAsync(admin, _company, invoice, 600m, "2030-02-02");
        await WaitForCaseAsync(admin, _company, customer.Id, d => d.PaymentPlans[0].Received == 600m);

        // Wednesday 6 February: the first instalment is found paid; Wednesday 13 February: the second is missed.
        _clock.Advance(TimeSpan.FromDays(4));
        admin = await AdminAsync();
        await WaitForCaseAsync(admin, _company, customer.Id, d => d.PaymentPlans[0].Instalments[0].Status == "Paid");
        _clock.Advance(TimeSpan.FromDays(7));
        admin = await AdminAsync();
        var task = await WaitForTaskAsync(admin, customer.Id, "escalate");
        var missed = await CaseAsync(admin, caseId);
        (await admin.PostJsonAsync($"/api/companies/{_company}/tasks/{task.Id}/complete", new { outcome = "Continue", values = new { answer = "Débloquer, le client a un accord." } }))
            .EnsureSuccessStatusCode();
        await Eventually(async () => (await InstanceAsync(admin, opened.Case.ProcedureInstanceId!.Value)).Status == "Completed", "the procedure ends");
        var instance = await InstanceAsync(admin, opened.Case.ProcedureInstanceId!.Value);
        // The unblock is an effect, performed after the step that ended the instance committed.
        await Eventually(async () => (await CaseAsync(admin, caseId)).Actions.Count == 2, "the unblock is recorded");
        var final = await CaseAsync(admin, caseId);

        var plan = missed.PaymentPlans.ShouldHaveSingleItem();
        (plan.Total, plan.Received, plan.Status, plan.AgreedOn).ShouldBe((1_200m, 600m, "Broken", new DateOnly(2030, 2, 2)));
        plan.Instalments.Select(i => (i.Number, i.DueDate, i.Status)).ShouldBe([(1, new DateOnly(2030, 2, 5), "Paid"), (2, new DateOnly(2030, 2, 12), "Missed")]);
        (task.Title, task.Role, task.Priority, task.Description).ShouldBe(("Collection case escalated to the credit manager", "CreditManager", "High", "Échéance 2 manquée"));
        task.DueDate.ShouldBe(new DateOnly(2030, 2, 18));
        (instance.Status, instance.Outcome).ShouldBe(("Completed", "Escalated"));
        final.Actions.OrderBy(a => a.At).Select(a => (a.Kind, a.Detail)).ShouldBe([("BlockRequested", "Retard de paiement"), ("UnblockRequested", "Décision du directeur crédit")]);
        (await OutboxPayloadsAsync(_factory.Services, "PaymentPlanInstalmentMissed")).ShouldHaveSingleItem().ShouldContain(caseId.ToString());
        (await OutboxPayloadsAsync(_factory.Services, "CustomerUnblockRequested")).ShouldHaveSingleItem().ShouldContain(customer.Id.ToString());
        (await OutboxPayloadsAsync(_factory.Services, "CustomerBlockRequested")).ShouldHaveSingleItem().ShouldContain(customer.Id.ToString());
    }

    [Fact]
    public async Task PhoneCall_WhenTheOperatorCompletesItWithNoAnswer_RecordsOneCallCompletedActionWithTheNote()
    {
        var admin = await AdminAsync();
        await AssignAsync(admin, """
            {
              "definitionId": "call-no-answer", "version": 1, "name": "Appel sans réponse",
              "start": { "activity": "call" },
              "activities": [
                { "id": "call", "type": "collection.phone-call", "inputs": { "dueInDays": 2 } },
                { "id": "unanswered", "type": "workflow.end", "inputs": { "outcome": "Unanswered" } },
                { "id": "other", "type": "workflow.end", "inputs": { "outcome": "Other" } }
              ],
              "connections": [
                { "source": { "activity": "call", "port": "NoAnswer" }, "target": { "activity": "unanswered" } },
                { "source": { "activity": "call", "port": "WrongContact" }, "target": { "activity": "other" } }
              ]
            }
            """);
        var customer = await CreateFrenchCustomerAsync(admin, _company);
        var invoice = await RecordAsync(admin, _company, "invoices", customer.Id, 900m, "2030-01-02", "2030-02-01");
        await PublishOverdueAsync(_factory.Services, _company, invoice);
        var opened = await WaitForCaseAsync(admin, _company, customer.Id, d => d.Case.ProcedureInstanceId is not null);
        var task = await WaitForTaskAsync(admin, customer.Id, "call");

        (await admin.PostJsonAsync($"/api/companies/{_company}/tasks/{task.Id}/complete", new { outcome = "NoAnswer", values = new { note = "Personne au standard, rappeler lundi" } }))
            .EnsureSuccessStatusCode();
        await Eventually(async () => (await InstanceAsync(admin, opened.Case.ProcedureInstanceId!.Value)).Status == "Completed", "the procedure ends");
        await Eventually(async () => (await CaseAsync(admin, opened.Case.Id)).Actions.Count > 0, "the call is recorded");
        var instance = await InstanceAsync(admin, opened.Case.ProcedureInstanceId!.Value);
        var recorded = await CaseAsync(admin, opened.Case.Id);
        var managerOfOtherCompany = await _factory.SignInAsync(DemoUsers.CreditManager);
        var readByOther = await managerOfOtherCompany.GetAsync($"{Url(_company)}/cases/{opened.Case.Id}");

        (instance.Status, instance.Outcome).ShouldBe(("Completed", "Unanswered"));
        recorded.Actions.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            a => a.Kind.ShouldBe("CallCompleted"),
            a => a.Detail.ShouldBe("NoAnswer: Personne au standard, rappeler lundi"),
            a => a.By.ShouldBe(DemoUsers.Admin),
            a => a.On.ShouldBe(new DateOnly(2030, 2, 2)));
        await readByOther.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }

    private const string EscalationByEmail = """
        {
          "definitionId": "escalation-link", "version": 1, "name": "Escalade au commercial",
          "start": { "activity": "escalate" },
          "activities": [
            { "id": "escalate", "type": "collection.escalate-case",
              "inputs": { "to": "account-manager", "channel": "email", "note": "Le client conteste-t-il la livraison ?", "dueInDays": 3, "waitForAnswer": true } },
            { "id": "answered", "type": "workflow.end", "inputs": { "outcome": "Answered" } },
            { "id": "unanswered", "type": "workflow.end", "inputs": { "outcome": "Unanswered" } }
          ],
          "connections": [
            { "source": { "activity": "escalate", "port": "Done" }, "target": { "activity": "answered" } },
            { "source": { "activity": "escalate", "port": "Timeout" }, "target": { "activity": "unanswered" } }
          ]
        }
        """;

    [Fact]
    public async Task EscalationLink_WhenAColleagueWithoutAnAccountAnswers_ShowsTheCaseRecordsTheAnswerAndResumesTheProcedure()
    {
        var admin = await AdminAsync();
        await AssignAsync(admin, EscalationByEmail);
        var customer = await CreateFrenchCustomerAsync(admin, _company);
        var invoice = await RecordAsync(admin, _company, "invoices", customer.Id, 2_500m, "2030-01-02", "2030-02-01");
        await PublishOverdueAsync(_factory.Services, _company, invoice);
        var opened = await WaitForCaseAsync(admin, _company, customer.Id, d => d.Messages.Count == 1);
        var mail = await (await admin.GetAsync($"{Url(_company)}/messages/{opened.Messages[0].Id}")).ReadAsync<MessageResponse>();
        var token = TokenOf(mail.Body);
        var anonymous = _factory.CreateClient();

        var read = await (await WithToken(anonymous, HttpMethod.Get, "/api/case-links/case", token)).ReadAsync<LinkedCaseResponse>();
        var missingName = await WithToken(anonymous, HttpMethod.Post, "/api/case-links/answer", token, new { name = "", answer = "Oui" });
        var answered = await (await WithToken(anonymous, HttpMethod.Post, "/api/case-links/answer", token, new { name = "Marc Vendeur", answer = "Livraison contestée, je les appelle." }))
            .ReadAsync<CaseLinkAnswerResponse>();
        var again = await WithToken(anonymous, HttpMethod.Get, "/api/case-links/case", token);
        await Eventually(async () => (await InstanceAsync(admin, opened.Case.ProcedureInstanceId!.Value)).Status == "Completed", "the procedure goes on with the answer");
        var instance = await InstanceAsync(admin, opened.Case.ProcedureInstanceId!.Value);
        var final = await CaseAsync(admin, opened.Case.Id);
        var links = await (await admin.GetAsync($"{Url(_company)}/cases/{opened.Case.Id}/links")).ReadAsync<List<CaseLinkResponse>>();

        mail.Message.Recipient.ShouldBe("am@example.com");
        mail.Body.ShouldContain("Pour lire le dossier (historique des relances et actions) et répondre, sans compte : http://localhost:5080/case-link#");
        (read.CustomerName, read.Question, read.RecipientEmail, read.OverdueAmount, read.Currency).ShouldBe(
            ("Société Générale d'Électricité", "Le client conteste-t-il la livraison ?", "am@example.com", 2_500m, "EUR"));
        read.Items.ShouldHaveSingleItem().ShouldSatisfyAllConditions(i => i.Reference.ShouldBe(invoice.Reference), i => i.CollectibleAmount.ShouldBe(2_500m));
        read.RecentActions.ShouldContain(e => e.Kind == "escalation" && e.Text.Contains("votre avis est demandé", StringComparison.Ordinal));
        await missingName.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        (await missingName.Content.ReadAsStringAsync()).ShouldContain("name", Case.Insensitive);
        answered.CustomerName.ShouldBe("Société Générale d'Électricité");
        await again.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        (await again.Content.ReadAsStringAsync()).ShouldContain("already used to answer");
        (instance.Status, instance.Outcome).ShouldBe(("Completed", "Answered"));
        final.Actions.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            a => a.Kind.ShouldBe("EscalationAnswered"), a => a.Detail.ShouldBe("Livraison contestée, je les appelle."),
            a => a.By.ShouldBe("Marc Vendeur (am@example.com, by link)"));
        links.ShouldHaveSingleItem().ShouldSatisfyAllConditions(l => l.Status.ShouldBe("Answered"), l => l.AnsweredBy.ShouldBe("Marc Vendeur"));
        (await OutboxPayloadsAsync(_factory.Services, "CaseEscalationAnswered")).ShouldHaveSingleItem().ShouldContain(opened.Case.Id.ToString());
    }

    [Fact]
    public async Task EscalationLink_WhenExpiredRevokedTamperedOrOfAnotherCompany_IsRefusedWithProblemDetails()
    {
        var admin = await AdminAsync();
        await AssignAsync(admin, EscalationByEmail);
        var customer = await CreateFrenchCustomerAsync(admin, _company);
        var invoice = await RecordAsync(admin, _company, "invoices", customer.Id, 700m, "2030-01-02", "2030-02-01");
        await PublishOverdueAsync(_factory.Services, _company, invoice);
        var opened = await WaitForCaseAsync(admin, _company, customer.Id, d => d.Messages.Count == 1);
        var token = TokenOf((await (await admin.GetAsync($"{Url(_company)}/messages/{opened.Messages[0].Id}")).ReadAsync<MessageResponse>()).Body);
        var link = (await (await admin.GetAsync($"{Url(_company)}/cases/{opened.Case.Id}/links")).ReadAsync<List<CaseLinkResponse>>()).ShouldHaveSingleItem();
        var anonymous = _factory.CreateClient();
        var managerOfOtherCompany = await _factory.SignInAsync(DemoUsers.CreditManager);
        var tampered = (token[0] == 'A' ? "B" : "A") + token[1..];

        var withoutToken = await anonymous.GetAsync("/api/case-links/case");
        var withTampered = await WithToken(anonymous, HttpMethod.Get, "/api/case-links/case", tampered);
        var listedByOther = await managerOfOtherCompany.GetAsync($"{Url(_company)}/cases/{opened.Case.Id}/links");
        var revokedByOther = await managerOfOtherCompany.PostAsync($"{Url(EtrepayeFactory.DemoCompanyId)}/cases/{opened.Case.Id}/links/{link.Id}/revoke", null);

        // Sixteen days later (the link lives 14): expired; the procedure's wait (3 business days) ended without an answer.
        _clock.Advance(TimeSpan.FromDays(16));
        admin = await AdminAsync();
        var expired = await WithToken(anonymous, HttpMethod.Get, "/api/case-links/case", token);
        await Eventually(async () => (await InstanceAsync(admin, opened.Case.ProcedureInstanceId!.Value)).Status == "Completed", "the wait times out");
        var instance = await InstanceAsync(admin, opened.Case.ProcedureInstanceId!.Value);
        var revoked = await (await admin.PostAsync($"{Url(_company)}/cases/{opened.Case.Id}/links/{link.Id}/revoke", null)).ReadAsync<CaseLinkResponse>();
        var revokedAgain = await admin.PostAsync($"{Url(_company)}/cases/{opened.Case.Id}/links/{link.Id}/revoke", null);
        var afterRevocation = await WithToken(anonymous, HttpMethod.Post, "/api/case-links/answer", token, new { name = "X", answer = "Trop tard" });

        await withoutToken.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await withTampered.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        withTampered.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        await listedByOther.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await revokedByOther.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        await expired.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        (await expired.Content.ReadAsStringAsync()).ShouldContain("This link expired on");
        (instance.Status, instance.Outcome).ShouldBe(("Completed", "Unanswered"));
        (revoked.Status, revoked.RevokedBy).ShouldBe(("Revoked", DemoUsers.Admin));
        await revokedAgain.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        await afterRevocation.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        (await afterRevocation.Content.ReadAsStringAsync()).ShouldContain("This link was revoked");
        (await CaseAsync(admin, opened.Case.Id)).Actions.ShouldBeEmpty();
    }

    private static string TokenOf(string body)
    {
        var token = Regex.Match(body, "/case-link#([A-Za-z0-9_-]{43})").Groups[1].Value;
        token.ShouldNotBeNullOrEmpty();
        return token;
    }

    private static async Task<HttpResponseMessage> WithToken(HttpClient client, HttpMethod method, string url, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add("X-Link-Token", token);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, Json.Options), System.Text.Encoding.UTF8, "application/json");
        }

        return await client.SendAsync(request);
    }

    private async Task<HttpClient> AdminAsync() => await _factory.SignInAsync(DemoUsers.Admin);

    private static async Task AssignAsync(HttpClient admin, string definition)
    {
        var procedure = await (await admin.PostJsonAsync($"/api/companies/{_company}/procedures/import", new { definition = JsonDocument.Parse(definition).RootElement }))
            .ReadAsync<ProcedureResponse>();
        await (await admin.PostJsonAsync($"/api/companies/{_company}/procedures/{procedure.Id}/publish", new { comment = "v1" })).ReadAsync<ProcedureResponse>();
        (await admin.PutAsync($"/api/companies/{_company}/procedures/assignment/defaults/CollectionCase",
            new StringContent(JsonSerializer.Serialize(new { procedureId = procedure.Id }, Json.Options), System.Text.Encoding.UTF8, "application/json")))
            .EnsureSuccessStatusCode();
    }

    private static async Task<CaseDetailResponse> CaseAsync(HttpClient client, Guid caseId) =>
        await (await client.GetAsync($"{Url(_company)}/cases/{caseId}")).ReadAsync<CaseDetailResponse>();

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
