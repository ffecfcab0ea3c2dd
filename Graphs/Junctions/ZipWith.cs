using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Junctions;

/// <summary>
/// Fan-in: combines one element from each input with a function.
/// <para><b>Emits when</b> both inputs have an element and downstream pulled.</para>
/// <para><b>Backpressures when</b> downstream backpressures.</para>
/// <para><b>Completes when</b> any input completes with no element waiting.</para>
/// <para><b>Cancels when</b> downstream cancels.</para>
/// </summary>
/// <typeparam name="T0">The first input type.</typeparam>
/// <typeparam name="T1">The second input type.</typeparam>
/// <typeparam name="TOut">The output type.</typeparam>
public sealed class ZipWith<T0, T1, TOut> : GraphStage<FanInShape2<T0, T1, TOut>>
{
    private readonly Func<T0, T1, TOut> _zipper;

    /// <summary>Creates the junction with <paramref name="zipper"/>.</summary>
    public ZipWith(Func<T0, T1, TOut> zipper)
    {
        _zipper = zipper ?? throw new ArgumentNullException(nameof(zipper));
        Shape = new FanInShape2<T0, T1, TOut>(new Inlet<T0>("zip.in0"), new Inlet<T1>("zip.in1"), new Outlet<TOut>("zip.out"));
    }

    /// <inheritdoc />
    public override FanInShape2<T0, T1, TOut> Shape { get; }

    /// <inheritdoc />
    protected override Attributes InitialAttributes => Attributes.Create(new Attributes.Name("zip-with"));

    /// <inheritdoc />
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : GraphStageLogic
    {
        private readonly FanInShape2<T0, T1, TOut> _shape;
        private readonly Func<T0, T1, TOut> _zipper;

        public Logic(ZipWith<T0, T1, TOut> stage)
            : base(stage.Shape)
        {
            _shape = stage.Shape;
            _zipper = stage._zipper;
            SetHandler(_shape.Out, this);
            SetHandler(_shape.In0, new IndexedHandler(0, onPush: _ => TryZip(), onUpstreamFinish: _ => OnFinish(_shape.In0)));
            SetHandler(_shape.In1, new IndexedHandler(1, onPush: _ => TryZip(), onUpstreamFinish: _ => OnFinish(_shape.In1)));
        }

        public override void OnPull()
        {
            if (!IsAvailable(_shape.In0) && !HasBeenPulled(_shape.In0))
            {
                Pull(_shape.In0);
            }

            if (!IsAvailable(_shape.In1) && !HasBeenPulled(_shape.In1))
            {
                Pull(_shape.In1);
            }
        }

        private void TryZip()
        {
            if (!IsAvailable(_shape.In0) || !IsAvailable(_shape.In1))
            {
                return;
            }

            Push(_shape.Out, _zipper(Grab(_shape.In0), Grab(_shape.In1)));
            if (IsClosed(_shape.In0) || IsClosed(_shape.In1))
            {
                CompleteStage();
            }
        }

        private void OnFinish(Inlet inlet)
        {
            if (!IsAvailable(inlet))
            {
                CompleteStage();
            }
        }
    }
}

/// <summary>Factory for <see cref="ZipWith{T0,T1,TOut}"/> producing tuples.</summary>
public static class Zip
{
    /// <summary>A junction zipping two inputs into tuples.</summary>
    public static ZipWith<T0, T1, (T0, T1)> Create<T0, T1>() => new(static (a, b) => (a, b));
}
