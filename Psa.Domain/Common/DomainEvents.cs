namespace Psa.Domain.Common;

/// <summary>Something that happened in an aggregate that other features react to (timers, live views, billing).</summary>
public interface IDomainEvent;

/// <summary>An entity that records domain events until persistence dispatches them on save.</summary>
public interface IHasDomainEvents
{
    /// <summary>The events raised since the last call, in order; the entity forgets them.</summary>
    IReadOnlyList<IDomainEvent> TakeDomainEvents();
}

/// <summary>An aggregate root: raises events that persistence dispatches in the transaction that saves it.</summary>
public abstract class AggregateRoot : IHasDomainEvents
{
    // A field, not a property: the persistence model maps nothing of it.
    private readonly List<IDomainEvent> _domainEvents = [];

    public IReadOnlyList<IDomainEvent> TakeDomainEvents()
    {
        var events = _domainEvents.ToList();
        _domainEvents.Clear();
        return events;
    }

    protected internal void Raise(IDomainEvent domainEvent) => _domainEvents.Add(domainEvent);
}
