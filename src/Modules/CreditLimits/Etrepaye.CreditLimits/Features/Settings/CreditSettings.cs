using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Domain;
using Etrepaye.CreditLimits.Exposure;
using Etrepaye.Shared;
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

namespace Etrepaye.CreditLimits.Features.Settings;

/// <param name="Role">A company role: Operator, CreditManager, Administrator (Consultant and Viewer may not approve).</param>
/// <param name="MaxAmount">The highest limit the role approves, in the authority currency; null for no ceiling.</param>
public sealed record AuthorityLevelDto(string Role, string Label, decimal? MaxAmount);

/// <summary>The score's weights (0–100 each, not all zero); see docs/credit-limits.md for the formula.</summary>
public sealed record ScoreWeightsDto(int Equity, int Profitability, int RecordedIncidents, int DaysLate, int Disputes, int CollectionIncidents);

public sealed record CreditSettingsResponse(
    bool IncludeDraftInvoices, bool DeductCover, decimal WarningPercent, string AuthorityCurrency, IReadOnlyList<AuthorityLevelDto> AuthorityMatrix,
    ScoreWeightsDto ScoreWeights, int BehaviourWindowDays, long Version)
{
    internal static CreditSettingsResponse From(Domain.CreditSettings s, IEnumerable<AuthorityLevel> matrix) => new(
        s.IncludeDraftInvoices, s.DeductCover, s.WarningPercent, s.AuthorityCurrency,
        [.. CreditPolicy.Ordered(matrix).Select(l => new AuthorityLevelDto(l.Role.ToString(), l.Label, l.MaxAmount))],
        new ScoreWeightsDto(s.WeightEquity, s.WeightProfitability, s.WeightRecordedIncidents, s.WeightDaysLate, s.WeightDisputes, s.WeightCollectionIncidents),
        s.BehaviourWindowDays, s.Version);
}

public sealed record UpdateCreditSettingsRequest(
    bool IncludeDraftInvoices, bool DeductCover, decimal WarningPercent, string AuthorityCurrency, IReadOnlyList<AuthorityLevelDto> AuthorityMatrix,
    ScoreWeightsDto ScoreWeights, int BehaviourWindowDays, long Version);

internal sealed record GetCreditSettingsQuery : IQuery<CreditSettingsResponse>;

internal sealed class GetCreditSettingsHandler(CreditPolicy policy) : IRequestHandler<GetCreditSettingsQuery, CreditSettingsResponse>
{
    public async Task<CreditSettingsResponse> Handle(GetCreditSettingsQuery query, CancellationToken cancellationToken) =>
        CreditSettingsResponse.From(await policy.SettingsAsync(cancellationToken), await policy.MatrixAsync(cancellationToken));
}

internal sealed record UpdateCreditSettingsCommand(UpdateCreditSettingsRequest Settings) : ICommand<CreditSettingsResponse>;

internal sealed class UpdateCreditSettingsValidator : AbstractValidator<UpdateCreditSettingsCommand>
{
    private static readonly string[] _approvers = [nameof(CompanyRole.Operator), nameof(CompanyRole.CreditManager), nameof(CompanyRole.Administrator)];

    public UpdateCreditSettingsValidator()
    {
        RuleFor(c => c.Settings.WarningPercent).InclusiveBetween(1m, 99m).OverridePropertyName("warningPercent");
        RuleFor(c => c.Settings.AuthorityCurrency).IsCurrencyCode().OverridePropertyName("authorityCurrency");
        RuleFor(c => c.Settings.BehaviourWindowDays).InclusiveBetween(30, 3650).OverridePropertyName("behaviourWindowDays");
        RuleFor(c => c.Settings.AuthorityMatrix).NotNull().OverridePropertyName("authorityMatrix");
        RuleForEach(c => c.Settings.AuthorityMatrix).ChildRules(level =>
        {
            level.RuleFor(l => l.Role).Must(r => _approvers.Contains(r)).WithMessage("The role is Operator, CreditManager or Administrator.");
            level.RuleFor(l => l.Label).NotEmpty().MaximumLength(100);
            level.RuleFor(l => l.MaxAmount).GreaterThan(0m).When(l => l.MaxAmount is not null);
        }).OverridePropertyName("authorityMatrix");
        RuleFor(c => c.Settings.AuthorityMatrix)
            .Must(m => m.Select(l => l.Role).Distinct().Count() == m.Count).WithMessage("Each role appears once in the matrix.")
            .Must(m => m.Count(l => l.MaxAmount is null) <= 1).WithMessage("At most one level has no ceiling.")
            .When(c => c.Settings.AuthorityMatrix is not null)
            .OverridePropertyName("authorityMatrix");
        RuleFor(c => c.Settings.ScoreWeights).NotNull().OverridePropertyName("scoreWeights");
        RuleFor(c => c.Settings.ScoreWeights)
            .Must(w => new[] { w.Equity, w.Profitability, w.RecordedIncidents, w.DaysLate, w.Disputes, w.CollectionIncidents }.All(x => x is >= 0 and <= 100))
            .WithMessage("Each weight is between 0 and 100.")
            .Must(w => w.Equity + w.Profitability + w.RecordedIncidents + w.DaysLate + w.Disputes + w.CollectionIncidents > 0)
            .WithMessage("At least one weight is above zero.")
            .When(c => c.Settings.ScoreWeights is not null)
            .OverridePropertyName("scoreWeights");
    }
}

internal sealed class UpdateCreditSettingsHandler(CreditLimitsDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<UpdateCreditSettingsCommand, CreditSettingsResponse>
{
    public async Task<CreditSettingsResponse> Handle(UpdateCreditSettingsCommand command, CancellationToken cancellationToken)
    {
        var request = command.Settings;
        var settings = await db.Settings.SingleOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            if (request.Version != 0)
            {
                throw new Shared.Errors.ConflictException("The credit settings were never saved: send version 0.");
            }

            settings = Domain.CreditSettings.Default(requestContext.CompanyId, request.AuthorityCurrency);
            db.Settings.Add(settings);
        }
        else
        {
            db.Entry(settings).Property(s => s.Version).OriginalValue = request.Version;
        }

        settings.IncludeDraftInvoices = request.IncludeDraftInvoices;
        settings.DeductCover = request.DeductCover;
        settings.WarningPercent = request.WarningPercent;
        settings.AuthorityCurrency = request.AuthorityCurrency;
        settings.BehaviourWindowDays = request.BehaviourWindowDays;
        var w = request.ScoreWeights;
        (settings.WeightEquity, settings.WeightProfitability, settings.WeightRecordedIncidents, settings.WeightDaysLate, settings.WeightDisputes, settings.WeightCollectionIncidents) =
            (w.Equity, w.Profitability, w.RecordedIncidents, w.DaysLate, w.Disputes, w.CollectionIncidents);

        db.AuthorityLevels.RemoveRange(await db.AuthorityLevels.ToListAsync(cancellationToken));
        // The old rows go first: the new ones reuse their (company, role) key.
        await db.SaveChangesAsync(cancellationToken);
        var matrix = request.AuthorityMatrix.Select(l => new AuthorityLevel
        {
            Id = Ids.New(timeProvider),
            CompanyId = requestContext.CompanyId,
            Role = Enum.Parse<CompanyRole>(l.Role),
            Label = l.Label.Trim(),
            MaxAmount = l.MaxAmount,
        }).ToList();
        db.AuthorityLevels.AddRange(matrix);
        await db.SaveChangesAsync(cancellationToken);
        return CreditSettingsResponse.From(settings, matrix);
    }
}

internal static class CreditSettingsEndpoints
{
    public static void MapCreditSettings(this RouteGroupBuilder credit)
    {
        credit.MapGet("settings", (IMediator mediator, CancellationToken cancellationToken) => mediator.Send(new GetCreditSettingsQuery(), cancellationToken))
            .WithName("GetCreditSettings")
            .WithSummary("The exposure options, alert threshold, delegation-of-authority matrix and score weights of the company.")
            .RequireCompanyRoles(CompanyRoles.Readers);
        credit.MapPut("settings", (UpdateCreditSettingsRequest request, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new UpdateCreditSettingsCommand(request), cancellationToken))
            .WithName("UpdateCreditSettings")
            .WithSummary("Replaces the credit settings and the authority matrix (send the version read; 0 the first time).")
            .RequireCompanyRoles(CompanyRole.Administrator, CompanyRole.CreditManager)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
