using Sluice.Graphs.Stage;

namespace Sluice.TestKit.Streams;

/// <summary>
/// The upstream end of a stream under test (materialized by <see cref="TestSource.Probe{T}"/>): the test sends
/// elements, completion or failure, and asserts the demand and cancellation that arrive. Expectations wait at most
/// <see cref="Timeout"/> (default 3 s).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class TestPublisherProbe<T>
{
    private readonly ProbeEventQueue<(bool IsCancel, Exception? Cause)> _events = new();
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private AsyncCallback<T>? _next;
    private AsyncCallback<Exception?>? _end;

    internal TestPublisherProbe(TimeSpan timeout) => Timeout = timeout;

    /// <summary>How long each expectation waits.</summary>
    public TimeSpan Timeout { get; set; }

    internal void Bind(AsyncCallback<T> next, AsyncCallback<Exception?> end)
    {
        _next = next;
        _end = end;
    }

    internal void OnSubscribe() => _subscribed.TrySetResult();

    internal void OnRequest() => _events.Add((false, null));

    internal void OnCancel(Exception? cause) => _events.Add((true, cause));

    /// <summary>Waits until the stream started.</summary>
    public TestPublisherProbe<T> ExpectSubscription()
    {
        if (!_subscribed.Task.Wait(Timeout))
        {
            throw new ProbeAssertionException($"Expected the subscription within {Timeout}, but the stream did not start.");
        }

        return this;
    }

    /// <summary>Expects downstream to request an element; returns the number requested (1 per pull).</summary>
    public long ExpectRequest()
    {
        var e = Take("a request");
        return e.IsCancel ? throw new ProbeAssertionException($"Expected a request, but got a cancellation ({e.Cause?.Message ?? "no cause"}).") : 1;
    }

    /// <summary>Expects downstream to cancel; returns the cause (null for a plain cancellation).</summary>
    public Exception? ExpectCancellation()
    {
        while (true)
        {
            var e = Take("a cancellation");
            if (e.IsCancel)
            {
                return e.Cause;
            }
        }
    }

    /// <summary>Asserts that neither demand nor cancellation arrives for <paramref name="duration"/> (default 100 ms).</summary>
    public TestPublisherProbe<T> ExpectNoMessage(TimeSpan? duration = null)
    {
        var wait = duration ?? TimeSpan.FromMilliseconds(100);
        if (_events.TryTake(wait, out var e))
        {
            throw new ProbeAssertionException($"Expected no message for {wait}, but got {(e.IsCancel ? "a cancellation" : "a request")}.");
        }

        return this;
    }

    /// <summary>Sends <paramref name="element"/> (held until downstream pulled, if it has not yet).</summary>
    public TestPublisherProbe<T> SendNext(T element)
    {
        _next!.Invoke(element);
        return this;
    }

    /// <summary>Sends each of <paramref name="elements"/>.</summary>
    public TestPublisherProbe<T> SendNext(IEnumerable<T> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        foreach (var e in elements)
        {
            SendNext(e);
        }

        return this;
    }

    /// <summary>Completes the stream (after the elements sent so far).</summary>
    public TestPublisherProbe<T> SendComplete()
    {
        _end!.Invoke(null);
        return this;
    }

    /// <summary>Fails the stream with <paramref name="error"/>.</summary>
    public TestPublisherProbe<T> SendError(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        _end!.Invoke(error);
        return this;
    }

    private (bool IsCancel, Exception? Cause) Take(string expected) =>
        _events.TryTake(Timeout, out var e)
            ? e
            : throw new ProbeAssertionException($"Expected {expected} within {Timeout}, but nothing arrived.");
}
