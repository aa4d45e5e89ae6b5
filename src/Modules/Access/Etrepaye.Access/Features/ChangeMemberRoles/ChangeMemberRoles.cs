using Etrepaye.Access.Data;
using Etrepaye.Access.Security;
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

namespace Etrepaye.Access.Features.ChangeMemberRoles;

public sealed record ChangeMemberRolesRequest(IReadOnlyList<CompanyRole> Roles, long Version);

internal sealed record ChangeMemberRolesCommand(Guid MembershipId, IReadOnlyList<CompanyRole> Roles, long Version) : ICommand<MemberResponse>;

internal sealed class ChangeMemberRolesValidator : AbstractValidator<ChangeMemberRolesCommand>
{
    public ChangeMemberRolesValidator() => RuleFor(c => c.Roles).NotEmpty().WithMessage("Give at least one role; to remove the person, remove the membership.");
}

internal sealed class ChangeMemberRolesHandler(AccessDbContext db, AccessCache cache) : IRequestHandler<ChangeMemberRolesCommand, MemberResponse>
{
    public async Task<MemberResponse> Handle(ChangeMemberRolesCommand command, CancellationToken cancellationToken)
    {
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.Id == command.MembershipId, cancellationToken)
            ?? throw new NotFoundException("Member", command.MembershipId);
        var roles = command.Roles.ToHashSet();
        if (membership.Roles.Contains(CompanyRole.Administrator) && !roles.Contains(CompanyRole.Administrator)
            && !await MembershipRules.OtherAdministratorExistsAsync(db, membership.Id, cancellationToken))
        {
            throw new BusinessRuleException(MembershipRules.LastAdministratorCode, "The company must keep at least one Administrator.", nameof(command.Roles));
        }

        db.Entry(membership).Property(m => m.Version).OriginalValue = command.Version;
        membership.Roles = roles;
        await db.SaveChangesAsync(cancellationToken);
        cache.ForgetRoles(membership.UserId, membership.CompanyId);
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == membership.UserId, cancellationToken);
        return new MemberResponse(membership.Id, user.Id, user.Email!, user.DisplayName, membership.Roles.Order().ToList(), membership.Version);
    }
}

internal static class ChangeMemberRolesEndpoint
{
    public static void MapChangeMemberRoles(this RouteGroupBuilder company) =>
        company.MapPut("members/{membershipId:guid}", (Guid membershipId, ChangeMemberRolesRequest request, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new ChangeMemberRolesCommand(membershipId, request.Roles, request.Version), cancellationToken))
            .WithName("ChangeMemberRoles")
            .WithSummary("Replaces a member's roles in the company.")
            .RequireCompanyRoles(CompanyRole.Administrator)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
