using Sluice.Graphs.Offsets;

namespace Sluice.Graphs.Stage;

public abstract partial class GraphStageLogic
{
    private SourceOffsetHandle? _offsetHandle;

    /// <summary>
    /// Binds <paramref name="handle"/> to this logic so that other threads can read <see cref="CurrentOffset"/>.
    /// Call it in the constructor of a source logic that materializes the handle.
    /// </summary>
    protected void ReportOffsetsTo(SourceOffsetHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        _offsetHandle = handle;
        handle.Bind(GetAsyncCallback<TaskCompletionSource<SourceOffset?>>(answer =>
        {
            var offset = CurrentOffset;
            handle.Record(offset);
            answer.TrySetResult(offset);
        }));
    }

    private void RecordFinalOffset() => _offsetHandle?.Record(CurrentOffset);
}
