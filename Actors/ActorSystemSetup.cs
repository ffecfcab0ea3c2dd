using Microsoft.Extensions.Logging;

namespace Sluice.Actors;

/// <summary>What an actor system gets from its host besides configuration.</summary>
public sealed record ActorSystemSetup
{
    /// <summary>Where log entries go; none by default.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The clock of the scheduler and timers; <see cref="TimeProvider.System"/> by default, a <see cref="Scheduling.VirtualTimeProvider"/> in tests.</summary>
    public TimeProvider? TimeProvider { get; init; }
}
