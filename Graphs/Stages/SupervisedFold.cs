using Sluice.Graphs.Supervision;

namespace Sluice.Graphs.Stages;

/// <summary>
/// The accumulator of the fold operators (Aggregate, Scan, Sink.Aggregate) with their shared supervision rule: when the
/// folding function throws, the decider chooses; Restart goes back to the seed, Resume keeps the accumulator, both drop
/// the element; Stop is left to the stage (each fails in its own way). A mutable struct: keep it in a non-readonly field.
/// </summary>
internal struct SupervisedFold<TIn, TAcc>
{
    private readonly TAcc _seed;
    private readonly Func<TAcc, TIn, TAcc> _f;

    public SupervisedFold(TAcc seed, Func<TAcc, TIn, TAcc> f)
    {
        _seed = seed;
        _f = f;
        Acc = seed;
    }

    /// <summary>The accumulated value.</summary>
    public TAcc Acc;

    /// <summary>Folds <paramref name="element"/> in; on an exception applies <paramref name="decider"/> and returns what happened.</summary>
    public FoldStep Step(TIn element, Decider decider, out Exception? failure)
    {
        failure = null;
        try
        {
            Acc = _f(Acc, element);
            return FoldStep.Applied;
        }
        catch (Exception e)
        {
            switch (decider(e))
            {
                case SupervisionDirective.Stop:
                    failure = e;
                    return FoldStep.Stopped;
                case SupervisionDirective.Restart:
                    Acc = _seed;
                    break;
            }

            return FoldStep.Dropped;
        }
    }
}

/// <summary>The outcome of <see cref="SupervisedFold{TIn,TAcc}.Step"/>.</summary>
internal enum FoldStep
{
    /// <summary>The element was folded in.</summary>
    Applied,

    /// <summary>The function threw and the decider resumed or restarted: the element is dropped.</summary>
    Dropped,

    /// <summary>The function threw and the decider stopped: the stage must fail.</summary>
    Stopped,
}
