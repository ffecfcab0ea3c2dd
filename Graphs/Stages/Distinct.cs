using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Drops an element whose key equals the key of one of the last n elements passed.</summary>
internal sealed class Distinct<T, TKey>(Func<T, TKey> keySelector, int window, IEqualityComparer<TKey>? comparer)
    : LinearStage<T, T>("distinct")
{
    public IEqualityComparer<TKey>? Comparer { get; } = comparer;
    public Func<T, TKey> KeySelector { get; } = keySelector;
    public int Window { get; } = window;

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic(Distinct<T, TKey> stage) : LinearLogic<T, T>(stage)
    {
        private readonly HashSet<TKey> _seen = new(stage.Comparer);
        private readonly Queue<TKey> _order = new();

        public override void OnPush()
        {
            var element = Grab(In);
            var key = stage.KeySelector(element);
            if (_seen.Contains(key))
            {
                Pull(In);
                return;
            }

            _seen.Add(key);
            _order.Enqueue(key);
            if (_order.Count > stage.Window)
            {
                _seen.Remove(_order.Dequeue());
            }

            Push(Out, element);
        }
    }
}
