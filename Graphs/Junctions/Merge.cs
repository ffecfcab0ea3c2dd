using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Junctions;

/// <summary>
/// Fan-in: emits elements from all inputs as they arrive (first come, first served).
/// <para><b>Emits when</b> any input has an element and downstream pulled.</para>
/// <para><b>Backpressures when</b> downstream backpressures.</para>
/// <para><b>Completes when</b> all inputs completed (or any one with <c>eagerComplete</c>).</para>
/// <para><b>Cancels when</b> downstream cancels.</para>
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class Merge<T> : GraphStage<UniformFanInShape<T, T>>
{
    private readonly bool _eagerComplete;

    /// <summary>Creates a merge of <paramref name="inputs"/> inputs.</summary>
    public Merge(int inputs, bool eagerComplete = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        _eagerComplete = eagerComplete;
        Shape = new UniformFanInShape<T, T>(
            new Outlet<T>("merge.out"), Enumerable.Range(0, inputs).Select(i => new Inlet<T>($"merge.in{i}")).ToArray());
    }

    /// <inheritdoc />
    public override UniformFanInShape<T, T> Shape { get; }

    /// <inheritdoc />
    protected override Attributes InitialAttributes => Attributes.Create(new Attributes.Name("merge"));

    /// <inheritdoc />
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) =>
        new MergeLogic<T>(Shape, Shape.Ins, null, _eagerComplete);
}

/// <summary>The logic of Merge and MergePreferred: every input is kept pulled; ready inputs wait in arrival order.</summary>
internal sealed class MergeLogic<T> : GraphStageLogic
{
    private readonly Outlet<T> _out;
    private readonly IReadOnlyList<Inlet<T>> _ins;
    private readonly Inlet<T>? _preferred;
    private readonly bool _eagerComplete;
    private readonly Queue<Inlet<T>> _ready = new();
    private int _running;

    public MergeLogic(Shape shape, IReadOnlyList<Inlet<T>> ins, Inlet<T>? preferred, bool eagerComplete)
        : base(shape)
    {
        _out = (Outlet<T>)shape.Outlets[0];
        _ins = ins;
        _preferred = preferred;
        _eagerComplete = eagerComplete;
        _running = ins.Count + (preferred is null ? 0 : 1);
        SetHandler(_out, this);
        for (var i = 0; i < ins.Count; i++)
        {
            var inlet = ins[i];
            SetHandler(inlet, new IndexedHandler(i, onPush: _ => OnInput(inlet), onUpstreamFinish: _ => OnInputFinish()));
        }

        if (preferred is not null)
        {
            SetHandler(preferred, new IndexedHandler(-1, onPush: _ => OnInput(preferred), onUpstreamFinish: _ => OnInputFinish()));
        }
    }

    public override void PreStart()
    {
        if (_preferred is not null)
        {
            Pull(_preferred);
        }

        foreach (var inlet in _ins)
        {
            Pull(inlet);
        }
    }

    private void OnInput(Inlet<T> inlet)
    {
        if (IsAvailable(_out) && _ready.Count == 0)
        {
            Forward(inlet);
        }
        else if (inlet != _preferred)
        {
            _ready.Enqueue(inlet);
        }
    }

    private void Forward(Inlet<T> inlet)
    {
        Push(_out, Grab(inlet));
        if (!IsClosed(inlet))
        {
            Pull(inlet);
        }

        FinishIfDone();
    }

    public override void OnPull()
    {
        if (_preferred is not null && IsAvailable(_preferred))
        {
            Forward(_preferred);
        }
        else if (_ready.Count > 0)
        {
            Forward(_ready.Dequeue());
        }
    }

    private void OnInputFinish()
    {
        _running--;
        if (_eagerComplete)
        {
            // Elements already arrived are dropped: eager completion means "stop as soon as one input ends".
            CompleteStage();
            return;
        }

        FinishIfDone();
    }

    private void FinishIfDone()
    {
        if (_running == 0 && _ready.Count == 0 && (_preferred is null || !IsAvailable(_preferred)))
        {
            CompleteStage();
        }
    }
}
