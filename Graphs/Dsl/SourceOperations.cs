using Sluice.Graphs.Stages;

namespace Sluice.Graphs.Dsl;

/// <summary>
/// The operators of <see cref="FlowOperations"/> on sources: each forwards to the same stage through
/// <see cref="Source{TOut,TMat}.Via{TNext,TMat2}"/>. Semantics and docs live with the Flow operator.
/// </summary>
public static partial class SourceOperations
{
    /// <inheritdoc cref="FlowOperations.Select{TIn,TOut,TNext,TMat}"/>
    public static Source<TNext, TMat> Select<TOut, TNext, TMat>(this Source<TOut, TMat> source, Func<TOut, TNext> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return source.Via(new Select<TOut, TNext>(selector));
    }

    /// <inheritdoc cref="FlowOperations.Where{TIn,TOut,TMat}"/>
    public static Source<TOut, TMat> Where<TOut, TMat>(this Source<TOut, TMat> source, Func<TOut, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return source.Via(new Where<TOut>(predicate));
    }
}
