using System.Diagnostics.Metrics;

namespace Sluice.Actors.Dispatch;

/// <summary>
/// The actor system's instruments on the meter <c>Sluice.Actors</c>: <c>sluice.actor.mailbox.depth</c>, the user messages
/// queued per dispatcher, observed only when a listener collects (a scrape of <c>/metrics</c>), so it costs the message
/// path nothing. One meter per actor system, disposed with it.
/// </summary>
internal sealed class ActorMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Sluice.Actors";

    private readonly Meter _meter = new(MeterName);

    public ActorMetrics(string systemName, IReadOnlyCollection<MessageDispatcher> dispatchers)
    {
        var system = new KeyValuePair<string, object?>("system", systemName);
        _meter.CreateObservableGauge(
            "sluice.actor.mailbox.depth",
            () => Observe(system, dispatchers),
            description: "User messages waiting in the mailboxes of a dispatcher's actors");
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<long>> Observe(KeyValuePair<string, object?> system, IReadOnlyCollection<MessageDispatcher> dispatchers)
    {
        foreach (var dispatcher in dispatchers)
        {
            yield return new Measurement<long>(dispatcher.QueuedMessages, system, new KeyValuePair<string, object?>("dispatcher", dispatcher.Name));
        }
    }
}
