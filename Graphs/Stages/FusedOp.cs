using System.Runtime.CompilerServices;

namespace Sluice.Graphs.Stages;

/// <summary>
/// One step of a fused chain of Select/Where stages (see <see cref="FusedLinear{TIn,TOut}"/>): maps an element or
/// drops it. Steps are immutable and shared by every materialization. A step whose user code throws rethrows the
/// exception wrapped in <see cref="StepFailure"/> carrying the name of the stage it came from, so the fused stage
/// reports the failure as that stage would have.
/// </summary>
internal abstract class FusedOp<TIn, TOut>
{
    /// <summary>Applies the step: false drops the element.</summary>
    public abstract bool TryApply(TIn input, out TOut output);

    /// <summary>A Select: always passes.</summary>
    internal sealed class Select(Func<TIn, TOut> f, string name) : FusedOp<TIn, TOut>
    {
        public override bool TryApply(TIn input, out TOut output)
        {
            try
            {
                output = f(input);
                return true;
            }
            catch (Exception e)
            {
                throw new StepFailure(name, e);
            }
        }
    }

    /// <summary>Two steps in a row.</summary>
    internal sealed class Then<TMid>(FusedOp<TIn, TMid> first, FusedOp<TMid, TOut> second) : FusedOp<TIn, TOut>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public override bool TryApply(TIn input, out TOut output)
        {
            if (first.TryApply(input, out var mid))
            {
                return second.TryApply(mid, out output);
            }

            output = default!;
            return false;
        }
    }
}

/// <summary>A Where step: passes the element when the predicate holds.</summary>
internal sealed class WhereOp<T>(Func<T, bool> predicate, string name) : FusedOp<T, T>
{
    public override bool TryApply(T input, out T output)
    {
        output = input;
        try
        {
            return predicate(input);
        }
        catch (Exception e)
        {
            throw new StepFailure(name, e);
        }
    }
}

/// <summary>User code of the fused stage <see cref="StageName"/> threw <see cref="Exception.InnerException"/>.</summary>
internal sealed class StepFailure(string stageName, Exception inner) : Exception(inner.Message, inner)
{
    public string StageName { get; } = stageName;

    /// <summary>
    /// Applies <paramref name="decider"/> to the original exception: the failure to fail the fused stage with (naming the
    /// stage that threw) on Stop, null when the element is dropped (Resume and Restart alike: every step is stateless).
    /// </summary>
    public StreamStageException? Supervise(Supervision.Decider decider) =>
        decider(InnerException!) == Supervision.SupervisionDirective.Stop ? new StreamStageException(StageName, InnerException!) : null;
}
