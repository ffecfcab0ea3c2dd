namespace Sluice.Graphs.Stage;

public abstract partial class GraphStageLogic
{
    /// <summary>
    /// Creates a callback other threads may invoke; <paramref name="handler"/> then runs on this stage's thread.
    /// Create it in the constructor or in PreStart.
    /// </summary>
    protected AsyncCallback<T> GetAsyncCallback<T>(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new AsyncCallback<T>(this, handler);
    }

    /// <summary>Creates a parameterless callback other threads may invoke.</summary>
    protected AsyncCallback<NotUsed> GetAsyncCallback(Action handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new AsyncCallback<NotUsed>(this, _ => handler());
    }

    /// <summary>For helpers of this assembly that act on behalf of this logic.</summary>
    internal AsyncCallback<T> CreateCallback<T>(Action<T> handler) => new(this, handler);

    /// <summary>The materializer running this logic, for helpers that start substreams.</summary>
    internal Materializer RunningMaterializer => Interpreter.Materializer;

    private readonly object _attachGate = new();
    private List<Fusing.IslandEvent>? _early;
    private volatile bool _attached;

    /// <summary>Posts an event from another thread; events posted while the graph is still being materialized wait for its island.</summary>
    internal void PostExternal(Fusing.IslandEvent e)
    {
        if (!_attached)
        {
            lock (_attachGate)
            {
                if (!_attached)
                {
                    (_early ??= []).Add(e);
                    return;
                }
            }
        }

        Interpreter.Shell.Post(e);
    }

    /// <summary>Marks the logic as attached to its island; returns the events posted before.</summary>
    internal List<Fusing.IslandEvent> Attach()
    {
        lock (_attachGate)
        {
            _attached = true;
            var early = _early ?? [];
            _early = null;
            return early;
        }
    }
}
