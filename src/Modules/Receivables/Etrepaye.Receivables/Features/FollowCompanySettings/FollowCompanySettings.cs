using Etrepaye.Access.Contracts;
using Etrepaye.Receivables.Data;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.FollowCompanySettings;

/// <summary>
/// The daily overdue check scans every company's ledger settings in one query, so the ledger keeps a copy of the company's
/// time zone: it follows the company's when an administrator changes it.
/// </summary>
internal sealed class FollowCompanySettingsHandler(ReceivablesDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IntegrationEventHandler<CompanySettingsChanged, ReceivablesDbContext>(db, requestContext, timeProvider)
{
    protected override async Task HandleAsync(CompanySettingsChanged integrationEvent, CancellationToken cancellationToken)
    {
        var settings = await Db.Settings.SingleOrDefaultAsync(cancellationToken);
        if (settings is not null)
        {
            settings.TimeZone = integrationEvent.TimeZone;
        }
    }
}
