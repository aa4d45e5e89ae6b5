using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Domain;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.GetReceivablesSettings;

/// <param name="AgingBucketLimits">Upper limits, in days past due, of the aged-balance buckets; [30, 60, 90] gives 1–30, 31–60, 61–90 and over 90.</param>
public sealed record ReceivablesSettingsResponse(string ReportingCurrency, string TimeZone, IReadOnlyList<int> AgingBucketLimits, long Version)
{
    internal static ReceivablesSettingsResponse From(ReceivablesSettings settings) =>
        new(settings.ReportingCurrency, settings.TimeZone, settings.AgingBucketLimits, settings.Version);
}

internal sealed record GetReceivablesSettingsQuery : IQuery<ReceivablesSettingsResponse>;

internal sealed class GetReceivablesSettingsHandler(ReceivablesDbContext db, RequestContext requestContext)
    : IRequestHandler<GetReceivablesSettingsQuery, ReceivablesSettingsResponse>
{
    public async Task<ReceivablesSettingsResponse> Handle(GetReceivablesSettingsQuery query, CancellationToken cancellationToken)
    {
        var settings = await db.Settings.AsNoTracking().SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Receivables settings of company", requestContext.CompanyId);
        return ReceivablesSettingsResponse.From(settings);
    }
}

internal static class GetReceivablesSettingsEndpoint
{
    public static void MapGetReceivablesSettings(this RouteGroupBuilder receivables) =>
        receivables.MapGet("settings", (IMediator mediator, CancellationToken cancellationToken) => mediator.Send(new GetReceivablesSettingsQuery(), cancellationToken))
            .WithName("GetReceivablesSettings")
            .WithSummary("The company's ledger settings: reporting currency, time zone of business dates, aging buckets.");
}
