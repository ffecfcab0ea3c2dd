using Sluice.Graphs.Offsets;
using Sluice.Graphs.Stage;
using Sluice.Graphs.Stages;

namespace Sluice.Graphs.IO.Sockets;

/// <summary>
/// Emits the text lines a TCP server sends (Spark's socket source).
/// Emits when a line has arrived and downstream pulled. Backpressures when downstream does not pull (the socket
/// is not read, so TCP flow control slows the sender). Completes when the server closes the connection (without
/// reconnection). Cancels when downstream cancels: the connection is closed.
/// Offset: <see cref="LongOffset"/>, the number of lines emitted (a socket cannot seek).
/// </summary>
internal sealed class SocketSource(SocketSourceSettings settings) : SourceStage<string, SourceOffsetHandle>("socket-source")
{
    public override (GraphStageLogic Logic, SourceOffsetHandle MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var handle = new SourceOffsetHandle();
        return (new Logic(this, settings, handle), handle);
    }

#pragma warning disable CA1001 // The reader is disposed by DisposeReaderAsync, which the base calls once the stage stopped.
    private sealed class Logic : ReadingSourceLogic<string>
    {
        private readonly SocketSourceSettings _settings;
        private SocketLineReader? _reader;
        private long _emitted;

        public Logic(SocketSource stage, SocketSourceSettings settings, SourceOffsetHandle handle)
            : base(stage.Shape)
        {
            _settings = settings;
            ReportOffsetsTo(handle);
        }

        public override SourceOffset CurrentOffset => new LongOffset(_emitted);

        public override void PreStart() => _reader = new SocketLineReader(_settings, TimeProvider);

        protected override async ValueTask<Pulled<string>> ReadAsync(CancellationToken cancellationToken) =>
            await _reader!.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line
                ? Pulled<string>.Of(line)
                : Pulled<string>.End;

        protected override void OnReadCompleted() => _emitted = _reader!.LinesReceived;

        protected override ValueTask DisposeReaderAsync() => _reader?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
#pragma warning restore CA1001
}
