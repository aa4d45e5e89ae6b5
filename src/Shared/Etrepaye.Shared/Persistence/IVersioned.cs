namespace Etrepaye.Shared.Persistence;

/// <summary>
/// Optimistic concurrency that works the same on every provider: the version is a concurrency token,
/// incremented on each update; a lost race raises a concurrency conflict (409).
/// </summary>
public interface IVersioned
{
    long Version { get; set; }
}
