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
}
