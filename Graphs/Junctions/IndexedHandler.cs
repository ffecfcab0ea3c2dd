using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Junctions;

/// <summary>A handler that forwards a port's events to its logic together with the port's index.</summary>
internal sealed class IndexedHandler(
    int index,
    Action<int>? onPush = null,
    Action<int>? onUpstreamFinish = null,
    Action<int>? onPull = null,
    Action<int, Exception?>? onDownstreamFinish = null) : PortHandler
{
    public override void OnPush()
    {
        if (onPush is null)
        {
            base.OnPush();
            return;
        }

        onPush(index);
    }

    public override void OnUpstreamFinish()
    {
        if (onUpstreamFinish is null)
        {
            base.OnUpstreamFinish();
            return;
        }

        onUpstreamFinish(index);
    }

    public override void OnPull()
    {
        if (onPull is null)
        {
            base.OnPull();
            return;
        }

        onPull(index);
    }

    public override void OnDownstreamFinish(Exception? cause)
    {
        if (onDownstreamFinish is null)
        {
            base.OnDownstreamFinish(cause);
            return;
        }

        onDownstreamFinish(index, cause);
    }
}
