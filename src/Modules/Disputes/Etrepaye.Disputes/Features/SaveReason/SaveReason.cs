using Etrepaye.Disputes.Data;
using Etrepaye.Disputes.Domain;
using Etrepaye.Disputes.Features.ListReasons;
using Etrepaye.Disputes.Support;
using Etrepaye.Shared;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Disputes.Features.SaveReason;

/// <param name="Active">An inactive reason is kept for the disputes that have it but offered no more.</param>
public sealed record SaveReasonRequest(string? Name, string? OwnerDepartment, int SlaBusinessDays, bool? Active, long? Version);

internal sealed record SaveReasonCommand(string Code, string Name, string OwnerDepartment, int SlaBusinessDays, bool Active, long? Version) : ICommand<DisputeReasonResponse>;

internal sealed class SaveReasonValidator : AbstractValidator<SaveReasonCommand>
{
    public SaveReasonValidator()
    {
        RuleFor(c => c.Code).NotEmpty().MaximumLength(40).Matches("^[a-z0-9][a-z0-9-]*$").WithMessage("A reason code is lower-case letters, digits and dashes.");
        RuleFor(c => c.Name).NotEmpty().MaximumLength(100);
        RuleFor(c => c.OwnerDepartment).NotEmpty().MaximumLength(40);
        RuleFor(c => c.SlaBusinessDays).InclusiveBetween(1, 250);
    }
}

internal sealed class SaveReasonHandler(DisputesDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<SaveReasonCommand, DisputeReasonResponse>
{
    public async Task<DisputeReasonResponse> Handle(SaveReasonCommand command, CancellationToken cancellationToken)
    {
        await ReasonCatalog.EnsureAsync(db, requestContext.CompanyId, timeProvider, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var reason = await db.Reasons.SingleOrDefaultAsync(r => r.Code == command.Code, cancellationToken);
        if (reason is null)
        {
            reason = new DisputeReason
            {
                Id = Ids.New(timeProvider),
                CompanyId = requestContext.CompanyId,
                Code = command.Code,
                Name = command.Name.Trim(),
                OwnerDepartment = command.OwnerDepartment.Trim(),
            };
            db.Reasons.Add(reason);
        }
        else if (command.Version is { } version && version != reason.Version)
        {
            throw new ConflictException($"Reason '{reason.Code}' was changed by someone else (version {reason.Version}, you sent {version}): reload it and try again.");
        }

        reason.Name = command.Name.Trim();
        reason.OwnerDepartment = command.OwnerDepartment.Trim();
        reason.SlaBusinessDays = command.SlaBusinessDays;
        reason.Active = command.Active;
        await db.SaveChangesAsync(cancellationToken);
        return new DisputeReasonResponse(reason.Id, reason.Code, reason.Name, reason.OwnerDepartment, reason.SlaBusinessDays, reason.Active, reason.Version);
    }
}

internal static class SaveReasonEndpoint
{
    public static void MapSaveReason(this RouteGroupBuilder disputes) =>
        disputes.MapPut("reasons/{code}", (string code, SaveReasonRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new SaveReasonCommand(code, r.Name ?? "", r.OwnerDepartment ?? "", r.SlaBusinessDays, r.Active ?? true, r.Version), cancellationToken))
            .WithName("SaveDisputeReason")
            .WithSummary("Creates or changes a dispute reason of the company: its name, owner department and SLA in business days; inactive hides it from new disputes.")
            .RequireCompanyRoles(DisputesModule.DeciderRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
