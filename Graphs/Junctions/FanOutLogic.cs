using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Junctions;

/// <summary>
/// Base of the fan-out logics that route each element to one output (Balance, Partition): handles the inlet itself,
/// gives every outlet an indexed handler, counts the open outputs and cancels the stage when the last one cancels.
/// </summary>
internal abstract class FanOutLogic<T> : GraphStageLogic
{
    private int _open;

    protected FanOutLogic(UniformFanOutShape<T, T> shape)
        : base(shape)
    {
        FanOut = shape;
        _open = shape.Outs.Count;
        SetHandler(shape.In, this);
        for (var i = 0; i < shape.Outs.Count; i++)
        {
            SetHandler(shape.Outs[i], new IndexedHandler(i, onPull: OnOutputPull, onDownstreamFinish: OnOutputFinish));
        }
    }

    /// <summary>The shape's ports.</summary>
    protected UniformFanOutShape<T, T> FanOut { get; }

    /// <summary>The outlets of a fan-out junction called <paramref name="name"/>: name.out0, name.out1, ...</summary>
    public static Outlet<T>[] CreateOutlets(string name, int count)
    {
        var outlets = new Outlet<T>[count];
        for (var i = 0; i < count; i++)
        {
            outlets[i] = new Outlet<T>(FormattableString.Invariant($"{name}.out{i}"));
        }

        return outlets;
    }

    /// <summary>Output <paramref name="index"/> pulled.</summary>
    protected abstract void OnOutputPull(int index);

    /// <summary>Output <paramref name="index"/> cancelled while other outputs are still open.</summary>
    protected abstract void OnOutputCancelled(int index);

    private void OnOutputFinish(int index, Exception? cause)
    {
        if (--_open == 0)
        {
            CancelStage(cause);
            return;
        }

        OnOutputCancelled(index);
    }
}
