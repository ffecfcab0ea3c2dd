using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Junctions;

/// <summary>
/// Fan-in: emits all elements of the first input, then of the second, and so on. An input is not pulled before the
/// previous ones completed.
/// <para><b>Emits when</b> the current input has an element and downstream pulled.</para>
/// <para><b>Backpressures when</b> downstream backpressures.</para>
/// <para><b>Completes when</b> the last input completes.</para>
/// <para><b>Cancels when</b> downstream cancels.</para>
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class Concat<T> : GraphStage<UniformFanInShape<T, T>>
{
    /// <summary>Creates a concatenation of <paramref name="inputs"/> inputs.</summary>
    public Concat(int inputs = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        Shape = new UniformFanInShape<T, T>(
            new Outlet<T>("concat.out"), Enumerable.Range(0, inputs).Select(i => new Inlet<T>($"concat.in{i}")).ToArray());
    }

    /// <inheritdoc />
    public override UniformFanInShape<T, T> Shape { get; }

    /// <inheritdoc />
    protected override Attributes InitialAttributes => Attributes.Create(new Attributes.Name("concat"));

    /// <inheritdoc />
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new SegmentLogic<T>(Shape, int.MaxValue, "concat");
}

/// <summary>
/// Fan-in: takes <c>segmentSize</c> elements from each input in turn; a completed input is skipped.
/// <para><b>Emits when</b> the current input has an element and downstream pulled.</para>
/// <para><b>Backpressures when</b> downstream backpressures.</para>
/// <para><b>Completes when</b> all inputs completed.</para>
/// <para><b>Cancels when</b> downstream cancels.</para>
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class Interleave<T> : GraphStage<UniformFanInShape<T, T>>
{
    private readonly int _segmentSize;

    /// <summary>Creates an interleave of <paramref name="inputs"/> inputs, <paramref name="segmentSize"/> elements at a time.</summary>
    public Interleave(int inputs, int segmentSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentSize, 1);
        _segmentSize = segmentSize;
        Shape = new UniformFanInShape<T, T>(
            new Outlet<T>("interleave.out"), Enumerable.Range(0, inputs).Select(i => new Inlet<T>($"interleave.in{i}")).ToArray());
    }

    /// <inheritdoc />
    public override UniformFanInShape<T, T> Shape { get; }

    /// <inheritdoc />
    protected override Attributes InitialAttributes => Attributes.Create(new Attributes.Name("interleave"));

    /// <inheritdoc />
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new SegmentLogic<T>(Shape, _segmentSize, "interleave");
}

/// <summary>Reads one input at a time, switching after a segment or when the input completes (Concat, Interleave).</summary>
internal sealed class SegmentLogic<T> : GraphStageLogic
{
    private readonly UniformFanInShape<T, T> _shape;
    private readonly int _segmentSize;
    private int _current;
    private int _taken;

    public SegmentLogic(UniformFanInShape<T, T> shape, int segmentSize, string name)
        : base(shape)
    {
        _shape = shape;
        _segmentSize = segmentSize;
        SetHandler(shape.Out, this);
        for (var i = 0; i < shape.Ins.Count; i++)
        {
            SetHandler(shape.Ins[i], new IndexedHandler(i, onPush: OnInput, onUpstreamFinish: OnInputFinish));
        }
    }

    public override void OnPull()
    {
        var inlet = _shape.Ins[_current];
        if (!HasBeenPulled(inlet) && !IsClosed(inlet))
        {
            Pull(inlet);
        }
    }

    private void OnInput(int i)
    {
        Push(_shape.Out, Grab(_shape.Ins[i]));
        if (++_taken >= _segmentSize)
        {
            Advance();
        }
    }

    private void OnInputFinish(int i)
    {
        if (i == _current)
        {
            Advance();
        }
        else if (AllClosed())
        {
            CompleteStage();
        }
    }

    private void Advance()
    {
        _taken = 0;
        var n = _shape.Ins.Count;
        for (var k = 1; k <= n; k++)
        {
            var next = (_current + k) % n;
            if (!IsClosed(_shape.Ins[next]))
            {
                // Concat (infinite segment) only ever moves forward.
                if (_segmentSize == int.MaxValue && next < _current)
                {
                    break;
                }

                _current = next;
                if (IsAvailable(_shape.Out))
                {
                    OnPull();
                }

                return;
            }
        }

        CompleteStage();
    }

    private bool AllClosed()
    {
        foreach (var inlet in _shape.Ins)
        {
            if (!IsClosed(inlet))
            {
                return false;
            }
        }

        return true;
    }
}
