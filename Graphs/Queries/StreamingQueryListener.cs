using Sluice.Graphs.Queries.Progress;

namespace Sluice.Graphs.Queries;

/// <summary>Receives the lifecycle events of the queries of a <see cref="StreamingQueryManager"/>. Called from the query's coordinator; keep handlers quick.</summary>
public abstract class StreamingQueryListener
{
    /// <summary>A query started (or restarted).</summary>
    public virtual void OnQueryStarted(StreamingQuery query)
    {
    }

    /// <summary>A batch finished.</summary>
    public virtual void OnQueryProgress(StreamingQuery query, StreamingQueryProgress progress)
    {
    }

    /// <summary>A trigger found nothing to do.</summary>
    public virtual void OnQueryIdle(StreamingQuery query)
    {
    }

    /// <summary>A query stopped; <paramref name="exception"/> is the failure that ended it, or null.</summary>
    public virtual void OnQueryTerminated(StreamingQuery query, Exception? exception)
    {
    }
}
