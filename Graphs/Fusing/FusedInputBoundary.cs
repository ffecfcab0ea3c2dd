using System.Runtime.CompilerServices;
using Sluice.Graphs.Stage;
using Sluice.Graphs.Stages;

namespace Sluice.Graphs.Fusing;

/// <summary>
/// The downstream half of an async boundary with the Select/Where stage behind it fused in (the materializer does this
/// when that stage is a plain <see cref="IFusibleHead"/>): one pull takes elements from the ring and runs the step
/// until one passes, so the stage costs no interpreter event of its own and a dropped element costs none at all. The
/// semantics are the stage's: supervision per element with the stage's decider, a failure names the stage and cancels
/// upstream with it. After <see cref="MaxSkipsPerPull"/> dropped elements in a row the pull is redelivered as a new
/// event, so that callbacks and kill switches still get their turn.
/// </summary>
/// <typeparam name="TIn">The element type of the ring.</typeparam>
/// <typeparam name="TOut">The element type the fused stage emits.</typeparam>
internal sealed class FusedInputBoundary<TIn, TOut> : BoundaryReader<TIn>
{
    private const int MaxSkipsPerPull = 256;
    private readonly Outlet<TOut> _out;
    private readonly FusedOp<TIn, TOut> _op;

    public FusedInputBoundary(BoundaryChannel<TIn> channel, FusedOp<TIn, TOut> op)
        : this(channel, op, new Outlet<TOut>("async.out"))
    {
    }

    private FusedInputBoundary(BoundaryChannel<TIn> channel, FusedOp<TIn, TOut> op, Outlet<TOut> outlet)
        : base(channel, new SourceShape<TOut>(outlet), outlet)
    {
        _out = outlet;
        _op = op;
    }

    protected override void Deliver(bool inline)
    {
        var op = _op;
        for (var skipped = 0; skipped < MaxSkipsPerPull; skipped++)
        {
            if (!TryTake(out var element))
            {
                return;
            }

            bool pass;
            TOut result;
            try
            {
                pass = op.TryApply(element, out result);
            }
            catch (StepFailure step)
            {
                if (step.Supervise(Decider) is { } failure)
                {
                    CancelUpstream(failure);
                    FailStage(failure);
                    return;
                }

                continue;
            }

            if (!pass)
            {
                continue;
            }

            if (!inline)
            {
                Push(_out, result);
                FinishIfDrained();
                return;
            }

            // Last: downstream's OnPush runs nested here and may throw; the ring's bookkeeping is already done. When
            // downstream pulls again at once, go on here (GraphInterpreter.TakeChasedPull), as InputBoundary does.
            var c = Unsafe.As<Connection<TOut>>(OutConnection);
            PushNowOn(c, _out, result);
            if (!Interpreter.TakeChasedPull(c))
            {
                FinishIfDrained();
                return;
            }

            skipped = -1;
        }

        RedeliverPull(_out);
    }
}
