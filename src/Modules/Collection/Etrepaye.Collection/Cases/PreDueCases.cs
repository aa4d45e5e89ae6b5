using System.Text.Json;
using Etrepaye.Access.Contracts;
using Etrepaye.Collection.Data;
using Etrepaye.Collection.Domain;
using Etrepaye.Procedures.Contracts;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Shared.Hosting;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Workflows.Definitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Etrepaye.Collection.Cases;

/// <summary>How a procedure says it acts before the due date: a start input of type duration with this name, its default the lead time.</summary>
internal static class PreDue
{
    public const string LeadInput = "preDueLead";

    public const string InvoiceInput = "invoice";

    /// <summary>The lead time in calendar days the procedure declares (weeks count 7 days); null when it declares none.</summary>
    public static int? LeadDays(AssignedProcedure? procedure)
    {
        if (procedure is null || !procedure.InputDefaults.TryGetValue(LeadInput, out var raw) || raw is not { ValueKind: JsonValueKind.String } value)
        {
            return null;
        }

        if (!Duration.TryParse(value.GetString(), out var lead))
        {
            return null;
        }

        // Business days and months are approximated generously: opening a day early only adds a day before the procedure's own wait.
        return lead.Unit switch
        {
            DurationUnit.Days or DurationUnit.Weeks when lead.ToDays().Amount > 0 => lead.ToDays().Amount,
            DurationUnit.BusinessDays when lead.Amount > 0 => (lead.Amount * 7 + 4) / 5 + 2,
            DurationUnit.Months when lead.Amount > 0 => lead.Amount * 31,
            _ => null,
        };
    }
}

/// <summary>
/// When an invoice is issued and the procedure assigned to its customer declares a pre-due lead time, the case must open that many
/// days before the due date: a watch is recorded for that date (once per invoice: its id is the invoice's).
/// </summary>
internal sealed class WatchInvoiceFallingDue(
    CollectionDbContext db, RequestContext requestContext, TimeProvider timeProvider, IProcedureStarter procedures, ICompanyClock clock)
    : IntegrationEventHandler<InvoiceIssued, CollectionDbContext>(db, requestContext, timeProvider)
{
    protected override async Task HandleAsync(InvoiceIssued e, CancellationToken cancellationToken)
    {
        var today = await clock.TodayAsync(e.CompanyId, cancellationToken);
        if (e.DueDate <= today || await Db.PreDueWatches.AnyAsync(w => w.Id == e.InvoiceId, cancellationToken))
        {
            return;
        }

        if (PreDue.LeadDays(await procedures.FindAssignedProcedureAsync(e.CustomerId, ProcedurePurpose.CollectionCase, cancellationToken)) is not { } lead)
        {
            return;
        }

        Db.PreDueWatches.Add(new PreDueWatch
        {
            Id = e.InvoiceId,
            CompanyId = e.CompanyId,
            CustomerId = e.CustomerId,
            InvoiceId = e.InvoiceId,
            DueDate = e.DueDate,
            OpenOn = e.DueDate.AddDays(-lead),
            Status = "Pending",
        });
    }
}

/// <summary>
/// The pre-due check: opens the case of each watched invoice once its company's date reaches the watch's date, when the invoice is
/// still open, not yet due, and its customer has no case open (an open case simply goes on). Each watch is claimed by a conditional
/// update in the transaction that opens the case, so two processes never open two cases for it. The overdue path is unchanged: when
/// the invoice later becomes overdue, the case already open continues.
/// </summary>
internal sealed partial class PreDueCheck(
    IServiceScopeFactory scopeFactory, IOptions<Communications.CollectionOptions> options, TimeProvider timeProvider, ILogger<PreDueCheck> logger)
    : PollingWorker(timeProvider, logger)
{
    protected override bool Enabled => options.Value.PreDueCheckEnabled;

    protected override TimeSpan PollInterval => options.Value.PreDueCheckInterval;

    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        List<PreDueWatch> due;
        await using (var scope = scopeFactory.CreateAsyncScope())
        {
            // A day ahead of UTC covers every time zone; each company's own date decides below.
            var horizon = DateOnly.FromDateTime(TimeProvider.GetUtcNow().UtcDateTime).AddDays(1);
            due = await scope.ServiceProvider.GetRequiredService<CollectionDbContext>().PreDueWatches.IgnoreQueryFilters().AsNoTracking()
                .Where(w => w.Status == "Pending" && w.OpenOn <= horizon)
                .OrderBy(w => w.OpenOn)
                .Take(100)
                .ToListAsync(cancellationToken);
        }

        var opened = 0;
        foreach (var watch in due)
        {
            opened += await OpenAsync(watch, cancellationToken) ? 1 : 0;
        }

        return opened;
    }

    private async Task<bool> OpenAsync(PreDueWatch watch, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(watch.CompanyId, "pre-due-check");
        var today = await scope.ServiceProvider.GetRequiredService<ICompanyClock>().TodayAsync(watch.CompanyId, cancellationToken);
        if (today < watch.OpenOn)
        {
            return false;
        }

        var db = scope.ServiceProvider.GetRequiredService<CollectionDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var status = today < watch.DueDate ? "Opened" : "Skipped";
        if (await db.PreDueWatches.Where(w => w.Id == watch.Id && w.Status == "Pending").ExecuteUpdateAsync(set => set.SetProperty(w => w.Status, status), cancellationToken) == 0)
        {
            return false;
        }

        var opened = false;
        if (status == "Opened")
        {
            var hadCase = await db.Cases.AnyAsync(c => c.CustomerId == watch.CustomerId && c.Status != CaseStatus.Closed, cancellationToken);
            var collectionCase = await scope.ServiceProvider.GetRequiredService<CaseMaintenance>()
                .RefreshAsync(watch.CustomerId, today, openIfOverdue: true, cancellationToken, openIfDueBy: watch.DueDate);
            opened = !hadCase && collectionCase is not null;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (opened)
        {
            scope.ServiceProvider.GetService<OutboxSignal>()?.Notify();
            LogOpened(watch.CompanyId, watch.CustomerId, watch.InvoiceId);
        }

        return opened;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pre-due case opened for company {CompanyId}, customer {CustomerId} (invoice {InvoiceId}).")]
    private partial void LogOpened(Guid companyId, Guid customerId, Guid invoiceId);
}
