using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Offsets;

/// <summary>
/// A thread-safe view of one running source's position (materialized by sources that report offsets, such as
/// <c>Source.Rate</c>). <see cref="GetOffsetAsync"/> asks the source on its own thread, so the answer is exact.
/// </summary>
public sealed class SourceOffsetHandle
{
    private AsyncCallback<TaskCompletionSource<SourceOffset?>>? _query;
    private SourceOffset? _last;

    internal SourceOffsetHandle()
    {
    }

    /// <summary>The last offset the source reported before it stopped, or the last one queried.</summary>
    public SourceOffset? LastKnown => Volatile.Read(ref _last);

    /// <summary>The offset of the next element the source will emit (null if it cannot tell); after the source stopped, its final offset.</summary>
    public async Task<SourceOffset?> GetOffsetAsync(CancellationToken cancellationToken = default)
    {
        var query = _query ?? throw new InvalidOperationException("The source is not running yet.");
        var answer = new TaskCompletionSource<SourceOffset?>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await query.InvokeWithFeedback(answer).ConfigureAwait(false);
        }
        catch (StreamDetachedException)
        {
            return LastKnown;
        }

        return await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Binds the handle to its source logic; called by the logic on creation.</summary>
    internal void Bind(AsyncCallback<TaskCompletionSource<SourceOffset?>> query) => _query = query;

    /// <summary>Records the final offset; called by the logic when it stops.</summary>
    internal void Record(SourceOffset? offset) => Volatile.Write(ref _last, offset);
}
