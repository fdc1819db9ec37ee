using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Common;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;

namespace Psa.Infrastructure.Persistence;

/// <summary>
/// A reaction to a domain event. It runs inside the save that recorded the event, on the same context
/// and transaction: it stages its changes on <paramref name="db"/> (never saves it) and asks for live
/// topics with <see cref="TenantDbContext.PublishOnCommit"/>. Register it in the feature's AddXxx().
/// </summary>
public interface IDomainEventHandler
{
    Task HandleAsync(IDomainEvent domainEvent, TenantDbContext db, CancellationToken cancellationToken);
}

/// <summary>An <see cref="IDomainEventHandler"/> for one event type.</summary>
public abstract class DomainEventHandler<TEvent> : IDomainEventHandler where TEvent : IDomainEvent
{
    public abstract Task HandleAsync(TEvent domainEvent, TenantDbContext db, CancellationToken cancellationToken);

    Task IDomainEventHandler.HandleAsync(IDomainEvent domainEvent, TenantDbContext db, CancellationToken cancellationToken) =>
        domainEvent is TEvent e ? HandleAsync(e, db, cancellationToken) : Task.CompletedTask;
}

/// <summary>
/// The one dispatcher of domain events (an EF interceptor, so every path that saves runs it: pages, API,
/// portal, import, jobs). Before a tenant context saves, it takes the events its aggregates raised and runs
/// every registered handler in a transaction with the save; live topics the save asked for are published
/// only once that transaction has committed, and dropped when it rolls back.
/// </summary>
internal sealed class DomainEventDispatcher : SaveChangesInterceptor
{
    public static readonly DomainEventDispatcher Instance = new();

    // Handlers may raise events of their own; a loop deeper than this is a bug, not a workload.
    private const int MaxRounds = 10;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is TenantDbContext db)
        {
            await DispatchAsync(db, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is TenantDbContext db)
        {
            // Handlers are asynchronous; a synchronous save waits for them (SQLite answers synchronously anyway).
            DispatchAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is TenantDbContext db)
        {
            await db.CommitOwnTransactionAsync(cancellationToken);
            db.PublishIfCommitted();
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is TenantDbContext db)
        {
            db.CommitOwnTransactionAsync(CancellationToken.None).GetAwaiter().GetResult();
            db.PublishIfCommitted();
        }

        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is TenantDbContext db)
        {
            await db.RollBackOwnTransactionAsync(cancellationToken);
        }
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is TenantDbContext db)
        {
            db.RollBackOwnTransactionAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    private static async Task DispatchAsync(TenantDbContext db, CancellationToken cancellationToken)
    {
        for (var round = 0; ; round++)
        {
            var events = db.ChangeTracker.Entries<IHasDomainEvents>().SelectMany(e => e.Entity.TakeDomainEvents()).ToList();
            if (events.Count == 0)
            {
                break;
            }

            if (round == MaxRounds)
            {
                throw new InvalidOperationException($"Domain event handlers kept raising events after {MaxRounds} rounds: {string.Join(", ", events.Select(e => e.GetType().Name))}.");
            }

            var services = db.Services ?? throw new InvalidOperationException(
                $"{events[0].GetType().Name} was raised on a workspace context opened outside a scope; open it with TenantDbContextFactory.");
            await db.BeginOwnTransactionAsync(cancellationToken);
            var handlers = services.GetServices<IDomainEventHandler>().ToList();
            foreach (var domainEvent in events)
            {
                foreach (var handler in handlers)
                {
                    await handler.HandleAsync(domainEvent, db, cancellationToken);
                }
            }
        }

        db.ChangeTracker.DetectChanges();
    }
}

/// <summary>Publishes a context's live topics when the transaction it saved in commits; drops them on rollback.</summary>
internal sealed class LiveTopicsOnCommit : DbTransactionInterceptor
{
    public static readonly LiveTopicsOnCommit Instance = new();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as TenantDbContext)?.PublishPendingTopics();
        return Task.CompletedTask;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        (eventData.Context as TenantDbContext)?.PublishPendingTopics();

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as TenantDbContext)?.DropPendingTopics();
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        (eventData.Context as TenantDbContext)?.DropPendingTopics();
}
