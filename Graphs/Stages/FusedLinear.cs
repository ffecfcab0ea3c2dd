using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>
/// Adjacent Select and Where stages fused into one stage when the DSL composes them (see
/// <see cref="Materialization.LinearFusion"/>): an element crosses the whole chain in one handler instead of one
/// interpreter event per stage, with the same semantics (supervision per element; a failure names the original
/// stage). Implemented by the stages that may take part: <see cref="IFusible{TIn,TOut}"/>.
/// </summary>
internal sealed class FusedLinear<TIn, TOut>(FusedOp<TIn, TOut> op, string name)
    : LinearStage<TIn, TOut>(name), IFusible<TIn, TOut>
{
    public FusedOp<TIn, TOut> Op { get; } = op;

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, Op);

    private sealed class Logic(FusedLinear<TIn, TOut> stage, FusedOp<TIn, TOut> op) : LinearLogic<TIn, TOut>(stage)
    {
        public override void OnPush()
        {
            bool pass;
            TOut result;
            try
            {
                pass = op.TryApply(Grab(In), out result);
            }
            catch (StepFailure e)
            {
                if (e.Supervise(Decider) is { } failure)
                {
                    FailStage(failure);
                }
                else
                {
                    Pull(In);
                }

                return;
            }

            if (pass)
            {
                Push(Out, result);
            }
            else
            {
                Pull(In);
            }
        }
    }
}

/// <summary>A stage that can be fused with a following Select or Where: it can express itself as one step.</summary>
internal interface IFusible<TIn, TOut> : IFusibleTail<TOut>, IFusibleHead
{
    /// <summary>The stage as one step.</summary>
    FusedOp<TIn, TOut> Op { get; }

    string IFusibleHead.StepName => Name;

    (GraphStageLogic Upstream, GraphStageLogic Downstream)? IFusibleHead.CreateFusedBoundary(
        Outlet upstream, int initialCredit, int capacity)
    {
        if (upstream is not Outlet<TIn>)
        {
            return null;
        }

        var channel = new Fusing.BoundaryChannel<TIn>(capacity, initialCredit);
        return (new Fusing.OutputBoundary<TIn>(channel), new Fusing.FusedInputBoundary<TIn, TOut>(channel, Op));
    }

    Materialization.Module IFusibleTail<TOut>.Then<TNext>(IFusible<TOut, TNext> next)
    {
        IGraph<FlowShape<TIn, TNext>, NotUsed> fused =
            new FusedLinear<TIn, TNext>(new FusedOp<TIn, TNext>.Then<TOut>(Op, next.Op), Name + "+" + next.Name);
        return fused.Module;
    }
}

/// <summary>
/// A Select/Where stage (or a fused chain of them) seen without its types: the materializer asks it for an async
/// boundary into it whose downstream half runs the stage's step (<see cref="Fusing.FusedInputBoundary{TIn,TOut}"/>).
/// </summary>
internal interface IFusibleHead
{
    /// <summary>The stage's own name (the name its failures carry).</summary>
    string StepName { get; }

    /// <summary>
    /// The two halves of an async boundary from <paramref name="upstream"/> into this stage, the downstream half doing
    /// this stage's work; null when the outlet's element type is not exactly this stage's input type.
    /// </summary>
    (GraphStageLogic Upstream, GraphStageLogic Downstream)? CreateFusedBoundary(Outlet upstream, int initialCredit, int capacity);
}

/// <summary>The last stage of a chain that a following fusible stage may join (its input type does not matter).</summary>
internal interface IFusibleTail<TOut>
{
    /// <summary>The stage's name (its only attribute).</summary>
    string Name { get; }

    /// <summary>A module of one stage doing this stage's work, then <paramref name="next"/>'s.</summary>
    Materialization.Module Then<TNext>(IFusible<TOut, TNext> next);
}
