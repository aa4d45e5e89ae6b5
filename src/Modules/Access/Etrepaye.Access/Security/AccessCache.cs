using System.Collections.Concurrent;
using Etrepaye.Shared.Tenancy;
using Microsoft.Extensions.Configuration;

namespace Etrepaye.Access.Security;

/// <summary>
/// The memberships and API keys every company request reads, kept for a few seconds in this process so that a request
/// costs one query less (issue 8: the order check). Only granted access is kept: a refusal is read again each time.
/// A change made through this process evicts its entry at once; the other host processes see it when their entry
/// expires (<c>Security:AccessCacheSeconds</c>, 0 to read the database on every request).
/// </summary>
internal sealed class AccessCache(IConfiguration configuration, TimeProvider timeProvider)
{
    // Beyond this many entries the whole cache is dropped: simpler than an LRU, and a real company has far fewer pairs.
    private const int MaxEntries = 50_000;

    private readonly TimeSpan _lifetime = TimeSpan.FromSeconds(Math.Max(0, configuration.GetValue("Security:AccessCacheSeconds", 5)));
    private readonly ConcurrentDictionary<(Guid UserId, Guid CompanyId), Entry<IReadOnlySet<CompanyRole>>> _roles = new();
    private readonly ConcurrentDictionary<Guid, Entry<CachedApiKey>> _apiKeys = new();

    public bool Enabled => _lifetime > TimeSpan.Zero;

    public bool TryGetRoles(Guid userId, Guid companyId, out IReadOnlySet<CompanyRole> roles) => TryGet(_roles, (userId, companyId), out roles);

    public void KeepRoles(Guid userId, Guid companyId, IReadOnlySet<CompanyRole> roles) => Keep(_roles, (userId, companyId), roles);

    public void ForgetRoles(Guid userId, Guid companyId) => _roles.TryRemove((userId, companyId), out _);

    public bool TryGetApiKey(Guid keyId, out CachedApiKey key) => TryGet(_apiKeys, keyId, out key);

    public void KeepApiKey(CachedApiKey key) => Keep(_apiKeys, key.Id, key);

    public void ForgetApiKey(Guid keyId) => _apiKeys.TryRemove(keyId, out _);

    private bool TryGet<TKey, TValue>(ConcurrentDictionary<TKey, Entry<TValue>> entries, TKey key, out TValue value)
        where TKey : notnull
    {
        if (entries.TryGetValue(key, out var entry) && entry.ExpiresAt > timeProvider.GetUtcNow())
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    private void Keep<TKey, TValue>(ConcurrentDictionary<TKey, Entry<TValue>> entries, TKey key, TValue value)
        where TKey : notnull
    {
        if (!Enabled)
        {
            return;
        }

        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        entries[key] = new Entry<TValue>(value, timeProvider.GetUtcNow() + _lifetime);
    }

    private sealed record Entry<TValue>(TValue Value, DateTimeOffset ExpiresAt);
}

/// <summary>What authenticating a valid API key needs; <see cref="LastUsedAt"/> moves as the key is used.</summary>
internal sealed class CachedApiKey(Guid id, Guid companyId, string name, CompanyRole role, string secretHash, DateTimeOffset? lastUsedAt)
{
    public Guid Id { get; } = id;

    public Guid CompanyId { get; } = companyId;

    public string Name { get; } = name;

    public CompanyRole Role { get; } = role;

    public string SecretHash { get; } = secretHash;

    public DateTimeOffset? LastUsedAt { get; set; } = lastUsedAt;
}
