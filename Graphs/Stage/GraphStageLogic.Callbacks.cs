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
}
