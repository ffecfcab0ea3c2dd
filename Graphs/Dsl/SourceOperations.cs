using Sluice.Graphs.Stages;

namespace Sluice.Graphs.Dsl;

/// <summary>
/// The operators of <see cref="FlowOperations"/> on sources: each forwards to the same stage through
/// <see cref="Source{TOut,TMat}.Via{TNext,TMat2}"/>. Semantics and docs live with the Flow operator.
/// </summary>
public static partial class SourceOperations
{
    /// <inheritdoc cref="FlowOperations.WatchTermination{TIn, TOut, TMat, TMat2}(Flow{TIn, TOut, TMat}, Func{TMat, Task, TMat2})"/>
    public static Source<TOut, TMat2> WatchTermination<TOut, TMat, TMat2>(this Source<TOut, TMat> source, Func<TMat, Task, TMat2> combine) =>
        source.ViaMaterialized(Flow.Create<TOut>().WatchTermination(Keep.Right), combine);

    /// <inheritdoc cref="FlowOperations.RecoverWith{TIn, TOut, TMat}(Flow{TIn, TOut, TMat}, Func{Exception, Source{TOut, NotUsed}}, int)"/>
    public static Source<TOut, TMat> RecoverWith<TOut, TMat>(
        this Source<TOut, TMat> source, Func<Exception, Source<TOut, NotUsed>?> recovery, int maxRetries = -1) =>
        source.Via(Flow.Create<TOut>().RecoverWith(recovery, maxRetries));

    /// <inheritdoc cref="FlowOperations.Concat{TIn, TOut, TMat, TMat2}(Flow{TIn, TOut, TMat}, Stage.IGraph{Stage.SourceShape{TOut}, TMat2})"/>
    public static Source<TOut, TMat> Concat<TOut, TMat, TMat2>(this Source<TOut, TMat> source, Stage.IGraph<Stage.SourceShape<TOut>, TMat2> other) =>
        source.Via(Flow.Create<TOut>().Concat(other));

    /// <inheritdoc cref="FlowOperations.Merge{TIn, TOut, TMat, TMat2}(Flow{TIn, TOut, TMat}, Stage.IGraph{Stage.SourceShape{TOut}, TMat2})"/>
    public static Source<TOut, TMat> Merge<TOut, TMat, TMat2>(this Source<TOut, TMat> source, Stage.IGraph<Stage.SourceShape<TOut>, TMat2> other) =>
        source.Via(Flow.Create<TOut>().Merge(other));

    /// <inheritdoc cref="FlowOperations.Zip{TIn, TOut, T2, TMat, TMat2}(Flow{TIn, TOut, TMat}, Stage.IGraph{Stage.SourceShape{T2}, TMat2})"/>
    public static Source<(TOut, T2), TMat> Zip<TOut, T2, TMat, TMat2>(this Source<TOut, TMat> source, Stage.IGraph<Stage.SourceShape<T2>, TMat2> other) =>
        source.Via(Flow.Create<TOut>().Zip(other));
}
