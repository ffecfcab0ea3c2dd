using System.Globalization;
using Sluice.Graphs.Stage;

namespace Sluice.TestKit.Streams;

/// <summary>
/// The downstream end of a stream under test (materialized by <see cref="TestSink.Probe{T}"/>): it requests
/// elements explicitly and asserts what arrives. Every expectation waits at most <see cref="Timeout"/> (default
/// 3 s) and, when it fails, says what arrived instead.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class TestSubscriberProbe<T>
{
    private readonly ProbeEventQueue<Event> _events = new();
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private AsyncCallback<long>? _request;
    private AsyncCallback<Exception?>? _cancel;

    internal TestSubscriberProbe(TimeSpan timeout) => Timeout = timeout;

    /// <summary>How long each expectation waits.</summary>
    public TimeSpan Timeout { get; set; }

    internal void Bind(AsyncCallback<long> request, AsyncCallback<Exception?> cancel)
    {
        _request = request;
        _cancel = cancel;
    }

    internal void OnSubscribe() => _subscribed.TrySetResult();

    internal void OnNext(T element) => _events.Add(new Event(EventKind.Next, element, null));

    internal void OnComplete() => _events.Add(new Event(EventKind.Complete, default, null));

    internal void OnError(Exception error) => _events.Add(new Event(EventKind.Error, default, error));

    /// <summary>Waits until the stream started.</summary>
    public TestSubscriberProbe<T> ExpectSubscription()
    {
        if (!_subscribed.Task.Wait(Timeout))
        {
            throw new ProbeAssertionException($"Expected the subscription within {Timeout}, but the stream did not start.");
        }

        return this;
    }

    /// <summary>Signals demand for <paramref name="n"/> more elements.</summary>
    public TestSubscriberProbe<T> Request(long n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        _request!.Invoke(n);
        return this;
    }

    /// <summary>Requests one element and returns it.</summary>
    public T RequestNext() => Request(1).ExpectNext();

    /// <summary>Requests one element and asserts it equals <paramref name="expected"/>.</summary>
    public TestSubscriberProbe<T> RequestNext(T expected) => Request(1).ExpectNext(expected);

    /// <summary>Cancels the stream from downstream.</summary>
    public TestSubscriberProbe<T> Cancel(Exception? cause = null)
    {
        _cancel!.Invoke(cause);
        return this;
    }

    /// <summary>Expects the next element and returns it.</summary>
    public T ExpectNext()
    {
        var e = Take("an element");
        return e.Kind == EventKind.Next ? e.Element! : throw Unexpected("an element", e);
    }

    /// <summary>Expects the next element to equal <paramref name="expected"/>.</summary>
    public TestSubscriberProbe<T> ExpectNext(T expected)
    {
        var e = Take($"OnNext({expected})");
        if (e.Kind != EventKind.Next || !EqualityComparer<T>.Default.Equals(e.Element, expected))
        {
            throw Unexpected($"OnNext({expected})", e);
        }

        return this;
    }

    /// <summary>Expects the next elements to equal <paramref name="expected"/>, in order.</summary>
    public TestSubscriberProbe<T> ExpectNext(params T[] expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        foreach (var x in expected)
        {
            ExpectNext(x);
        }

        return this;
    }

    /// <summary>Expects an element satisfying <paramref name="predicate"/> and returns it.</summary>
    public T ExpectNext(Func<T, bool> predicate, string description = "an element matching the predicate")
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var e = Take(description);
        if (e.Kind != EventKind.Next || !predicate(e.Element!))
        {
            throw Unexpected(description, e);
        }

        return e.Element!;
    }

    /// <summary>Expects <paramref name="n"/> elements and returns them.</summary>
    public IReadOnlyList<T> ExpectNextN(long n)
    {
        var list = new List<T>();
        for (var i = 0; i < n; i++)
        {
            var e = Take($"element {i + 1} of {n}");
            if (e.Kind != EventKind.Next)
            {
                throw Unexpected($"element {i + 1} of {n} (got [{string.Join(", ", list)}] so far)", e);
            }

            list.Add(e.Element!);
        }

        return list;
    }

    /// <summary>Expects exactly the elements of <paramref name="expected"/>, in order.</summary>
    public TestSubscriberProbe<T> ExpectNextN(IEnumerable<T> expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var want = expected.ToList();
        var got = ExpectNextN(want.Count);
        if (!want.SequenceEqual(got))
        {
            throw new ProbeAssertionException($"Expected [{string.Join(", ", want)}] but got [{string.Join(", ", got)}].");
        }

        return this;
    }

    /// <summary>Expects the stream to complete.</summary>
    public TestSubscriberProbe<T> ExpectComplete()
    {
        var e = Take("OnComplete");
        return e.Kind == EventKind.Complete ? this : throw Unexpected("OnComplete", e);
    }

    /// <summary>Expects the stream to fail and returns the exception.</summary>
    public Exception ExpectError()
    {
        var e = Take("OnError");
        return e.Kind == EventKind.Error ? e.Error! : throw Unexpected("OnError", e);
    }

    /// <summary>Expects the subscription, then completion.</summary>
    public TestSubscriberProbe<T> ExpectSubscriptionAndComplete() => ExpectSubscription().ExpectComplete();

    /// <summary>Expects the subscription, then a failure, and returns it.</summary>
    public Exception ExpectSubscriptionAndError() => ExpectSubscription().ExpectError();

    /// <summary>Asserts that nothing arrives for <paramref name="duration"/> (default 100 ms).</summary>
    public TestSubscriberProbe<T> ExpectNoMessage(TimeSpan? duration = null)
    {
        var wait = duration ?? TimeSpan.FromMilliseconds(100);
        if (_events.TryTake(wait, out var e))
        {
            throw new ProbeAssertionException($"Expected no message for {wait}, but got {Describe(e)}.");
        }

        return this;
    }

    private Event Take(string expected) =>
        _events.TryTake(Timeout, out var e)
            ? e
            : throw new ProbeAssertionException($"Expected {expected} within {Timeout}, but nothing arrived.");

    private static ProbeAssertionException Unexpected(string expected, Event got) =>
        new($"Expected {expected}, but got {Describe(got)}.");

    private static string Describe(Event e) => e.Kind switch
    {
        EventKind.Next => string.Create(CultureInfo.InvariantCulture, $"OnNext({e.Element})"),
        EventKind.Complete => "OnComplete",
        _ => $"OnError({e.Error!.GetType().Name}: {e.Error.Message})",
    };

    private enum EventKind
    {
        Next,
        Complete,
        Error,
    }

    private readonly record struct Event(EventKind Kind, T? Element, Exception? Error);
}
