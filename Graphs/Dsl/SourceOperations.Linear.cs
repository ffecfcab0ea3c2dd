using Microsoft.Extensions.Logging;

namespace Sluice.Graphs.Dsl;


public static partial class SourceOperations
{
    /// <inheritdoc cref="FlowOperations.Select{TIn, TOut, TNext, TMat}(Flow{TIn, TOut, TMat}, Func{TOut, TNext})"/>
    public static Source<TNext, TMat> Select<TOut, TNext, TMat>(this Source<TOut, TMat> source, Func<TOut, TNext> selector) =>
        source.Via(Flow.Create<TOut>().Select(selector));

    /// <inheritdoc cref="FlowOperations.SelectMany{TIn, TOut, TNext, TMat}(Flow{TIn, TOut, TMat}, Func{TOut, IEnumerable{TNext}})"/>
    public static Source<TNext, TMat> SelectMany<TOut, TNext, TMat>(this Source<TOut, TMat> source, Func<TOut, IEnumerable<TNext>> selector) =>
        source.Via(Flow.Create<TOut>().SelectMany(selector));

    /// <inheritdoc cref="FlowOperations.Where{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, Func{TOut, bool})"/>
    public static Source<TOut, TMat> Where<TOut, TMat>(this Source<TOut, TMat> source, Func<TOut, bool> predicate) =>
        source.Via(Flow.Create<TOut>().Where(predicate));

    /// <inheritdoc cref="FlowOperations.Collect{TIn, TOut, TNext, TMat}(Flow{TIn, TOut, TMat}, Collector{TOut, TNext})"/>
    public static Source<TNext, TMat> Collect<TOut, TNext, TMat>(this Source<TOut, TMat> source, Collector<TOut, TNext> collector) =>
        source.Via(Flow.Create<TOut>().Collect(collector));

    /// <inheritdoc cref="FlowOperations.Scan{TIn, TOut, TAcc, TMat}(Flow{TIn, TOut, TMat}, TAcc, Func{TAcc, TOut, TAcc})"/>
    public static Source<TAcc, TMat> Scan<TOut, TAcc, TMat>(this Source<TOut, TMat> source, TAcc seed, Func<TAcc, TOut, TAcc> scan) =>
        source.Via(Flow.Create<TOut>().Scan(seed, scan));

    /// <inheritdoc cref="FlowOperations.Aggregate{TIn, TOut, TAcc, TMat}(Flow{TIn, TOut, TMat}, TAcc, Func{TAcc, TOut, TAcc})"/>
    public static Source<TAcc, TMat> Aggregate<TOut, TAcc, TMat>(this Source<TOut, TMat> source, TAcc seed, Func<TAcc, TOut, TAcc> aggregate) =>
        source.Via(Flow.Create<TOut>().Aggregate(seed, aggregate));

    /// <inheritdoc cref="FlowOperations.Take{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, long)"/>
    public static Source<TOut, TMat> Take<TOut, TMat>(this Source<TOut, TMat> source, long count) =>
        source.Via(Flow.Create<TOut>().Take(count));

    /// <inheritdoc cref="FlowOperations.TakeWhile{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, Func{TOut, bool}, bool)"/>
    public static Source<TOut, TMat> TakeWhile<TOut, TMat>(this Source<TOut, TMat> source, Func<TOut, bool> predicate, bool inclusive = false) =>
        source.Via(Flow.Create<TOut>().TakeWhile(predicate, inclusive));

    /// <inheritdoc cref="FlowOperations.Skip{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, long)"/>
    public static Source<TOut, TMat> Skip<TOut, TMat>(this Source<TOut, TMat> source, long count) =>
        source.Via(Flow.Create<TOut>().Skip(count));

    /// <inheritdoc cref="FlowOperations.SkipWhile{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, Func{TOut, bool})"/>
    public static Source<TOut, TMat> SkipWhile<TOut, TMat>(this Source<TOut, TMat> source, Func<TOut, bool> predicate) =>
        source.Via(Flow.Create<TOut>().SkipWhile(predicate));

    /// <inheritdoc cref="FlowOperations.Grouped{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, int)"/>
    public static Source<IReadOnlyList<TOut>, TMat> Grouped<TOut, TMat>(this Source<TOut, TMat> source, int size) =>
        source.Via(Flow.Create<TOut>().Grouped(size));

    /// <inheritdoc cref="FlowOperations.GroupedWithin{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, int, TimeSpan)"/>
    public static Source<IReadOnlyList<TOut>, TMat> GroupedWithin<TOut, TMat>(this Source<TOut, TMat> source, int size, TimeSpan interval) =>
        source.Via(Flow.Create<TOut>().GroupedWithin(size, interval));

    /// <inheritdoc cref="FlowOperations.Buffer{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, int, OverflowStrategy)"/>
    public static Source<TOut, TMat> Buffer<TOut, TMat>(this Source<TOut, TMat> source, int size, OverflowStrategy overflow) =>
        source.Via(Flow.Create<TOut>().Buffer(size, overflow));

    /// <inheritdoc cref="FlowOperations.Throttle{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, int, TimeSpan, int, ThrottleMode)"/>
    public static Source<TOut, TMat> Throttle<TOut, TMat>(this Source<TOut, TMat> source, int elements, TimeSpan per, int maximumBurst, ThrottleMode mode = ThrottleMode.Shaping) =>
        source.Via(Flow.Create<TOut>().Throttle(elements, per, maximumBurst, mode));

    /// <inheritdoc cref="FlowOperations.Throttle{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, int, TimeSpan, int, Func{TOut, int}, ThrottleMode)"/>
    public static Source<TOut, TMat> Throttle<TOut, TMat>(this Source<TOut, TMat> source, int cost, TimeSpan per, int maximumBurst, Func<TOut, int> costCalculation, ThrottleMode mode) =>
        source.Via(Flow.Create<TOut>().Throttle(cost, per, maximumBurst, costCalculation, mode));

    /// <inheritdoc cref="FlowOperations.Conflate{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, Func{TOut, TOut, TOut})"/>
    public static Source<TOut, TMat> Conflate<TOut, TMat>(this Source<TOut, TMat> source, Func<TOut, TOut, TOut> aggregate) =>
        source.Via(Flow.Create<TOut>().Conflate(aggregate));

    /// <inheritdoc cref="FlowOperations.ConflateWithSeed{TIn, TOut, TSeed, TMat}(Flow{TIn, TOut, TMat}, Func{TOut, TSeed}, Func{TSeed, TOut, TSeed})"/>
    public static Source<TSeed, TMat> ConflateWithSeed<TOut, TSeed, TMat>(this Source<TOut, TMat> source, Func<TOut, TSeed> seed, Func<TSeed, TOut, TSeed> aggregate) =>
        source.Via(Flow.Create<TOut>().ConflateWithSeed(seed, aggregate));

    /// <inheritdoc cref="FlowOperations.Batch{TIn, TOut, TSeed, TMat}(Flow{TIn, TOut, TMat}, long, Func{TOut, TSeed}, Func{TSeed, TOut, TSeed})"/>
    public static Source<TSeed, TMat> Batch<TOut, TSeed, TMat>(this Source<TOut, TMat> source, long max, Func<TOut, TSeed> seed, Func<TSeed, TOut, TSeed> aggregate) =>
        source.Via(Flow.Create<TOut>().Batch(max, seed, aggregate));

    /// <inheritdoc cref="FlowOperations.Expand{TIn, TOut, TNext, TMat}(Flow{TIn, TOut, TMat}, Func{TOut, IEnumerator{TNext}})"/>
    public static Source<TNext, TMat> Expand<TOut, TNext, TMat>(this Source<TOut, TMat> source, Func<TOut, IEnumerator<TNext>> extrapolate) =>
        source.Via(Flow.Create<TOut>().Expand(extrapolate));

    /// <inheritdoc cref="FlowOperations.Delay{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, TimeSpan)"/>
    public static Source<TOut, TMat> Delay<TOut, TMat>(this Source<TOut, TMat> source, TimeSpan delay) =>
        source.Via(Flow.Create<TOut>().Delay(delay));

    /// <inheritdoc cref="FlowOperations.Sample{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, TimeSpan)"/>
    public static Source<TOut, TMat> Sample<TOut, TMat>(this Source<TOut, TMat> source, TimeSpan interval) =>
        source.Via(Flow.Create<TOut>().Sample(interval));

    /// <inheritdoc cref="FlowOperations.SelectAsync{TIn, TOut, TNext, TMat}(Flow{TIn, TOut, TMat}, int, Func{TOut, Task{TNext}})"/>
    public static Source<TNext, TMat> SelectAsync<TOut, TNext, TMat>(this Source<TOut, TMat> source, int parallelism, Func<TOut, Task<TNext>> selector) =>
        source.Via(Flow.Create<TOut>().SelectAsync(parallelism, selector));

    /// <inheritdoc cref="FlowOperations.SelectAsyncUnordered{TIn, TOut, TNext, TMat}(Flow{TIn, TOut, TMat}, int, Func{TOut, Task{TNext}})"/>
    public static Source<TNext, TMat> SelectAsyncUnordered<TOut, TNext, TMat>(this Source<TOut, TMat> source, int parallelism, Func<TOut, Task<TNext>> selector) =>
        source.Via(Flow.Create<TOut>().SelectAsyncUnordered(parallelism, selector));

    /// <inheritdoc cref="FlowOperations.Recover{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, Func{Exception, TOut}, Func{Exception, bool})"/>
    public static Source<TOut, TMat> Recover<TOut, TMat>(this Source<TOut, TMat> source, Func<Exception, TOut> recovery, Func<Exception, bool>? when = null) =>
        source.Via(Flow.Create<TOut>().Recover(recovery, when));

    /// <inheritdoc cref="FlowOperations.MapError{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, Func{Exception, Exception})"/>
    public static Source<TOut, TMat> MapError<TOut, TMat>(this Source<TOut, TMat> source, Func<Exception, Exception> map) =>
        source.Via(Flow.Create<TOut>().MapError(map));

    /// <inheritdoc cref="FlowOperations.Log{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, string, Func{TOut, object}, LogLevel)"/>
    public static Source<TOut, TMat> Log<TOut, TMat>(this Source<TOut, TMat> source, string name, Func<TOut, object?>? extract = null, LogLevel level = LogLevel.Debug) =>
        source.Via(Flow.Create<TOut>().Log(name, extract, level));

    /// <inheritdoc cref="FlowOperations.Intersperse{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, TOut)"/>
    public static Source<TOut, TMat> Intersperse<TOut, TMat>(this Source<TOut, TMat> source, TOut separator) =>
        source.Via(Flow.Create<TOut>().Intersperse(separator));

    /// <inheritdoc cref="FlowOperations.Intersperse{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, TOut, TOut, TOut)"/>
    public static Source<TOut, TMat> Intersperse<TOut, TMat>(this Source<TOut, TMat> source, TOut start, TOut separator, TOut end) =>
        source.Via(Flow.Create<TOut>().Intersperse(start, separator, end));

    /// <inheritdoc cref="FlowOperations.Distinct{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, int)"/>
    public static Source<TOut, TMat> Distinct<TOut, TMat>(this Source<TOut, TMat> source, int window) =>
        source.Via(Flow.Create<TOut>().Distinct(window));

    /// <inheritdoc cref="FlowOperations.DistinctBy{TIn, TOut, TKey, TMat}(Flow{TIn, TOut, TMat}, Func{TOut, TKey}, int)"/>
    public static Source<TOut, TMat> DistinctBy<TOut, TKey, TMat>(this Source<TOut, TMat> source, Func<TOut, TKey> keySelector, int window) =>
        source.Via(Flow.Create<TOut>().DistinctBy(keySelector, window));

    /// <inheritdoc cref="FlowOperations.KeepAlive{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, TimeSpan, Func{TOut})"/>
    public static Source<TOut, TMat> KeepAlive<TOut, TMat>(this Source<TOut, TMat> source, TimeSpan idle, Func<TOut> inject) =>
        source.Via(Flow.Create<TOut>().KeepAlive(idle, inject));

    /// <inheritdoc cref="FlowOperations.InitialTimeout{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, TimeSpan)"/>
    public static Source<TOut, TMat> InitialTimeout<TOut, TMat>(this Source<TOut, TMat> source, TimeSpan timeout) =>
        source.Via(Flow.Create<TOut>().InitialTimeout(timeout));

    /// <inheritdoc cref="FlowOperations.IdleTimeout{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, TimeSpan)"/>
    public static Source<TOut, TMat> IdleTimeout<TOut, TMat>(this Source<TOut, TMat> source, TimeSpan timeout) =>
        source.Via(Flow.Create<TOut>().IdleTimeout(timeout));

    /// <inheritdoc cref="FlowOperations.CompletionTimeout{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, TimeSpan)"/>
    public static Source<TOut, TMat> CompletionTimeout<TOut, TMat>(this Source<TOut, TMat> source, TimeSpan timeout) =>
        source.Via(Flow.Create<TOut>().CompletionTimeout(timeout));
}
