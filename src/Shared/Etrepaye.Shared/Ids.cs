namespace Etrepaye.Shared;

/// <summary>Ids are UUIDv7, generated in the application: time-ordered, so inserts stay at the end of indexes.</summary>
public static class Ids
{
    public static Guid New(TimeProvider timeProvider) => Guid.CreateVersion7(timeProvider.GetUtcNow());
}
