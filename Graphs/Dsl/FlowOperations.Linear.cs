using Microsoft.Extensions.Logging;
using Sluice.Graphs.Stages;

namespace Sluice.Graphs.Dsl;


public static partial class FlowOperations
{
    /// <summary>
    /// Transforms each element with <paramref name="selector"/>. Honours supervision.
    /// <para><b>Emits when</b> the selector returned for an element.</para>
    /// <para><b>Backpressures when</b> downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TNext, TMat> Select<TIn, TOut, TNext, TMat>(this Flow<TIn, TOut, TMat> flow, Func<TOut, TNext> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return flow.Via(new Select<TOut, TNext>(selector));
    }

    /// <summary>
    /// Replaces each element by the elements of the sequence <paramref name="selector"/> returns, in order. Honours supervision.
    /// <para><b>Emits when</b> an item of the current sequence is ready.</para>
    /// <para><b>Backpressures when</b> downstream backpressures, or the current sequence is not exhausted.</para>
    /// <para><b>Completes when</b> upstream completes and the current sequence is exhausted.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TNext, TMat> SelectMany<TIn, TOut, TNext, TMat>(this Flow<TIn, TOut, TMat> flow, Func<TOut, IEnumerable<TNext>> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return flow.Via(new SelectMany<TOut, TNext>(selector));
    }

    /// <summary>
    /// Passes only the elements for which <paramref name="predicate"/> is true. Honours supervision.
    /// <para><b>Emits when</b> an element passes the predicate.</para>
    /// <para><b>Backpressures when</b> an element passes and downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> Where<TIn, TOut, TMat>(this Flow<TIn, TOut, TMat> flow, Func<TOut, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return flow.Via(new Where<TOut>(predicate));
    }

    /// <summary>
    /// Applies a partial function: emits its result for the elements it matches and skips the others. Honours supervision.
    /// <para><b>Emits when</b> the collector matches an element.</para>
    /// <para><b>Backpressures when</b> the collector matches and downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TNext, TMat> Collect<TIn, TOut, TNext, TMat>(this Flow<TIn, TOut, TMat> flow, Collector<TOut, TNext> collector)
    {
        ArgumentNullException.ThrowIfNull(collector);
        return flow.Via(new Collect<TOut, TNext>(collector));
    }

    /// <summary>
    /// Emits <paramref name="seed"/>, then the running accumulation after each element (Restart resets to the seed). Honours supervision.
    /// <para><b>Emits when</b> the seed is pulled, then each time an element was accumulated.</para>
    /// <para><b>Backpressures when</b> downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TAcc, TMat> Scan<TIn, TOut, TAcc, TMat>(this Flow<TIn, TOut, TMat> flow, TAcc seed, Func<TAcc, TOut, TAcc> scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return flow.Via(new Scan<TOut, TAcc>(seed, scan));
    }

    /// <summary>
    /// Folds all elements into one value and emits it when upstream completes (Restart resets to the seed). Honours supervision.
    /// <para><b>Emits when</b> upstream completes.</para>
    /// <para><b>Backpressures when</b> downstream backpressures after completion.</para>
    /// <para><b>Completes when</b> upstream completes and the result was emitted.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TAcc, TMat> Aggregate<TIn, TOut, TAcc, TMat>(this Flow<TIn, TOut, TMat> flow, TAcc seed, Func<TAcc, TOut, TAcc> aggregate)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        return flow.Via(new Aggregate<TOut, TAcc>(seed, aggregate));
    }

    /// <summary>
    /// Passes the first <paramref name="count"/> elements, then completes and cancels upstream.
    /// <para><b>Emits when</b> the count is not reached.</para>
    /// <para><b>Backpressures when</b> downstream backpressures.</para>
    /// <para><b>Completes when</b> the count is reached, or upstream completes.</para>
    /// <para><b>Cancels when</b> the count is reached, or downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> Take<TIn, TOut, TMat>(this Flow<TIn, TOut, TMat> flow, long count)
    {
        return flow.Via(new Take<TOut>(count));
    }

    /// <summary>
    /// Passes elements while <paramref name="predicate"/> holds (with <paramref name="inclusive"/>, also the first element that fails it), then completes.
    /// <para><b>Emits when</b> the predicate holds.</para>
    /// <para><b>Backpressures when</b> downstream backpressures.</para>
    /// <para><b>Completes when</b> the predicate fails, or upstream completes.</para>
    /// <para><b>Cancels when</b> the predicate fails, or downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> TakeWhile<TIn, TOut, TMat>(this Flow<TIn, TOut, TMat> flow, Func<TOut, bool> predicate, bool inclusive = false)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return flow.Via(new TakeWhile<TOut>(predicate, inclusive));
    }

    /// <summary>
    /// Drops the first <paramref name="count"/> elements.
    /// <para><b>Emits when</b> the count was reached and an element arrives.</para>
    /// <para><b>Backpressures when</b> the count was reached and downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> Skip<TIn, TOut, TMat>(this Flow<TIn, TOut, TMat> flow, long count)
    {
        return flow.Via(new Skip<TOut>(count));
    }

    /// <summary>
    /// Drops elements while <paramref name="predicate"/> holds, then passes all.
    /// <para><b>Emits when</b> the predicate failed once.</para>
    /// <para><b>Backpressures when</b> the predicate failed once and downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> SkipWhile<TIn, TOut, TMat>(this Flow<TIn, TOut, TMat> flow, Func<TOut, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return flow.Via(new SkipWhile<TOut>(predicate));
    }

    /// <summary>
    /// Emits lists of <paramref name="size"/> elements; the last may be shorter.
    /// <para><b>Emits when</b> a list is full, or upstream completed with a partial list.</para>
    /// <para><b>Backpressures when</b> a list is full and downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes and the last list was emitted.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, IReadOnlyList<TOut>, TMat> Grouped<TIn, TOut, TMat>(this Flow<TIn, TOut, TMat> flow, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        return flow.Via(new Grouped<TOut>(size));
    }

    /// <summary>
    /// Emits a group when it holds <paramref name="size"/> elements or when <paramref name="interval"/> passed since the last group, whichever comes first; never emits an empty group.
    /// <para><b>Emits when</b> the group is full or the interval elapsed with at least one element.</para>
    /// <para><b>Backpressures when</b> a group is ready and downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes and the rest was emitted.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, IReadOnlyList<TOut>, TMat> GroupedWithin<TIn, TOut, TMat>(this Flow<TIn, TOut, TMat> flow, int size, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return flow.Via(new GroupedWithin<TOut>(size, interval));
    }

    /// <summary>
    /// Buffers up to <paramref name="size"/> elements so upstream can run ahead; when full, <paramref name="overflow"/> decides.
    /// <para><b>Emits when</b> downstream pulls and the buffer is not empty.</para>
    /// <para><b>Backpressures when</b> the buffer is full and the strategy is Backpressure.</para>
    /// <para><b>Completes when</b> upstream completes and the buffer is empty.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> Buffer<TIn, TOut, TMat>(this Flow<TIn, TOut, TMat> flow, int size, OverflowStrategy overflow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        return flow.Via(new Buffer<TOut>(size, overflow));
    }

    /// <summary>
    /// Limits the rate to <paramref name="elements"/> per <paramref name="per"/>, allowing bursts of <paramref name="maximumBurst"/> (a token bucket on the materializer's clock).
    /// <para><b>Emits when</b> the rate allows and downstream pulled.</para>
    /// <para><b>Backpressures when</b> downstream backpressures, or the rate does not allow (Shaping).</para>
    /// <para><b>Completes when</b> upstream completes and no element is held.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> Throttle<TIn, TOut, TMat>(this Flow<TIn, TOut, TMat> flow, int elements, TimeSpan per, int maximumBurst, ThrottleMode mode = ThrottleMode.Shaping)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(elements, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(per, TimeSpan.Zero);
        return flow.Via(new Throttle<TOut>(elements, per, maximumBurst, static _ => 1, mode));
    }

    /// <summary>
    /// Limits the rate to <paramref name="cost"/> units per <paramref name="per"/>, an element costing what <paramref name="costCalculation"/> says, bursts up to <paramref name="maximumBurst"/> units.
    /// <para><b>Emits when</b> the rate allows and downstream pulled.</para>
    /// <para><b>Backpressures when</b> downstream backpressures, or the rate does not allow (Shaping).</para>
    /// <para><b>Completes when</b> upstream completes and no element is held.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> Throttle<TIn, TOut, TMat>(this Flow<TIn, TOut, TMat> flow, int cost, TimeSpan per, int maximumBurst, Func<TOut, int> costCalculation, ThrottleMode mode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cost, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(per, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(costCalculation);
        return flow.Via(new Throttle<TOut>(cost, per, maximumBurst, costCalculation, mode));
    }

    /// <summary>
    /// While downstream is slower, combines waiting elements into one with <paramref name="aggregate"/>; never backpressures. Honours supervision.
    /// <para><b>Emits when</b> downstream pulls and there is a summary.</para>
    /// <para><b>Backpressures when</b> never.</para>
    /// <para><b>Completes when</b> upstream completes and the summary was emitted.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> Conflate<TIn, TOut, TMat>(this Flow<TIn, TOut, TMat> flow, Func<TOut, TOut, TOut> aggregate)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        return flow.Via(new Conflate<TOut, TOut>(static x => x, aggregate, long.MaxValue, "conflate"));
    }

    /// <summary>
    /// While downstream is slower, summarizes waiting elements: <paramref name="seed"/> starts a summary, <paramref name="aggregate"/> adds to it; never backpressures. Honours supervision.
    /// <para><b>Emits when</b> downstream pulls and there is a summary.</para>
    /// <para><b>Backpressures when</b> never.</para>
    /// <para><b>Completes when</b> upstream completes and the summary was emitted.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TSeed, TMat> ConflateWithSeed<TIn, TOut, TSeed, TMat>(this Flow<TIn, TOut, TMat> flow, Func<TOut, TSeed> seed, Func<TSeed, TOut, TSeed> aggregate)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(aggregate);
        return flow.Via(new Conflate<TOut, TSeed>(seed, aggregate, long.MaxValue, "conflate"));
    }

    /// <summary>
    /// Like ConflateWithSeed, but a batch holds at most <paramref name="max"/> elements. Honours supervision.
    /// <para><b>Emits when</b> downstream pulls and there is a batch.</para>
    /// <para><b>Backpressures when</b> the batch holds max elements and downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes and the batch was emitted.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TSeed, TMat> Batch<TIn, TOut, TSeed, TMat>(this Flow<TIn, TOut, TMat> flow, long max, Func<TOut, TSeed> seed, Func<TSeed, TOut, TSeed> aggregate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(aggregate);
        return flow.Via(new Conflate<TOut, TSeed>(seed, aggregate, max, "batch"));
    }

    /// <summary>
    /// While downstream is faster, emits further values extrapolated from the last element (the iterator <paramref name="extrapolate"/> returns).
    /// <para><b>Emits when</b> downstream pulls and the iterator has a value.</para>
    /// <para><b>Backpressures when</b> downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes and the current element was emitted once.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TNext, TMat> Expand<TIn, TOut, TNext, TMat>(this Flow<TIn, TOut, TMat> flow, Func<TOut, IEnumerator<TNext>> extrapolate)
    {
        ArgumentNullException.ThrowIfNull(extrapolate);
        return flow.Via(new Expand<TOut, TNext>(extrapolate));
    }

    /// <summary>
    /// Shifts each element by <paramref name="delay"/> after its arrival (at most 16 wait at once).
    /// <para><b>Emits when</b> an element's delay elapsed and downstream pulled.</para>
    /// <para><b>Backpressures when</b> 16 elements wait.</para>
    /// <para><b>Completes when</b> upstream completes and every element was emitted.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> Delay<TIn, TOut, TMat>(this Flow<TIn, TOut, TMat> flow, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return flow.Via(new Delay<TOut>(delay));
    }

    /// <summary>
    /// Emits the latest element once per <paramref name="interval"/>, if a new one arrived; drops the others.
    /// <para><b>Emits when</b> the interval elapsed, a new element arrived since the last sample, and downstream pulled.</para>
    /// <para><b>Backpressures when</b> never.</para>
    /// <para><b>Completes when</b> upstream completes (after emitting a pending sample).</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> Sample<TIn, TOut, TMat>(this Flow<TIn, TOut, TMat> flow, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return flow.Via(new Sample<TOut>(interval));
    }

    /// <summary>
    /// Runs <paramref name="selector"/> with up to <paramref name="parallelism"/> tasks at once and emits their results in input order. Honours supervision.
    /// <para><b>Emits when</b> the task of the oldest element completed.</para>
    /// <para><b>Backpressures when</b> parallelism tasks run, or the oldest is done and downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes and every task's result was emitted.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TNext, TMat> SelectAsync<TIn, TOut, TNext, TMat>(this Flow<TIn, TOut, TMat> flow, int parallelism, Func<TOut, Task<TNext>> selector)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        ArgumentNullException.ThrowIfNull(selector);
        return flow.Via(new SelectAsync<TOut, TNext>(parallelism, selector, ordered: true));
    }

    /// <summary>
    /// Runs <paramref name="selector"/> with up to <paramref name="parallelism"/> tasks at once and emits results as tasks finish. Honours supervision.
    /// <para><b>Emits when</b> any task completed.</para>
    /// <para><b>Backpressures when</b> parallelism tasks run or wait for downstream.</para>
    /// <para><b>Completes when</b> upstream completes and every task's result was emitted.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TNext, TMat> SelectAsyncUnordered<TIn, TOut, TNext, TMat>(this Flow<TIn, TOut, TMat> flow, int parallelism, Func<TOut, Task<TNext>> selector)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        ArgumentNullException.ThrowIfNull(selector);
        return flow.Via(new SelectAsync<TOut, TNext>(parallelism, selector, ordered: false));
    }

    /// <summary>
    /// When upstream fails (and <paramref name="when"/> accepts the exception), emits <paramref name="recovery"/>'s element and completes.
    /// <para><b>Emits when</b> upstream emits, or upstream failed and the recovery element is pulled.</para>
    /// <para><b>Backpressures when</b> downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes, or after the recovery element.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> Recover<TIn, TOut, TMat>(this Flow<TIn, TOut, TMat> flow, Func<Exception, TOut> recovery, Func<Exception, bool>? when = null)
    {
        ArgumentNullException.ThrowIfNull(recovery);
        return flow.Via(new Recover<TOut>(recovery, when));
    }

    /// <summary>
    /// Replaces the exception of an upstream failure with <paramref name="map"/>'s.
    /// <para><b>Emits when</b> upstream emits.</para>
    /// <para><b>Backpressures when</b> downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes (or fails, with the mapped exception).</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> MapError<TIn, TOut, TMat>(this Flow<TIn, TOut, TMat> flow, Func<Exception, Exception> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return flow.Via(new MapError<TOut>(map));
    }

    /// <summary>
    /// Logs each element (or <paramref name="extract"/>'s view of it), completion, failure and cancellation to the materializer's logger factory at <paramref name="level"/>.
    /// <para><b>Emits when</b> upstream emits.</para>
    /// <para><b>Backpressures when</b> downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> Log<TIn, TOut, TMat>(this Flow<TIn, TOut, TMat> flow, string name, Func<TOut, object?>? extract = null, LogLevel level = LogLevel.Debug)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return flow.Via(new LogStage<TOut>(name, extract, level));
    }

    /// <summary>
    /// Emits <paramref name="separator"/> between elements.
    /// <para><b>Emits when</b> upstream emits, or a separator is due.</para>
    /// <para><b>Backpressures when</b> downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> Intersperse<TIn, TOut, TMat>(this Flow<TIn, TOut, TMat> flow, TOut separator)
    {
        return flow.Via(new Intersperse<TOut>(default, separator, default, false, false));
    }

    /// <summary>
    /// Emits <paramref name="start"/> first, <paramref name="separator"/> between elements and <paramref name="end"/> last (start and end also for an empty stream).
    /// <para><b>Emits when</b> upstream emits, or start, a separator or end is due.</para>
    /// <para><b>Backpressures when</b> downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes and end was emitted.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> Intersperse<TIn, TOut, TMat>(this Flow<TIn, TOut, TMat> flow, TOut start, TOut separator, TOut end)
    {
        return flow.Via(new Intersperse<TOut>(start, separator, end, true, true));
    }

    /// <summary>
    /// Drops an element equal to one of the last <paramref name="window"/> elements passed.
    /// <para><b>Emits when</b> an element is not among the last window passed.</para>
    /// <para><b>Backpressures when</b> an element passes and downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> Distinct<TIn, TOut, TMat>(this Flow<TIn, TOut, TMat> flow, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        return flow.Via(new Distinct<TOut, TOut>(static x => x, window, null));
    }

    /// <summary>
    /// Drops an element whose key equals the key of one of the last <paramref name="window"/> elements passed.
    /// <para><b>Emits when</b> an element's key is not among the last window passed.</para>
    /// <para><b>Backpressures when</b> an element passes and downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> DistinctBy<TIn, TOut, TKey, TMat>(this Flow<TIn, TOut, TMat> flow, Func<TOut, TKey> keySelector, int window)
    {
        ArgumentNullException.ThrowIfNull(keySelector);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        return flow.Via(new Distinct<TOut, TKey>(keySelector, window, null));
    }

    /// <summary>
    /// Injects <paramref name="inject"/>'s element when downstream waits and nothing passed for <paramref name="idle"/>.
    /// <para><b>Emits when</b> upstream emits, or nothing passed for the idle time and downstream pulled.</para>
    /// <para><b>Backpressures when</b> downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> KeepAlive<TIn, TOut, TMat>(this Flow<TIn, TOut, TMat> flow, TimeSpan idle, Func<TOut> inject)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idle, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(inject);
        return flow.Via(new KeepAlive<TOut>(idle, inject));
    }

    /// <summary>
    /// Fails the stream (a StreamStageException wrapping a TimeoutException) if the first element does not arrive within <paramref name="timeout"/>.
    /// <para><b>Emits when</b> upstream emits.</para>
    /// <para><b>Backpressures when</b> downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes, or fails when the first element is late.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> InitialTimeout<TIn, TOut, TMat>(this Flow<TIn, TOut, TMat> flow, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        return flow.Via(new Timeout<TOut>(timeout, TimeoutKind.Initial));
    }

    /// <summary>
    /// Fails the stream (a StreamStageException wrapping a TimeoutException) when no element passed for <paramref name="timeout"/>.
    /// <para><b>Emits when</b> upstream emits.</para>
    /// <para><b>Backpressures when</b> downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes, or fails when idle too long.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> IdleTimeout<TIn, TOut, TMat>(this Flow<TIn, TOut, TMat> flow, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        return flow.Via(new Timeout<TOut>(timeout, TimeoutKind.Idle));
    }

    /// <summary>
    /// Fails the stream (a StreamStageException wrapping a TimeoutException) if it did not complete within <paramref name="timeout"/>.
    /// <para><b>Emits when</b> upstream emits.</para>
    /// <para><b>Backpressures when</b> downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes, or fails when the timeout passes first.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> CompletionTimeout<TIn, TOut, TMat>(this Flow<TIn, TOut, TMat> flow, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        return flow.Via(new Timeout<TOut>(timeout, TimeoutKind.Completion));
    }
}
