using Etrepaye.Receivables.Data;
using Etrepaye.Receivables.Features.GetReceivablesSettings;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using Etrepaye.Shared.Validation;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Features.UpdateReceivablesSettings;

public sealed record UpdateReceivablesSettingsRequest(string ReportingCurrency, IReadOnlyList<int> AgingBucketLimits, long Version);

internal sealed record UpdateReceivablesSettingsCommand(string ReportingCurrency, IReadOnlyList<int> AgingBucketLimits, long Version)
    : ICommand<ReceivablesSettingsResponse>;

internal sealed class UpdateReceivablesSettingsValidator : AbstractValidator<UpdateReceivablesSettingsCommand>
{
    public UpdateReceivablesSettingsValidator()
    {
        RuleFor(c => c.ReportingCurrency).IsCurrencyCode();
        RuleFor(c => c.AgingBucketLimits)
            .NotEmpty()
            .Must(limits => limits.Count <= 10 && limits.All(l => l is > 0 and <= 3650) && limits.Zip(limits.Skip(1)).All(pair => pair.First < pair.Second))
            .WithMessage("Give 1 to 10 limits in days, each between 1 and 3650, in increasing order (e.g. [30, 60, 90]).");
    }
}

internal sealed class UpdateReceivablesSettingsHandler(ReceivablesDbContext db, RequestContext requestContext)
    : IRequestHandler<UpdateReceivablesSettingsCommand, ReceivablesSettingsResponse>
{
    public async Task<ReceivablesSettingsResponse> Handle(UpdateReceivablesSettingsCommand command, CancellationToken cancellationToken)
    {
        var settings = await db.Settings.SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Receivables settings of company", requestContext.CompanyId);
        db.Entry(settings).Property(s => s.Version).OriginalValue = command.Version;
        settings.ReportingCurrency = command.ReportingCurrency;
        settings.AgingBucketLimits = [.. command.AgingBucketLimits];
        await db.SaveChangesAsync(cancellationToken);
        return ReceivablesSettingsResponse.From(settings);
    }
}

internal static class UpdateReceivablesSettingsEndpoint
{
    public static void MapUpdateReceivablesSettings(this RouteGroupBuilder receivables) =>
        receivables.MapPut("settings", (UpdateReceivablesSettingsRequest request, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new UpdateReceivablesSettingsCommand(request.ReportingCurrency, request.AgingBucketLimits, request.Version), cancellationToken))
            .WithName("UpdateReceivablesSettings")
            .WithSummary("Changes the reporting currency and the aged-balance bucket limits.")
            .RequireCompanyRoles(CompanyRole.Administrator, CompanyRole.CreditManager)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
