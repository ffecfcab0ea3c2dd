using Microsoft.Extensions.Logging;
using Sluice.Actors.Configuration;

namespace Sluice.Actors;

/// <summary>The settings of an actor system, read once from <c>sluice.*</c> and validated.</summary>
public sealed record ActorSystemSettings
{
    /// <summary>Minimum log level (<c>sluice.loglevel</c>).</summary>
    public required LogLevel LogLevel { get; init; }

    /// <summary>Default Ask timeout (<c>sluice.actor.ask-timeout</c>).</summary>
    public required TimeSpan AskTimeout { get; init; }

    /// <summary>Dead letters logged per interval (<c>sluice.actor.dead-letters-log-max</c>).</summary>
    public required int DeadLettersLogMax { get; init; }

    /// <summary><c>sluice.actor.dead-letters-log-interval</c>.</summary>
    public required TimeSpan DeadLettersLogInterval { get; init; }

    /// <summary>Restarts of a top-level actor within <see cref="GuardianRestartWindow"/> (<c>sluice.actor.guardian-max-restarts</c>).</summary>
    public required int GuardianMaxRestarts { get; init; }

    /// <summary><c>sluice.actor.guardian-restart-window</c>.</summary>
    public required TimeSpan GuardianRestartWindow { get; init; }

    /// <summary><c>sluice.actor.stash-capacity</c>; -1 = unbounded.</summary>
    public required int StashCapacity { get; init; }

    /// <summary>Dispatchers by name (<c>sluice.actor.dispatchers</c>).</summary>
    public required IReadOnlyDictionary<string, DispatcherSettings> Dispatchers { get; init; }

    /// <summary>Mailboxes by name (<c>sluice.actor.mailboxes</c>).</summary>
    public required IReadOnlyDictionary<string, MailboxSettings> Mailboxes { get; init; }

    /// <summary>Reads and validates the settings; errors name the key, the value and the fix.</summary>
    public static ActorSystemSettings From(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var level = config.GetString("sluice.loglevel").ToLowerInvariant() switch
        {
            "trace" => LogLevel.Trace,
            "debug" => LogLevel.Debug,
            "info" or "information" => LogLevel.Information,
            "warning" or "warn" => LogLevel.Warning,
            "error" => LogLevel.Error,
            "off" or "none" => LogLevel.None,
            var other => throw new ConfigurationException($"sluice.loglevel: '{other}' is not a log level; use trace, debug, info, warning, error or off."),
        };
        var dispatchers = new Dictionary<string, DispatcherSettings>(StringComparer.Ordinal);
        var dconf = config.GetConfig("sluice.actor.dispatchers");
        foreach (var name in dconf.Keys)
            dispatchers[name] = DispatcherSettings.From(name, dconf.GetConfig(name));
        var mailboxes = new Dictionary<string, MailboxSettings>(StringComparer.Ordinal);
        var mconf = config.GetConfig("sluice.actor.mailboxes");
        foreach (var name in mconf.Keys)
            mailboxes[name] = MailboxSettings.From(name, mconf.GetConfig(name));
        return new ActorSystemSettings
        {
            LogLevel = level,
            AskTimeout = config.GetDuration("sluice.actor.ask-timeout"),
            DeadLettersLogMax = config.GetInt("sluice.actor.dead-letters-log-max"),
            DeadLettersLogInterval = config.GetDuration("sluice.actor.dead-letters-log-interval"),
            GuardianMaxRestarts = config.GetInt("sluice.actor.guardian-max-restarts"),
            GuardianRestartWindow = config.GetDuration("sluice.actor.guardian-restart-window"),
            StashCapacity = config.GetInt("sluice.actor.stash-capacity"),
            Dispatchers = dispatchers,
            Mailboxes = mailboxes,
        };
    }
}

/// <summary>One dispatcher under <c>sluice.actor.dispatchers</c>.</summary>
/// <param name="Name">Its name, used by <see cref="Props.WithDispatcher"/>.</param>
/// <param name="Pinned">True: one dedicated thread per actor; false: the .NET thread pool.</param>
/// <param name="Throughput">Messages per actor turn.</param>
public sealed record DispatcherSettings(string Name, bool Pinned, int Throughput)
{
    internal static DispatcherSettings From(string name, Config c)
    {
        var type = c.GetString("type");
        var pinned = type switch
        {
            "thread-pool" => false,
            "pinned" => true,
            _ => throw new ConfigurationException($"sluice.actor.dispatchers.{name}.type: '{type}' is not a dispatcher type; use thread-pool or pinned."),
        };
        var throughput = c.GetInt("throughput");
        if (throughput < 1)
            throw new ConfigurationException($"sluice.actor.dispatchers.{name}.throughput: {throughput} must be at least 1.");
        return new DispatcherSettings(name, pinned, throughput);
    }
}

/// <summary>One mailbox under <c>sluice.actor.mailboxes</c>.</summary>
/// <param name="Name">Its name, used by <see cref="Props.WithMailbox"/>.</param>
/// <param name="Capacity">0 for unbounded; otherwise messages over it go to dead letters.</param>
public sealed record MailboxSettings(string Name, int Capacity)
{
    internal static MailboxSettings From(string name, Config c)
    {
        var type = c.GetString("type");
        return type switch
        {
            "unbounded" => new MailboxSettings(name, 0),
            "bounded" when c.GetInt("capacity") is var cap && cap > 0 => new MailboxSettings(name, cap),
            "bounded" => throw new ConfigurationException($"sluice.actor.mailboxes.{name}.capacity must be positive for a bounded mailbox."),
            _ => throw new ConfigurationException($"sluice.actor.mailboxes.{name}.type: '{type}' is not a mailbox type; use unbounded or bounded."),
        };
    }
}
