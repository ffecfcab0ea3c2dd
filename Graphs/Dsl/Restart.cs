using Sluice.Graphs.Stages;

namespace Sluice.Graphs.Dsl;

/// <summary>Wraps a source so that it is started again, with exponential backoff, when it completes or fails.</summary>
public static class RestartSource
{
    /// <summary>
    /// Restarts the source from <paramref name="factory"/> whenever it completes or fails (a new source per start),
    /// waiting as <paramref name="settings"/> say. Completes when downstream cancels or restarts run out (then fails
    /// with the last failure, or completes).
    /// <para><b>Emits when</b> the current source emits.</para>
    /// <para><b>Backpressures when</b> downstream backpressures.</para>
    /// <para><b>Completes when</b> restarts run out after a completion.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Source<T, NotUsed> WithBackoff<T, TMat>(Func<Source<T, TMat>> factory, RestartSettings settings)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return Source.FromGraph(new RestartSourceStage<T, TMat>(factory, settings, onlyOnFailures: false));
    }

    /// <summary>Like <see cref="WithBackoff{T,TMat}"/>, but restarts only after failures; completion completes the stream.</summary>
    public static Source<T, NotUsed> OnFailuresWithBackoff<T, TMat>(Func<Source<T, TMat>> factory, RestartSettings settings)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return Source.FromGraph(new RestartSourceStage<T, TMat>(factory, settings, onlyOnFailures: true));
    }
}

/// <summary>Wraps a flow so that it is started again, with exponential backoff, when it completes or fails.</summary>
public static class RestartFlow
{
    /// <summary>
    /// Restarts the flow from <paramref name="factory"/> whenever it completes or fails while upstream still runs.
    /// Elements in flight inside the failed flow are lost.
    /// <para><b>Emits when</b> the current flow emits.</para>
    /// <para><b>Backpressures when</b> downstream backpressures, or the flow is being restarted.</para>
    /// <para><b>Completes when</b> upstream completes and the flow finished, or restarts run out.</para>
    /// <para><b>Cancels when</b> downstream cancels.</para>
    /// </summary>
    public static Flow<TIn, TOut, NotUsed> WithBackoff<TIn, TOut, TMat>(Func<Flow<TIn, TOut, TMat>> factory, RestartSettings settings)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return Flow.FromGraph(new RestartFlowStage<TIn, TOut, TMat>(factory, settings));
    }
}

/// <summary>Wraps a sink so that it is started again, with exponential backoff, when it cancels or fails.</summary>
public static class RestartSink
{
    /// <summary>
    /// Restarts the sink from <paramref name="factory"/> whenever it cancels or fails while upstream still runs.
    /// <para><b>Backpressures when</b> the current sink backpressures, or it is being restarted.</para>
    /// <para><b>Cancels when</b> restarts run out.</para>
    /// </summary>
    public static Sink<T, NotUsed> WithBackoff<T, TMat>(Func<Sink<T, TMat>> factory, RestartSettings settings)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return Sink.FromGraph(new RestartSinkStage<T, TMat>(factory, settings));
    }
}
