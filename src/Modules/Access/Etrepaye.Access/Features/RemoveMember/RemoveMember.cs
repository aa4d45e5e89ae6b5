using Etrepaye.Access.Contracts;
using Etrepaye.Access.Data;
using Etrepaye.Access.Security;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Access.Features.RemoveMember;

internal sealed record RemoveMemberCommand(Guid MembershipId) : ICommand<Unit>;

internal sealed class RemoveMemberHandler(AccessDbContext db, AccessCache cache) : IRequestHandler<RemoveMemberCommand, Unit>
{
    public async Task<Unit> Handle(RemoveMemberCommand command, CancellationToken cancellationToken)
    {
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.Id == command.MembershipId, cancellationToken)
            ?? throw new NotFoundException("Member", command.MembershipId);
        if (membership.Roles.Contains(CompanyRole.Administrator) && !await MembershipRules.OtherAdministratorExistsAsync(db, membership.Id, cancellationToken))
        {
            throw new BusinessRuleException(MembershipRules.LastAdministratorCode, "The company must keep at least one Administrator.");
        }

        db.Memberships.Remove(membership);
        cache.ForgetRoles(membership.UserId, membership.CompanyId);
        db.Publish(new MemberRemoved(membership.CompanyId, membership.UserId));
        return Unit.Value;
    }
}

internal static class RemoveMemberEndpoint
{
    public static void MapRemoveMember(this RouteGroupBuilder company) =>
        company.MapDelete("members/{membershipId:guid}", HandleAsync)
            .WithName("RemoveMember")
            .WithSummary("Removes a person from the company (their user account stays, with their other memberships).")
            .RequireCompanyRoles(CompanyRole.Administrator)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<NoContent> HandleAsync(Guid membershipId, IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new RemoveMemberCommand(membershipId), cancellationToken);
        return TypedResults.NoContent();
    }
}
