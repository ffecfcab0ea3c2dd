using Sluice.Graphs.Offsets;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Emits the elements of an enumerable, one per pull; reports the count emitted as its offset.</summary>
internal sealed class EnumerableSource<T>(IEnumerable<T> elements) : SourceStage<T>("from-enumerable"), IFusibleTail<T>
{
    /// <summary>This source with a following Select/Where fused in (see <see cref="FusedEnumerableSource{TSrc,TOut}"/>).</summary>
    public Materialization.Module Then<TNext>(IFusible<T, TNext> next)
    {
        IGraph<SourceShape<TNext>, NotUsed> fused = new FusedEnumerableSource<T, TNext>(elements, next.Op, Name + "+" + next.Name);
        return fused.Module;
    }

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, elements);

    private sealed class Logic : GraphStageLogic
    {
        private readonly Outlet<T> _out;
        private readonly IEnumerable<T> _elements;
        private IEnumerator<T>? _enumerator;
        private long _emitted;

        public Logic(EnumerableSource<T> stage, IEnumerable<T> elements)
            : base(stage.Shape)
        {
            _out = stage.Out;
            _elements = elements;
            SetHandler(_out, this);
        }

        public override SourceOffset? CurrentOffset => new LongOffset(_emitted);

        public override void PreStart() => _enumerator = _elements.GetEnumerator();

        public override void OnPull()
        {
            var e = _enumerator!;
            if (e.MoveNext())
            {
                _emitted++;
                Push(_out, e.Current);
            }
            else
            {
                CompleteStage();
            }
        }

        public override void PostStop() => _enumerator?.Dispose();
    }
}
