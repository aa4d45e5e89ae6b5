using Etrepaye.Access.Data;
using Etrepaye.Access.Domain;
using Etrepaye.Shared;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Access.Features.AddMember;

/// <param name="Password">Needed only when no user has this e-mail yet: the new user's first password.</param>
public sealed record AddMemberRequest(string Email, string DisplayName, IReadOnlyList<CompanyRole> Roles, string? Password);

internal sealed record AddMemberCommand(string Email, string DisplayName, IReadOnlyList<CompanyRole> Roles, string? Password) : ICommand<MemberResponse>;

internal sealed class AddMemberValidator : AbstractValidator<AddMemberCommand>
{
    public AddMemberValidator()
    {
        RuleFor(c => c.Email).NotEmpty().EmailAddress().MaximumLength(256);
        RuleFor(c => c.DisplayName).NotEmpty().MaximumLength(200);
        RuleFor(c => c.Roles).NotEmpty().WithMessage("Give at least one role.");
    }
}

/// <summary>
/// Adds a person to the company with roles. An existing user (a consultant who works for several companies)
/// gets a new membership; an unknown e-mail creates the user with the given password.
/// </summary>
internal sealed class AddMemberHandler(AccessDbContext db, UserManager<User> users, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<AddMemberCommand, MemberResponse>
{
    public async Task<MemberResponse> Handle(AddMemberCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindByEmailAsync(command.Email);
        if (user is null)
        {
            if (string.IsNullOrEmpty(command.Password))
            {
                throw new ValidationException([new ValidationFailure(nameof(command.Password), "No user has this e-mail yet: give a first password to create one.")]);
            }

            user = new User
            {
                Id = Ids.New(timeProvider),
                UserName = command.Email,
                Email = command.Email,
                DisplayName = command.DisplayName.Trim(),
                CreatedAt = timeProvider.GetUtcNow(),
            };
            var created = await users.CreateAsync(user, command.Password);
            if (!created.Succeeded)
            {
                throw new ValidationException(created.Errors.Select(e => new ValidationFailure(
                    e.Code.StartsWith("Password", StringComparison.Ordinal) ? nameof(command.Password) : nameof(command.Email), e.Description)));
            }
        }
        else if (await db.Memberships.AnyAsync(m => m.UserId == user.Id, cancellationToken))
        {
            throw new ConflictException($"{command.Email} is already a member of this company.");
        }

        var membership = new Membership
        {
            Id = Ids.New(timeProvider),
            CompanyId = requestContext.CompanyId,
            UserId = user.Id,
            Roles = command.Roles.ToHashSet(),
            CreatedAt = timeProvider.GetUtcNow(),
        };
        db.Memberships.Add(membership);
        return new MemberResponse(membership.Id, user.Id, user.Email!, user.DisplayName, membership.Roles.Order().ToList(), membership.Version);
    }
}

internal static class AddMemberEndpoint
{
    public static void MapAddMember(this RouteGroupBuilder company) =>
        company.MapPost("members", HandleAsync)
            .WithName("AddMember")
            .WithSummary("Adds a person to the company with their roles (creates the user when the e-mail is new).")
            .RequireCompanyRoles(CompanyRole.Administrator)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Created<MemberResponse>> HandleAsync(Guid companyId, AddMemberRequest request, IMediator mediator, CancellationToken cancellationToken)
    {
        var member = await mediator.Send(new AddMemberCommand(request.Email, request.DisplayName, request.Roles, request.Password), cancellationToken);
        return TypedResults.Created($"/api/companies/{companyId}/members/{member.MembershipId}", member);
    }
}
