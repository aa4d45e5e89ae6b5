using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Etrepaye.Shared.Outbox;
using Etrepaye.Shared.Persistence;

namespace Etrepaye.Shared.Mediation;

/// <summary>
/// A command runs in one transaction on its module's DbContext: the state change, its audit entries
/// and its outbox events commit together or not at all. The outbox dispatcher is woken after a commit that published events.
/// </summary>
internal sealed class UnitOfWorkBehavior<TRequest, TResponse>(
    IServiceProvider services,
    ModuleDbContextRegistry registry,
    OutboxSignal outboxSignal) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (!_isCommand)
        {
            return await next();
        }

        var registration = registry.ForAssembly(typeof(TRequest).Assembly);
        var db = (ModuleDbContext)services.GetRequiredService(registration.ContextType);
        if (db.Database.CurrentTransaction is not null)
        {
            // A command sent from inside another command of the same module joins its unit of work.
            return await next();
        }

        db.CurrentAction = typeof(TRequest).Name;
        // A failed save rolls the whole transaction back, so EF's savepoint around each save is two round trips for nothing.
        db.Database.AutoSavepointsEnabled = false;
        var strategy = db.Database.CreateExecutionStrategy();
        var response = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var result = await next();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        });
        // Woken on every commit, the dispatchers would poll every module's outbox for each order check.
        if (db.HasPublishedEvents)
        {
            outboxSignal.Notify();
        }

        return response;
    }

    // Once per request type, not once per request.
    private static readonly bool _isCommand =
        typeof(TRequest).GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommand<>));
}
