namespace Sluice.Graphs.Stage;

public abstract partial class GraphStageLogic
{
    private object?[]? _emitters;

    /// <summary>
    /// Pushes <paramref name="element"/> as soon as <paramref name="outlet"/> is pulled (now if it already is), then
    /// runs <paramref name="andThen"/>. While elements wait, the outlet's handler is temporarily replaced; completing
    /// the outlet waits for them.
    /// </summary>
    protected void Emit<T>(Outlet<T> outlet, T element, Action? andThen = null)
    {
        var emitter = EmitterFor(outlet);
        if (!emitter.IsActive && IsAvailable(outlet))
        {
            Push(outlet, element);
            andThen?.Invoke();
            return;
        }

        if (IsClosed(outlet))
        {
            return;
        }

        emitter.Enqueue(element, andThen);
    }

    /// <summary>Emits every element of <paramref name="elements"/> in order, then runs <paramref name="andThen"/>.</summary>
    protected void EmitMultiple<T>(Outlet<T> outlet, IEnumerable<T> elements, Action? andThen = null)
    {
        ArgumentNullException.ThrowIfNull(elements);
        using var e = elements.GetEnumerator();
        if (!e.MoveNext())
        {
            andThen?.Invoke();
            return;
        }

        var current = e.Current;
        while (e.MoveNext())
        {
            Emit(outlet, current);
            current = e.Current;
        }

        Emit(outlet, current, andThen);
    }

    /// <summary>Whether elements are waiting to be emitted on <paramref name="outlet"/>.</summary>
    protected bool IsEmitting(Outlet outlet) => _emitters?[outlet.Id] is IEmitter { IsActive: true };

    private Emitter<T> EmitterFor<T>(Outlet<T> outlet)
    {
        _emitters ??= new object?[OutConns.Length];
        if (_emitters[outlet.Id] is Emitter<T> existing)
        {
            return existing;
        }

        var created = new Emitter<T>(this, outlet);
        _emitters[outlet.Id] = created;
        return created;
    }

    private interface IEmitter
    {
        bool IsActive { get; }

        bool CompleteAfter { get; set; }

        PortHandler Previous { get; set; }

        void Abandon();
    }

    /// <summary>The temporary out-handler of an outlet with elements waiting; reused for the life of the logic.</summary>
    private sealed class Emitter<T> : OutHandler, IEmitter
    {
        private readonly GraphStageLogic _logic;
        private readonly Outlet<T> _outlet;
        private readonly Queue<(T Element, Action? AndThen)> _pending = new();

        public Emitter(GraphStageLogic logic, Outlet<T> outlet)
        {
            _logic = logic;
            _outlet = outlet;
            OwnerLogic = logic;
        }

        public bool IsActive { get; private set; }

        public bool CompleteAfter { get; set; }

        public PortHandler Previous { get; set; } = null!;

        public void Enqueue(T element, Action? andThen)
        {
            if (!IsActive)
            {
                IsActive = true;
                Previous = _logic._outHandlers[_outlet.Id]!;
                _logic.SetOutHandlerRaw(_outlet.Id, this);
            }

            _pending.Enqueue((element, andThen));
        }

        public override void OnPull()
        {
            var (element, andThen) = _pending.Dequeue();
            _logic.Push(_outlet, element);
            if (_pending.Count == 0)
            {
                Deactivate();
            }

            andThen?.Invoke();
        }

        private void Deactivate()
        {
            IsActive = false;
            _logic.SetOutHandlerRaw(_outlet.Id, Previous);
            if (CompleteAfter)
            {
                CompleteAfter = false;
                _logic.Complete(_outlet);
            }
        }

        public override void OnDownstreamFinish(Exception? cause)
        {
            Abandon();
            Previous.OnDownstreamFinish(cause);
        }

        public void Abandon()
        {
            _pending.Clear();
            CompleteAfter = false;
            if (IsActive)
            {
                IsActive = false;
                _logic.SetOutHandlerRaw(_outlet.Id, Previous);
            }
        }
    }
}
