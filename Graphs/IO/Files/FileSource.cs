using Sluice.Graphs.Offsets;
using Sluice.Graphs.Stage;
using Sluice.Graphs.Stages;

namespace Sluice.Graphs.IO.Files;

/// <summary>
/// Emits the records of new files in a directory (Spark's file source), polling it every
/// <see cref="FileSourceSettings.PollInterval"/> on the materializer's clock.
/// Emits when a record of an admitted file is read and downstream pulled. Backpressures when downstream does not
/// pull (files are neither read nor scanned). Completes never: it keeps watching the directory. Fails on a
/// missing directory or, under <see cref="BadRecordPolicy.Fail"/>, on a malformed record. Cancels when
/// downstream cancels. Offset: <see cref="FileSourceOffset"/>; a run started from one resumes after it.
/// </summary>
internal sealed class FileSource<T>(FileSourceSettings settings, FileSourceOffset? startFrom) : SourceStage<T, SourceOffsetHandle>("file-source")
{
    public override (GraphStageLogic Logic, SourceOffsetHandle MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var handle = new SourceOffsetHandle();
        return (new Logic(this, handle), handle);
    }

#pragma warning disable CA1001 // The reader is disposed by DisposeReaderAsync, which the base calls once the stage stopped.
    private sealed class Logic : ReadingSourceLogic<T>
    {
        private readonly FileSource<T> _stage;
        private FileDirectoryReader<T>? _reader;
        private FileDirectoryReader<T>.FilePosition _readPosition;
        private FileDirectoryReader<T>.FilePosition _position;

        public Logic(FileSource<T> stage, SourceOffsetHandle handle)
            : base(stage.Shape)
        {
            _stage = stage;
            var start = stage.StartFrom ?? FileSourceOffset.Start;
            _position = new([.. start.CompletedFiles], start.CurrentFile, start.CurrentFileRecords);
            ReportOffsetsTo(handle);
        }

        public override SourceOffset CurrentOffset => _position.ToOffset();

        public override void PreStart() => _reader = new FileDirectoryReader<T>(_stage.Settings, TimeProvider, _stage.StartFrom);

        protected override async ValueTask<Pulled<T>> ReadAsync(CancellationToken cancellationToken)
        {
            var reader = _reader!;
            var record = await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false);
            if (record is null && (await reader.ScanAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
            {
                record = await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false);
            }

            // Taken here, right after the read and before any other, so it matches the element being delivered.
            _readPosition = reader.Position;
            return record is { } r ? Pulled<T>.Of(r.Value) : Pulled<T>.Later(_stage.Settings.PollInterval);
        }

        protected override void OnReadCompleted() => _position = _readPosition;

        protected override ValueTask DisposeReaderAsync() => _reader?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

#pragma warning restore CA1001

    public FileSourceSettings Settings { get; } = settings;

    public FileSourceOffset? StartFrom { get; } = startFrom;
}
