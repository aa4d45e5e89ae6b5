namespace Etrepaye.Workflows.Simulation;

/// <summary>A clock that only moves when told to: the virtual time of simulations and tests.</summary>
public sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        lock (_lock)
        {
            _now += delta;
        }
    }

    /// <summary>Moves the clock forward to <paramref name="instant"/> (never backward).</summary>
    public void MoveTo(DateTimeOffset instant)
    {
        lock (_lock)
        {
            if (instant > _now)
            {
                _now = instant;
            }
        }
    }
}
