using Sluice.Graphs.Junctions;
using Sluice.Graphs.Stage;
using Sluice.Graphs.Stages;

namespace Sluice.Graphs.Dsl;

/// <summary>
/// The stream operators, defined once, on <see cref="Flow{TIn,TOut,TMat}"/>. Sources get the same operators in
/// <see cref="SourceOperations"/>, where each is a one-line forwarder through <c>Source.Via</c> to the same stage
/// (C# has no higher-kinded types to return "the same kind of graph" from one definition).
/// Operators marked "honours supervision" react to exceptions from user code as the
/// <see cref="StageAttributes.Supervision"/> decider says; the others fail the stream.
/// </summary>
public static partial class FlowOperations
{
    /// <summary>
    /// Passes elements through and materializes a task that completes when the stream passing here ends: successfully on
    /// completion or cancellation, failed with the failure. <paramref name="combine"/> joins it with the materialized value.
    /// <para><b>Emits when</b> upstream emits.</para>
    /// <para><b>Backpressures when</b> downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat2> WatchTermination<TIn, TOut, TMat, TMat2>(this Flow<TIn, TOut, TMat> flow, Func<TMat, Task, TMat2> combine)
    {
        ArgumentNullException.ThrowIfNull(combine);
        return flow.ViaMaterialized(new WatchTermination<TOut>(), combine);
    }

    /// <summary>
    /// When upstream fails, continues with the source <paramref name="recovery"/> returns for the exception (null: fail
    /// as before), at most <paramref name="maxRetries"/> times (negative: unlimited); the replacement may fail and be
    /// replaced again.
    /// <para><b>Emits when</b> upstream or the current replacement emits.</para>
    /// <para><b>Backpressures when</b> downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream or the current replacement completes.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> RecoverWith<TIn, TOut, TMat>(
        this Flow<TIn, TOut, TMat> flow, Func<Exception, Source<TOut, NotUsed>?> recovery, int maxRetries = -1)
    {
        ArgumentNullException.ThrowIfNull(recovery);
        return flow.Via(new RecoverWith<TOut>(recovery, maxRetries));
    }

    /// <summary>
    /// Emits this stream's elements, then those of <paramref name="other"/> (which is not pulled before this stream completed).
    /// <para><b>Emits when</b> the current input emits.</para>
    /// <para><b>Backpressures when</b> downstream backpressures.</para>
    /// <para><b>Completes when</b> both completed.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> Concat<TIn, TOut, TMat, TMat2>(this Flow<TIn, TOut, TMat> flow, IGraph<SourceShape<TOut>, TMat2> other) =>
        flow.Via(FanInWith(other, () => new Concat<TOut>(2)));

    /// <summary>
    /// Emits the elements of this stream and of <paramref name="other"/> as they arrive.
    /// <para><b>Emits when</b> either input emits.</para>
    /// <para><b>Backpressures when</b> downstream backpressures.</para>
    /// <para><b>Completes when</b> both completed.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, TMat> Merge<TIn, TOut, TMat, TMat2>(this Flow<TIn, TOut, TMat> flow, IGraph<SourceShape<TOut>, TMat2> other) =>
        flow.Via(FanInWith(other, () => new Merge<TOut>(2)));

    /// <summary>
    /// Pairs each element with one of <paramref name="other"/>.
    /// <para><b>Emits when</b> both inputs have an element.</para>
    /// <para><b>Backpressures when</b> downstream backpressures.</para>
    /// <para><b>Completes when</b> either input completes.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, (TOut, T2), TMat> Zip<TIn, TOut, T2, TMat, TMat2>(this Flow<TIn, TOut, TMat> flow, IGraph<SourceShape<T2>, TMat2> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return flow.Via(GraphDsl.Create(b =>
        {
            var zip = b.Add(Junctions.Zip.Create<TOut, T2>());
            b.From(other).To(zip.In1);
            return new FlowShape<TOut, (TOut, T2)>(zip.In0, zip.Out);
        }));
    }

    private static IGraph<FlowShape<T, T>, NotUsed> FanInWith<T, TMat2>(IGraph<SourceShape<T>, TMat2> other, Func<IGraph<UniformFanInShape<T, T>, NotUsed>> junction)
    {
        ArgumentNullException.ThrowIfNull(other);
        return GraphDsl.Create(b =>
        {
            var fanIn = b.Add(junction());
            b.From(other).To(fanIn.In(1));
            return new FlowShape<T, T>(fanIn.In(0), fanIn.Out);
        });
    }
}
