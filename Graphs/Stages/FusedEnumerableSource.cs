using Sluice.Graphs.Offsets;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>
/// <c>Source.From(enumerable)</c> with the Select/Where stages that followed it fused in (see
/// <see cref="Materialization.LinearFusion"/>): one pull runs the enumerator and the steps until an element passes, so a
/// dropped element costs no interpreter event at all. Semantics are those of the separate stages: supervision per
/// element, a failure names the stage that threw. After <see cref="MaxSkipsPerPull"/> dropped elements in a row the
/// stage yields (the pull is redelivered as a new event) so that callbacks and kill switches still get their turn.
/// The offset is the number of source elements consumed, which is where a rerun of the same pipeline resumes.
/// </summary>
internal sealed class FusedEnumerableSource<TSrc, TOut>(IEnumerable<TSrc> elements, FusedOp<TSrc, TOut> op, string name)
    : SourceStage<TOut>(name), IFusibleTail<TOut>
{
    private const int MaxSkipsPerPull = 256;
    private readonly IEnumerable<TSrc> _elements = elements;
    private readonly FusedOp<TSrc, TOut> _op = op;

    public Materialization.Module Then<TNext>(IFusible<TOut, TNext> next)
    {
        IGraph<SourceShape<TNext>, NotUsed> fused = new FusedEnumerableSource<TSrc, TNext>(
            _elements, new FusedOp<TSrc, TNext>.Then<TOut>(_op, next.Op), Name + "+" + next.Name);
        return fused.Module;
    }

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : GraphStageLogic
    {
        private readonly FusedEnumerableSource<TSrc, TOut> _stage;
        private readonly Outlet<TOut> _out;
        private readonly FusedOp<TSrc, TOut> _op;
        private IEnumerator<TSrc>? _enumerator;
        private long _consumed;

        public Logic(FusedEnumerableSource<TSrc, TOut> stage)
            : base(stage.Shape)
        {
            _stage = stage;
            _out = stage.Out;
            _op = stage._op;
            SetHandler(_out, this);
        }

        public override SourceOffset? CurrentOffset => new LongOffset(_consumed);

        public override void PreStart() => _enumerator = _stage._elements.GetEnumerator();

        public override void OnPull()
        {
            var e = _enumerator!;
            for (var skipped = 0; skipped < MaxSkipsPerPull; skipped++)
            {
                if (!e.MoveNext())
                {
                    CompleteStage();
                    return;
                }

                _consumed++;
                bool pass;
                TOut result;
                try
                {
                    pass = _op.TryApply(e.Current, out result);
                }
                catch (StepFailure step)
                {
                    if (step.Supervise(Decider) is { } failure)
                    {
                        FailStage(failure);
                        return;
                    }

                    continue;
                }

                if (pass)
                {
                    Push(_out, result);
                    return;
                }
            }

            RedeliverPull(_out);
        }

        public override void PostStop() => _enumerator?.Dispose();
    }
}
