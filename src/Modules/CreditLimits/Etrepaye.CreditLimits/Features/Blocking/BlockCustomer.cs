using Etrepaye.Access.Contracts;
using Etrepaye.CreditLimits.Contracts;
using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Domain;
using Etrepaye.CreditLimits.Exposure;
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

namespace Etrepaye.CreditLimits.Features.Blocking;

public sealed record BlockCustomerRequest(string Reason);

public sealed record BlockChangeResponse(bool Blocked, string Reason, string By, DateOnly On, DateTimeOffset At)
{
    internal static BlockChangeResponse From(Domain.AccountBlockChange c) => new(c.Blocked, c.Reason, c.By, c.On, c.At);
}

/// <param name="History">The newest changes (one page); every change: GET …/credit/customers/{customerId}/blocks.</param>
public sealed record AccountStatusResponse(Guid CustomerId, bool Blocked, string? Reason, DateOnly? Since, IReadOnlyList<BlockChangeResponse> History);

internal sealed record SetCustomerBlockCommand(Guid CustomerId, bool Block, string Reason) : ICommand<AccountStatusResponse>;

internal sealed class SetCustomerBlockValidator : AbstractValidator<SetCustomerBlockCommand>
{
    public SetCustomerBlockValidator()
    {
        RuleFor(c => c.CustomerId).NotEmpty();
        RuleFor(c => c.Reason).NotEmpty().MaximumLength(500);
    }
}

/// <summary>Blocks or unblocks an account (publishes CustomerBlocked / CustomerUnblocked); doing it again changes nothing.</summary>
internal sealed class SetCustomerBlockHandler(
    CreditLimitsDbContext db, ExposureProjector projector, ICompanyClock clock, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<SetCustomerBlockCommand, AccountStatusResponse>
{
    public async Task<AccountStatusResponse> Handle(SetCustomerBlockCommand command, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.CustomerId == command.CustomerId, cancellationToken)
            ?? await projector.RefreshAsync(command.CustomerId, cancellationToken)
            ?? throw new NotFoundException("Customer", command.CustomerId);
        if (account.Blocked != command.Block)
        {
            var today = await clock.TodayAsync(requestContext.CompanyId, cancellationToken);
            var reason = command.Reason.Trim();
            account.Blocked = command.Block;
            account.BlockedReason = command.Block ? reason : null;
            account.BlockedOn = command.Block ? today : null;
            db.BlockChanges.Add(new AccountBlockChange
            {
                Id = Ids.New(timeProvider),
                CompanyId = requestContext.CompanyId,
                CustomerId = account.CustomerId,
                Blocked = command.Block,
                Reason = reason,
                By = requestContext.ActorName,
                On = today,
                At = timeProvider.GetUtcNow(),
            });
            if (command.Block)
            {
                db.Publish(new CustomerBlocked(requestContext.CompanyId, account.CustomerId, reason, today));
            }
            else
            {
                db.Publish(new CustomerUnblocked(requestContext.CompanyId, account.CustomerId, reason, today));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        var history = await db.BlockChanges.AsNoTracking().Where(c => c.CustomerId == account.CustomerId)
            .OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Take(PageQuery.DefaultPageSize).ToListAsync(cancellationToken);
        return new AccountStatusResponse(
            account.CustomerId, account.Blocked, account.BlockedReason, account.BlockedOn, [.. history.Select(BlockChangeResponse.From)]);
    }
}

internal static class BlockCustomerEndpoints
{
    public static void MapBlocking(this RouteGroupBuilder credit)
    {
        credit.MapPost("customers/{customerId:guid}/block", (Guid customerId, BlockCustomerRequest request, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new SetCustomerBlockCommand(customerId, true, request.Reason ?? ""), cancellationToken))
            .WithName("BlockCustomer")
            .WithSummary("Blocks the account: order checks answer AccountBlocked until it is unblocked (publishes CustomerBlocked).")
            .RequireCompanyRoles(CreditLimitsModule.ManagerRoles)
            .ProducesValidationProblem();
        credit.MapPost("customers/{customerId:guid}/unblock", (Guid customerId, BlockCustomerRequest request, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new SetCustomerBlockCommand(customerId, false, request.Reason ?? ""), cancellationToken))
            .WithName("UnblockCustomer")
            .WithSummary("Unblocks the account (publishes CustomerUnblocked).")
            .RequireCompanyRoles(CreditLimitsModule.ManagerRoles)
            .ProducesValidationProblem();
    }
}
