namespace Sluice.Graphs.Stage;

/// <summary>A handler made of delegates, for stages that prefer <c>SetHandler(inlet, onPush: ...)</c>.</summary>
internal sealed class LambdaHandler : PortHandler
{
    private readonly Action? _onPush;
    private readonly Action? _onUpstreamFinish;
    private readonly Action<Exception>? _onUpstreamFailure;
    private readonly Action? _onPull;
    private readonly Action<Exception?>? _onDownstreamFinish;

    public LambdaHandler(
        Action? onPush = null,
        Action? onUpstreamFinish = null,
        Action<Exception>? onUpstreamFailure = null,
        Action? onPull = null,
        Action<Exception?>? onDownstreamFinish = null)
    {
        _onPush = onPush;
        _onUpstreamFinish = onUpstreamFinish;
        _onUpstreamFailure = onUpstreamFailure;
        _onPull = onPull;
        _onDownstreamFinish = onDownstreamFinish;
    }

    public override void OnPush()
    {
        if (_onPush is null)
        {
            base.OnPush();
            return;
        }

        _onPush();
    }

    public override void OnUpstreamFinish()
    {
        if (_onUpstreamFinish is null)
        {
            base.OnUpstreamFinish();
            return;
        }

        _onUpstreamFinish();
    }

    public override void OnUpstreamFailure(Exception cause)
    {
        if (_onUpstreamFailure is null)
        {
            base.OnUpstreamFailure(cause);
            return;
        }

        _onUpstreamFailure(cause);
    }

    public override void OnPull()
    {
        if (_onPull is null)
        {
            base.OnPull();
            return;
        }

        _onPull();
    }

    public override void OnDownstreamFinish(Exception? cause)
    {
        if (_onDownstreamFinish is null)
        {
            base.OnDownstreamFinish(cause);
            return;
        }

        _onDownstreamFinish(cause);
    }
}
