using Etrepaye.Access.Contracts;
using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.SetUpReceivablesForCompany;

/// <summary>A new company gets its ledger settings: its currency and time zone, and the usual 30/60/90 aging buckets.</summary>
internal sealed class SetUpReceivablesForCompanyHandler(ReceivablesDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IntegrationEventHandler<CompanyCreated, ReceivablesDbContext>(db, requestContext, timeProvider)
{
    protected override async Task HandleAsync(CompanyCreated integrationEvent, CancellationToken cancellationToken)
    {
        if (await Db.Settings.AnyAsync(cancellationToken))
        {
            return;
        }

        Db.Settings.Add(new ReceivablesSettings
        {
            CompanyId = integrationEvent.CompanyId,
            ReportingCurrency = integrationEvent.Currency,
            TimeZone = integrationEvent.TimeZone,
        });
    }
}
