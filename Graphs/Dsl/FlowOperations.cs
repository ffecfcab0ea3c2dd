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
    /// Transforms each element with <paramref name="selector"/>. Honours supervision.
    /// <para><b>Emits when</b> the selector returns for an element.</para>
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
}
