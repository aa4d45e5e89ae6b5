using System.Reflection;
using Etrepaye.Shared.Contracts;

namespace Etrepaye.Shared.Outbox;

/// <summary>Maps an outbox message's event type name back to its Contracts type.</summary>
public sealed class IntegrationEventTypes
{
    private readonly Dictionary<string, Type> _types = new(StringComparer.Ordinal);

    public void AddFrom(Assembly contractsAssembly)
    {
        foreach (var type in contractsAssembly.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IIntegrationEvent).IsAssignableFrom(t)))
        {
            _types[type.FullName!] = type;
        }
    }

    public Type? Find(string eventType) => _types.GetValueOrDefault(eventType);
}
